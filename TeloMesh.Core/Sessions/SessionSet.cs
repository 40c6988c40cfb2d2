using TeloMesh.Core.Events;

namespace TeloMesh.Core.Sessions;

/// <summary>
/// The sessions of a dataset, in ordinal (code point) order of their ids. Steps are stored flat: the steps of session
/// <c>s</c> are <c>StepRows[StepOffsets[s]..StepOffsets[s+1]]</c>, each the row index of an event in <see cref="Events"/>,
/// in step order (step_index 0 first).
/// </summary>
public sealed class SessionSet
{
    internal SessionSet(EventTable events, string[] ids, int[] users, int[] stepOffsets, int[] stepRows)
    {
        Events = events;
        Ids = ids;
        _users = users;
        _stepOffsets = stepOffsets;
        _stepRows = stepRows;
    }

    private readonly int[] _users, _stepOffsets, _stepRows;

    public EventTable Events { get; }

    /// <summary>The session ids, in the order sessions are numbered here.</summary>
    public IReadOnlyList<string> Ids { get; }

    public int Count => Ids.Count;

    /// <summary>The user of each session: the user of its first step.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>The event rows of session <paramref name="session"/>, in step order.</summary>
    public ReadOnlySpan<int> Steps(int session) => _stepRows.AsSpan(_stepOffsets[session], _stepOffsets[session + 1] - _stepOffsets[session]);

    /// <summary>Every step of every session, session after session.</summary>
    public ReadOnlySpan<int> AllSteps => _stepRows;

    /// <summary>Where each session's steps start in <see cref="AllSteps"/>; one more entry than sessions.</summary>
    public ReadOnlySpan<int> StepOffsets => _stepOffsets;

    public int StepCount => _stepRows.Length;

    /// <summary>The sessions <paramref name="keep"/> marks (one flag per session), in the same order, over the same events.</summary>
    public SessionSet Subset(bool[] keep)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(keep.Length, Count);
        var ids = new List<string>();
        var users = new List<int>();
        var offsets = new List<int> { 0 };
        var rows = new List<int>();
        for (var s = 0; s < Count; s++)
        {
            if (!keep[s]) continue;
            ids.Add(Ids[s]);
            users.Add(_users[s]);
            rows.AddRange(Steps(s));
            offsets.Add(rows.Count);
        }
        return new SessionSet(Events, [.. ids], [.. users], [.. offsets], [.. rows]);
    }

    private int? _duplicates;

    /// <summary>
    /// Exact duplicates: events equal to an earlier event in every column (user, time as an instant, page, event,
    /// session and every segment column). They are kept and analysed, since the export contained them, and counted so
    /// a doubled export does not go unnoticed. Two such events always share a session and a time, so only steps with
    /// equal times inside a session are compared: one pass over the steps.
    /// </summary>
    public int DuplicateEvents => _duplicates ??= CountDuplicates();

    private int CountDuplicates()
    {
        var ticks = Events.Ticks;
        var seen = new HashSet<int>(new SameColumns(Events));
        var duplicates = 0;
        for (var s = 0; s < Count; s++)
        {
            var steps = Steps(s);
            for (var start = 0;
                // Stryker disable once Equality : equivalent (< to <=): a pass with start at the end is a group of one, which counts nothing
                start < steps.Length;)
            {
                var end = start + 1;
                while (end < steps.Length && ticks[steps[end]] == ticks[steps[start]]) end++;
                if (
                    // Stryker disable once Equality,Arithmetic : equivalent (> 1 to >= 1, end - start to end + start): they also compare groups of one event, which hold no duplicate
                    end - start > 1)
                {
                    seen.Clear();
                    for (var i = start; i < end; i++)
                        if (!seen.Add(steps[i])) duplicates++;
                }
                start = end;
            }
        }
        return duplicates;
    }

    /// <summary>Compares two event rows by user, page, event, given session and segment columns (the time is already equal).</summary>
    private sealed class SameColumns(EventTable events) : IEqualityComparer<int>
    {
        public bool Equals(int a, int b)
        {
            // Stryker disable once Logical : equivalent in practice (|| to &&): the set asks Equals only about rows whose hash codes, which combine exactly these three columns, are equal, so rows that differ in one of them reach this line only on a 32-bit hash collision, which no test can arrange (the seed is random per process)
            if (events.UserIds[a] != events.UserIds[b] || events.PageIds[a] != events.PageIds[b] || events.EventIds[a] != events.EventIds[b])
                // Stryker disable once Boolean : equivalent in practice (false to true): reached only on a hash collision, as above
                return false;
            if (events.HasSessionIds && events.SessionIds[a] != events.SessionIds[b])
                // Stryker disable once Boolean : equivalent (false to true): only steps of one session are compared, and they share its session id (or all have none), so this line is never reached
                return false;
            foreach (var extra in events.ExtraColumns)
                if (extra.Ids[a] != extra.Ids[b]) return false;
            return true;
        }

        public int GetHashCode(int row) => HashCode.Combine(events.UserIds[row], events.PageIds[row], events.EventIds[row]);
    }
}
