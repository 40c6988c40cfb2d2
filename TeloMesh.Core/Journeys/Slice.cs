using TeloMesh.Core.Events;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Journeys;

/// <summary>
/// One side of a comparison (docs/metrics.md section 9): the sessions whose first step is in the time window
/// <c>[From, To)</c> and, when <see cref="Column"/> is set, has <see cref="Value"/> in that segment column. Sessions are
/// made once from the whole dataset and never cut: a session belongs to a slice by its first step.
/// </summary>
public sealed record Slice(DateTime? From = null, DateTime? To = null, string? Column = null, string? Value = null)
{
    /// <summary>Every session.</summary>
    public static Slice All { get; } = new();

    /// <summary>Whether this slice keeps every session (no window, no segment).</summary>
    public bool IsAll => From is null && To is null && Column is null;

    /// <summary>The slice in words: "2025-03-01 to 2025-03-08, platform = mobile".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (From is not null || To is not null)
            parts.Add($"{(From is { } f ? Day(f) : "the start")} to {(To is { } t ? Day(t) : "the end")}");
        if (Column is not null) parts.Add($"{Column} = {Value}");
        return parts.Count == 0 ? "all sessions" : string.Join(", ", parts);
    }

    private static string Day(DateTime t) => t.TimeOfDay == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
        : t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Per session of <paramref name="sessions"/>, whether it belongs to this slice. A segment column the events do not
    /// have, or a value the column never takes, is an <see cref="InvalidInputException"/> that lists what there is.
    /// </summary>
    public bool[] Members(SessionSet sessions)
    {
        var events = sessions.Events;
        IReadOnlyList<int>? segment = null;
        var wanted = -1;
        if (Column is not null)
        {
            var column = events.ExtraColumns.FirstOrDefault(c => string.Equals(c.Name, Column, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputException(events.ExtraColumns.Count == 0
                    ? $"The events have no segment column '{Column}': they have no columns besides user, time, page, event and session."
                    : $"The events have no segment column '{Column}'. Their segment columns: {string.Join(", ", events.ExtraColumns.Select(c => c.Name))}.");
            wanted = column.Values.Find(Value ?? "");
            if (wanted < 0)
                throw new InvalidInputException($"The segment column '{column.Name}' has no value '{Value}'. Its values: " +
                    $"{string.Join(", ", column.Values.Values.Where(v => v.Length > 0).Order(StringComparer.Ordinal).Take(30).Select(v => $"'{v}'"))}.");
            segment = column.Ids;
        }
        var from = From?.ToUniversalTime().Ticks ?? long.MinValue;
        var to = To?.ToUniversalTime().Ticks ?? long.MaxValue;
        var members = new bool[sessions.Count];
        var ticks = events.Ticks;
        for (var s = 0; s < sessions.Count; s++)
        {
            var first = sessions.Steps(s)[0];
            members[s] = ticks[first] >= from && ticks[first] < to && (segment is null || segment[first] == wanted);
        }
        return members;
    }
}

/// <summary>
/// What a comparison counts in one slice (docs/metrics.md section 9), by name: per (page, event) its occurrences, exits
/// (with goals, of sessions that did not convert), sessions and conversions; per (from page, to page) its transitions and
/// per page all transitions out of it (self-loops included); the sessions and those that convert.
/// </summary>
public sealed class SliceCounts
{
    public Dictionary<(string Page, string Event), PairTally> Pairs { get; } = [];
    public Dictionary<(string From, string To), long> Transitions { get; } = [];
    public Dictionary<string, long> TransitionsOut { get; } = [];
    public long Sessions { get; set; }
    public long Converted { get; set; }

    /// <summary>Counts of several shards' sessions (each session on one shard), added up by name.</summary>
    public static SliceCounts Merge(IReadOnlyList<SliceCounts> parts)
    {
        var merged = new SliceCounts();
        foreach (var part in parts)
        {
            merged.Sessions += part.Sessions;
            merged.Converted += part.Converted;
            foreach (var (key, tally) in part.Pairs)
            {
                if (!merged.Pairs.TryGetValue(key, out var sum)) merged.Pairs[key] = sum = new PairTally();
                sum.Occurrences += tally.Occurrences;
                sum.Exits += tally.Exits;
                sum.Sessions += tally.Sessions;
                sum.Conversions += tally.Conversions;
            }
            foreach (var (key, count) in part.Transitions) merged.Transitions[key] = merged.Transitions.GetValueOrDefault(key) + count;
            foreach (var (key, count) in part.TransitionsOut) merged.TransitionsOut[key] = merged.TransitionsOut.GetValueOrDefault(key) + count;
        }
        return merged;
    }

    /// <summary>Counts the sessions of <paramref name="sessions"/> that <paramref name="members"/> marks (all when null).</summary>
    /// <remarks>Counted by page and event ids in one pass over the steps, then named (the two slices of a comparison of
    /// two datasets have different ids).</remarks>
    public static SliceCounts Count(SessionSet sessions, GoalSet goals, bool[]? members = null)
    {
        var events = sessions.Events;
        var goalPage = GoalSet.Flags(events.Pages.Values, goals.Pages);
        var goalEvent = GoalSet.Flags(events.Events.Values, goals.Events);
        var pageIds = events.PageIds;
        var eventIds = events.EventIds;
        var counts = new SliceCounts();
        var pairs = new Dictionary<long, PairTally>(Text.PairKey.Comparer);
        var transitions = new Dictionary<long, long>(Text.PairKey.Comparer);
        var outOf = new long[events.Pages.Count];
        for (var s = 0; s < sessions.Count; s++)
        {
            if (members is not null && !members[s]) continue;
            var steps = sessions.Steps(s);
            var converts = false;
            foreach (var row in steps)
                converts |= goalPage[pageIds[row]] || goalEvent[eventIds[row]];
            counts.Sessions++;
            if (converts) counts.Converted++;
            for (var k = 0; k < steps.Length; k++)
            {
                var page = pageIds[steps[k]];
                var key = Text.PairKey.Of(page, eventIds[steps[k]]);
                if (!pairs.TryGetValue(key, out var tally)) pairs[key] = tally = new PairTally();
                tally.Occurrences++;
                if (tally.LastSession != s)
                {
                    tally.LastSession = s;
                    tally.Sessions++;
                    if (converts) tally.Conversions++;
                }
                if (k == steps.Length - 1 && !converts) tally.Exits++;
                if (k == 0) continue;
                var from = pageIds[steps[k - 1]];
                var edge = Text.PairKey.Of(from, page);
                transitions[edge] = transitions.GetValueOrDefault(edge) + 1;
                outOf[from]++;
            }
        }
        foreach (var (key, tally) in pairs)
            counts.Pairs[(events.Pages[(int)(key >> 32)], events.Events[(int)(key & 0xFFFFFFFF)])] = tally;
        foreach (var (key, count) in transitions)
            counts.Transitions[(events.Pages[(int)(key >> 32)], events.Pages[(int)(key & 0xFFFFFFFF)])] = count;
        for (var page = 0; page < outOf.Length; page++)
            if (outOf[page] > 0) counts.TransitionsOut[events.Pages[page]] = outOf[page];
        return counts;
    }
}

/// <summary>
/// Both slices of a comparison counted over one dataset's sessions, with the sessions in both and when the dataset's
/// sessions start (its first and last session start, UTC; null without sessions), to say where a slice without sessions
/// should have looked.
/// </summary>
public sealed record SlicePair(SliceCounts A, SliceCounts B, long Both, DateTime? FirstStart, DateTime? LastStart)
{
    /// <summary>
    /// Both slices of <paramref name="sessions"/> (sessions in memory), by <see cref="Slice.Members"/> and
    /// <see cref="SliceCounts.Count"/>.
    /// </summary>
    public static SlicePair Count(SessionSet sessions, GoalSet goals, Slice a, Slice b)
    {
        var inA = a.Members(sessions);
        var inB = b == a ? inA : b.Members(sessions);
        long both = 0;
        for (var s = 0; s < inA.Length; s++)
            if (inA[s] && inB[s]) both++;
        var ticks = sessions.Events.Ticks;
        long first = long.MaxValue, last = long.MinValue;
        for (var s = 0; s < sessions.Count; s++)
        {
            var t = ticks[sessions.Steps(s)[0]];
            (first, last) = (Math.Min(first, t), Math.Max(last, t));
        }
        var countA = SliceCounts.Count(sessions, goals, inA);
        return new SlicePair(countA, b == a ? countA : SliceCounts.Count(sessions, goals, inB), both,
            sessions.Count == 0 ? null : new DateTime(first, DateTimeKind.Utc), sessions.Count == 0 ? null : new DateTime(last, DateTimeKind.Utc));
    }

    /// <summary>The pairs of several shards' sessions (each session on one shard), added up.</summary>
    public static SlicePair Merge(IReadOnlyList<SlicePair> parts) => new(
        SliceCounts.Merge([.. parts.Select(p => p.A)]), SliceCounts.Merge([.. parts.Select(p => p.B)]), parts.Sum(p => p.Both),
        parts.Select(p => p.FirstStart).Where(t => t is not null).Min(), parts.Select(p => p.LastStart).Where(t => t is not null).Max());
}

/// <summary>A (page, event) pair's counts in one slice.</summary>
public sealed class PairTally
{
    public long Occurrences { get; set; }
    public long Exits { get; set; }
    public long Sessions { get; set; }
    public long Conversions { get; set; }

    /// <summary>The last session counted in <see cref="Sessions"/>, so a session counts once.</summary>
    internal int LastSession { get; set; } = -1;
}
