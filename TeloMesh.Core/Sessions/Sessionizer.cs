using TeloMesh.Core.Events;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Sessions;

/// <summary>
/// Groups events into sessions (SPEC.md section 2). Rows with a session id belong to that session; rows without one
/// (no <c>session_id</c> column, or an empty cell) are split per user by the gap rule and named
/// <c>session_{user_id}_{NN}</c>. Steps are ordered by timestamp, equal timestamps keeping input order.
/// Sessions are returned in code point order of their ids, the order every output file uses.
/// </summary>
public static class Sessionizer
{
    public static SessionSet Build(EventTable events, SessionOptions? options = null)
    {
        options ??= SessionOptions.Default;
        var gapTicks = options.Gap.Ticks;
        var sessions = new List<(string Id, int[] Rows)>();

        // Rows grouped by given session id, and the rest grouped by user, each group in input order.
        var given = events.HasSessionIds ? GroupRows(events.SessionIds, events.Sessions!.Count) : [];
        var byUser = GroupRows(events.UserIds, events.Users.Count, events.HasSessionIds ? events.SessionIds : default);

        for (var s = 0; s < given.Length; s++)
        {
            if (given[s].Count == 0) continue;
            var rows = given[s].ToArray();
            SortByTime(rows, events.Ticks);
            sessions.Add((events.Sessions![s], rows));
        }
        var ticks = events.Ticks;
        for (var u = 0; u < byUser.Length; u++)
        {
            if (byUser[u].Count == 0) continue;
            var rows = byUser[u].ToArray();
            SortByTime(rows, ticks);
            var start = 0;
            var number = 0;
            for (var i = 1; i <= rows.Length; i++)
            {
                if (i < rows.Length && ticks[rows[i]] - ticks[rows[i - 1]] <= gapTicks) continue;
                sessions.Add((SessionName(events.Users[u], number++), rows[start..i]));
                start = i;
            }
        }

        var order = Enumerable.Range(0, sessions.Count).ToArray();
        var ids = sessions.Select(s => s.Id).ToArray();
        Array.Sort(ids, order, CodePointComparer.Instance);
        var offsets = new int[sessions.Count + 1];
        var steps = new int[events.Count];
        var users = new int[sessions.Count];
        var userIds = events.UserIds;
        var position = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var rows = sessions[order[k]].Rows;
            offsets[k] = position;
            rows.CopyTo(steps, position);
            position += rows.Length;
            users[k] = userIds[rows[0]];
        }
        offsets[^1] = position;
        return new SessionSet(events, ids, users, offsets, steps);
    }

    /// <summary>The id the gap rule gives a user's session: <c>session_{user}_{NN}</c>, NN from 00 (more digits past 99).</summary>
    public static string SessionName(string userId, int number) => $"session_{userId}_{number:00}";

    /// <summary>Row indexes grouped by key, in input order. Rows where <paramref name="only"/> is not -1 are left out.</summary>
    private static List<int>[] GroupRows(ReadOnlySpan<int> keys, int keyCount, ReadOnlySpan<int> only = default)
    {
        var groups = new List<int>[keyCount];
        for (var k = 0; k < keyCount; k++) groups[k] = [];
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] < 0 || (!only.IsEmpty && only[i] >= 0)) continue;
            groups[keys[i]].Add(i);
        }
        return groups;
    }

    /// <summary>Stable sort of rows (already in input order) by timestamp; most inputs are sorted, so check first.</summary>
    private static void SortByTime(int[] rows, ReadOnlySpan<long> ticks)
    {
        var sorted = true;
        for (var i = 1; i < rows.Length && sorted; i++)
            sorted = ticks[rows[i - 1]] <= ticks[rows[i]];
        if (sorted) return;
        var keys = new (long Ticks, int Row)[rows.Length];
        for (var i = 0; i < rows.Length; i++) keys[i] = (ticks[rows[i]], rows[i]);
        Array.Sort(keys); // (ticks, row) is unique, so an unstable sort gives the stable order.
        for (var i = 0; i < rows.Length; i++) rows[i] = keys[i].Row;
    }
}
