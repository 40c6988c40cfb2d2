using TeloMesh.Core.Events;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Sessions;

/// <summary>
/// Groups events into sessions (docs/metrics.md section 2). Rows with a session id belong to that session; rows without one
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
        var ticks = events.Ticks;
        var sessionIds = events.SessionIds;
        var hasIds = events.HasSessionIds;

        // Rows grouped by given session id, and the other rows by user, each group in input order, in one array.
        var withIds = hasIds ? Group(sessionIds, events.Sessions!.Count) : (Offsets: new int[1], Rows: Array.Empty<int>());
        var byUser = Group(events.UserIds, events.Users.Count, sessionIds);

        var sessions = new List<(string Id, int[] Rows, int Start, int Length)>();
        for (var k = 0; k < withIds.Offsets.Length - 1; k++)
        {
            var (start, length) = (withIds.Offsets[k], withIds.Offsets[k + 1] - withIds.Offsets[k]);
            if (length == 0) continue;
            SortByTime(withIds.Rows.AsSpan(start, length), ticks);
            sessions.Add((events.Sessions![k], withIds.Rows, start, length));
        }
        var given = sessions.Count;
        // The gap rule's sessions come user by user (user ids in order of first appearance), each user's by number.
        var userBlocks = new int[byUser.Offsets.Length];
        for (var u = 0; u < byUser.Offsets.Length - 1; u++)
        {
            userBlocks[u] = sessions.Count;
            var (start, end) = (byUser.Offsets[u], byUser.Offsets[u + 1]);
            // Stryker disable once Statement : equivalent (continue removed): a user with no rows left for the gap rule adds no session either way, as the loop below starts at row 1
            if (start == end) continue;
            var rows = byUser.Rows.AsSpan(start, end - start);
            SortByTime(rows, ticks);
            var first = 0;
            var number = 0;
            for (var i = 1; i <= rows.Length; i++)
            {
                if (i < rows.Length && ticks[rows[i]] - ticks[rows[i - 1]] <= gapTicks) continue;
                sessions.Add((SessionName(events.Users[u], number++), byUser.Rows, start + first, i - first));
                first = i;
            }
        }

        userBlocks[^1] = sessions.Count;
        var unordered = new string[sessions.Count];
        for (var i = 0; i < unordered.Length; i++) unordered[i] = sessions[i].Id;
        var order = CodePointOrder(unordered, given, userBlocks, events.Users);
        var ids = new string[order.Length];
        for (var k = 0; k < order.Length; k++) ids[k] = unordered[order[k]];
        var offsets = new int[sessions.Count + 1];
        var steps = new int[withIds.Rows.Length + byUser.Rows.Length];
        var users = new int[sessions.Count];
        var userIds = events.UserIds;
        var position = 0;
        for (var k = 0; k < order.Length; k++)
        {
            var (_, rows, start, length) = sessions[order[k]];
            offsets[k] = position;
            Array.Copy(rows, start, steps, position, length);
            position += length;
            users[k] = userIds[rows[start]];
        }
        offsets[^1] = position;
        return new SessionSet(events, ids, users, offsets, steps);
    }

    /// <summary>
    /// The sessions' positions in code point order of their ids. Sorting hundreds of thousands of ids took most of the
    /// sessionising (0.09 s of 0.2 s for 1.5 M events), so the gap rule's sessions are put in order from their users' order
    /// instead (<c>session_{user}_{NN}</c> follows its user and number), and that order is checked id by id against the
    /// comparer: where it does not hold (a user id followed by '_' that begins another's, such as "a" and "a_1"), they are
    /// all sorted. The sessions with given ids (the first <paramref name="given"/>) are sorted, and the two orders merged.
    /// </summary>
    /// <param name="userBlocks">The gap rule's sessions of user u are <c>userBlocks[u]..userBlocks[u + 1]</c>.</param>
    private static int[] CodePointOrder(string[] ids, int given, int[] userBlocks, StringPool users)
    {
        var comparer = CodePointComparer.Instance;
        var withIds = new int[given];
        for (var i = 0; i < given; i++) withIds[i] = i;
        Array.Sort(ids[..given], withIds, comparer);
        // By user id and the '_' after it, as the ids have it: "user_100000_" comes before "user_10000_".
        var userOrder = new int[users.Count];
        for (var u = 0; u < userOrder.Length; u++) userOrder[u] = u;
        Array.Sort([.. users.Values.Select(u => u + "_")], userOrder, comparer);
        var gapRule = new int[ids.Length - given];
        var n = 0;
        foreach (var u in userOrder)
        {
            var from = n;
            for (var i = userBlocks[u]; i < userBlocks[u + 1]; i++) gapRule[n++] = i;
            // Past 99 the numbers are longer: "_100" comes before "_11".
            if (n - from <= 100) continue;
            var block = gapRule[from..n];
            Array.Sort(block.Select(i => ids[i]).ToArray(), block, comparer);
            block.CopyTo(gapRule, from);
        }
        for (var i = 1; i < gapRule.Length; i++)
        {
            if (comparer.Compare(ids[gapRule[i - 1]], ids[gapRule[i]]) < 0) continue;
            Array.Sort(gapRule.Select(s => ids[s]).ToArray(), gapRule, comparer);
            break;
        }
        var order = new int[ids.Length];
        int a = 0, b = 0;
        for (var k = 0; k < order.Length; k++)
            order[k] = b == gapRule.Length || (a < withIds.Length && comparer.Compare(ids[withIds[a]], ids[gapRule[b]]) <= 0) ? withIds[a++] : gapRule[b++];
        return order;
    }

    /// <summary>The id the gap rule gives a user's session: <c>session_{user}_{NN}</c>, NN from 00 (more digits past 99).</summary>
    public static string SessionName(string userId, int number) => $"session_{userId}_{number:00}";

    /// <summary>
    /// Row indexes grouped by key (a counting sort: no list per key), each group in input order; rows whose key is
    /// negative, or that have a session id in <paramref name="withSession"/>, are left out. Group k is
    /// <c>Rows[Offsets[k]..Offsets[k+1]]</c>.
    /// </summary>
    private static (int[] Offsets, int[] Rows) Group(ReadOnlySpan<int> keys, int keyCount, ReadOnlySpan<int> withSession = default)
    {
        var offsets = new int[keyCount + 1];
        var included = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] < 0 || (!withSession.IsEmpty && withSession[i] >= 0)) continue;
            offsets[keys[i] + 1]++;
            included++;
        }
        for (var k = 0; k < keyCount; k++) offsets[k + 1] += offsets[k];
        var fill = offsets[..keyCount];
        var rows = new int[included];
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] < 0 || (!withSession.IsEmpty && withSession[i] >= 0)) continue;
            rows[fill[keys[i]]++] = i;
        }
        return (offsets, rows);
    }

    /// <summary>Stable sort of rows (already in input order) by timestamp; most inputs are sorted, so check first.</summary>
    private static void SortByTime(Span<int> rows, ReadOnlySpan<long> ticks)
    {
        // Stryker disable once Boolean : equivalent (true to false): the check is a shortcut; sorting rows that are already in order gives the same order
        var sorted = true;
        for (var i = 1; i < rows.Length && sorted; i++)
            // Stryker disable once Equality : equivalent (<= to <): equal times then take the sort below, which keeps them in input order as they were
            sorted = ticks[rows[i - 1]] <= ticks[rows[i]];
        // Stryker disable once Statement : equivalent (return removed): sorting rows that are already in order gives the same order
        if (sorted) return;
        var keys = new (long Ticks, int Row)[rows.Length];
        for (var i = 0; i < rows.Length; i++) keys[i] = (ticks[rows[i]], rows[i]);
        Array.Sort(keys); // (ticks, row) is unique, so an unstable sort gives the stable order.
        for (var i = 0; i < rows.Length; i++) rows[i] = keys[i].Row;
    }
}
