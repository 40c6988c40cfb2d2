using TeloMesh.Core.Events;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Stages;

namespace TeloMesh.Core.Journeys;

/// <summary>
/// Where a dataset's events are, as the analysis sees them: something that turns them into
/// <see cref="JourneyAggregates"/> for the options of an <see cref="AggregationKey"/>. <c>Pipeline.AnalysisPipeline</c>
/// takes it from there and never asks which kind it is.
/// </summary>
public interface IJourneySource
{
    /// <summary>A description for progress and messages (a file, or a server and table; never a password).</summary>
    string Description { get; }

    /// <summary>Sessions made from the events by the rules of <paramref name="key"/>, and their counts.</summary>
    /// <param name="sameSessions">Aggregates of the same events made with the same session gap (other goals, say), whose
    /// sessions this source may count again instead of making them anew; null when there are none.</param>
    Task<JourneyAggregates> AggregateAsync(AggregationKey key, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default,
        JourneyAggregates? sameSessions = null);

    /// <summary>
    /// Whether <paramref name="earlier"/>, made by this source or one over the same events, still describes the events
    /// now, so they need not be aggregated again (the caller has checked that the keys are equal).
    /// </summary>
    Task<bool> StillDescribesAsync(JourneyAggregates earlier, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The fragile flows (docs/metrics.md section 4: sessions with two or more chokepoint steps) of <paramref name="aggregates"/>
    /// (made by this source, or by one over the same events) under <paramref name="marks"/>, with the sessions and
    /// distinct users lost at chokepoints.
    /// </summary>
    Task<FragileFlowSet> FragileFlowsAsync(JourneyAggregates aggregates, ChokepointMarks marks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per page of <paramref name="order"/>, the sessions of <paramref name="aggregates"/> whose first page in that order it is
    /// (the smallest position of any of their pages); one more count at the end for sessions with no page in it. The
    /// percolation curve of docs/metrics.md section 14 (<see cref="Metrics.Resilience"/>).
    /// </summary>
    Task<long[]> FirstRemovedAsync(JourneyAggregates aggregates, IReadOnlyList<string> order, CancellationToken cancellationToken = default);

    /// <summary>
    /// The two slices of a comparison (docs/metrics.md section 9) counted over the sessions made by the rules of
    /// <paramref name="key"/> (its gap; its goals for the conversions), each session in a slice by its first step. A
    /// segment column the events do not have, or a value it never takes, is an <see cref="InvalidInputException"/> that
    /// lists what there is.
    /// </summary>
    /// <param name="sameSessions">Aggregates of this source made with the same gap, whose sessions may be counted instead of made anew.</param>
    Task<SlicePair> CountSlicesAsync(AggregationKey key, Slice a, Slice b, JourneyAggregates? sameSessions = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The segment columns (every column besides the mapped ones) with their most frequent values, counted by sessions'
    /// first steps as <see cref="CountSlicesAsync"/> slices them.
    /// </summary>
    Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(AggregationKey key, JourneyAggregates? sameSessions = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Paths from or to a page (docs/metrics.md section 10) over the sessions made by the rules of <paramref name="key"/>
    /// (its gap, its filter; its goals end paths from a page). A page no step is on is an <see cref="InvalidInputException"/>
    /// naming the nearest ones.
    /// </summary>
    Task<PathResult> PathsAsync(AggregationKey key, PathQuery query, JourneyAggregates? sameSessions = null, CancellationToken cancellationToken = default);

    /// <summary>The pages as read, before any grouping rules, with their events (busiest first): for suggesting and previewing rules.</summary>
    Task<IReadOnlyList<Grouping.PageCount>> PagesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The sessions of <paramref name="aggregates"/> (their gap, grouping rules and filter) that pass (<paramref name="page"/>,
    /// <paramref name="evt"/>): how many, how many end there, and the steps of the first <paramref name="count"/> in
    /// <see cref="EvidenceSample.First"/>'s order (docs/metrics.md section 15).
    /// </summary>
    Task<EvidenceSample> EvidenceAsync(JourneyAggregates aggregates, string page, string evt, int count = EvidenceSample.DefaultCount,
        CancellationToken cancellationToken = default);
}

/// <summary>
/// Events read into memory (a CSV or vendor export): sessions by <see cref="Sessionizer"/>, counts by <see cref="LocalSequences"/>.
/// With grouping rules (docs/metrics.md section 11) the pages are renamed first, into a table kept for the next question
/// with the same rules (<see cref="EventsFor"/>).
/// </summary>
public sealed class EventTableSource(EventTable events, string description = "the events read") : IJourneySource
{
    /// <summary>The events as read (before any grouping rules).</summary>
    public EventTable Events { get; } = events.Ungrouped;

    public string Description { get; } = description;

    // Given grouped events (an analysis's sessions'), their grouping is the one kept, so their sessions are used again.
    private (Grouping.PageRules Rules, EventTable Table)? _grouped = events.GroupedBy is Grouping.PageRules rules ? (rules, events) : null;

    /// <summary>The events with the pages of <paramref name="key"/>'s grouping rules: the events as read without rules.</summary>
    public EventTable EventsFor(AggregationKey key)
    {
        if (key.PageRules.IsEmpty) return Events;
        var grouped = _grouped;
        if (grouped is { } g && g.Rules == key.PageRules) return g.Table;
        var table = Events.WithPagesRenamed(key.PageRules.Apply, key.PageRules);
        _grouped = (key.PageRules, table);
        return table;
    }

    /// <summary>Sessions are made once per gap: new goals count the sessions already made (a second, not a re-read).</summary>
    public Task<JourneyAggregates> AggregateAsync(AggregationKey key, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default, JourneyAggregates? sameSessions = null)
    {
        if (sameSessions?.Sequences.Local is { } made && ReferenceEquals(made.Events, EventsFor(key)) && sameSessions.Key.SessionGap == key.SessionGap
            && LocalSequences.Recount(sameSessions, key) is { } recounted)
            return Task.FromResult(recounted);
        // Another filter of the same sessions starts from all of them (a filtered set is only ever narrowed from all).
        var sessions = Sessions(key, sameSessions);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(LocalSequences.Aggregate(sessions, key));
    }

    /// <summary>Events in memory never change: aggregates of this very table (grouped by any rules) still describe it.</summary>
    public Task<bool> StillDescribesAsync(JourneyAggregates earlier, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(ReferenceEquals(earlier.Sequences.Local?.Events.Ungrouped, Events));

    public Task<FragileFlowSet> FragileFlowsAsync(JourneyAggregates aggregates, ChokepointMarks marks, CancellationToken cancellationToken = default) =>
        Task.FromResult(Local(aggregates).FragileFlows(marks, cancellationToken));

    public Task<SlicePair> CountSlicesAsync(AggregationKey key, Slice a, Slice b, JourneyAggregates? sameSessions = null,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(SlicePair.Count(Sessions(key, sameSessions), key.Goals, a, b));

    public Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(AggregationKey key, JourneyAggregates? sameSessions = null,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(Segments.Of(Sessions(key, sameSessions)));

    public Task<PathResult> PathsAsync(AggregationKey key, PathQuery query, JourneyAggregates? sameSessions = null,
        CancellationToken cancellationToken = default)
    {
        var sessions = sameSessions?.Sequences is LocalSequences made && ReferenceEquals(made.Sessions.Events, EventsFor(key))
            && sameSessions.Key.SessionGap == key.SessionGap && sameSessions.Key.Filter == key.Filter
            ? made.Sessions
            : Sessions(key, sameSessions) is var all && key.Filter.IsAll ? all : all.Subset(key.Filter.Members(all));
        return Task.FromResult(Paths.Compute(sessions, key.Goals, query));
    }

    /// <summary>
    /// Every session of these events with the key's gap and grouping rules: those of <paramref name="sameSessions"/> when it
    /// holds all of them (made from these events, grouped alike, with that gap, unfiltered); else made now.
    /// </summary>
    private SessionSet Sessions(AggregationKey key, JourneyAggregates? sameSessions) =>
        sameSessions?.Sequences is LocalSequences made && ReferenceEquals(made.Sessions.Events, EventsFor(key)) && sameSessions.Key.SessionGap == key.SessionGap
            && sameSessions.Key.Filter.IsAll
            ? made.Sessions
            : Sessionizer.Build(EventsFor(key), new SessionOptions { Gap = key.SessionGap });

    public Task<long[]> FirstRemovedAsync(JourneyAggregates aggregates, IReadOnlyList<string> order, CancellationToken cancellationToken = default)
    {
        var sessions = Local(aggregates).Sessions;
        var events = sessions.Events;
        var rank = new int[events.Pages.Count];
        Array.Fill(rank, order.Count);
        for (var r = 0; r < order.Count; r++)
            if (events.Pages.Find(order[r]) is var id and >= 0) rank[id] = Math.Min(rank[id], r);
        var counts = new long[order.Count + 1];
        var pageIds = events.PageIds;
        for (var s = 0; s < sessions.Count; s++)
        {
            var first = order.Count;
            foreach (var row in sessions.Steps(s)) first = Math.Min(first, rank[pageIds[row]]);
            counts[first]++;
        }
        return Task.FromResult(counts);
    }

    public Task<IReadOnlyList<Grouping.PageCount>> PagesAsync(CancellationToken cancellationToken = default)
    {
        var counts = new long[Events.Pages.Count];
        foreach (var page in Events.PageIds) counts[page]++;
        return Task.FromResult<IReadOnlyList<Grouping.PageCount>>(
            Grouping.PageCount.Ordered(counts.Select((n, p) => new Grouping.PageCount(Events.Pages[p], n))));
    }

    public Task<EvidenceSample> EvidenceAsync(JourneyAggregates aggregates, string page, string evt, int count = EvidenceSample.DefaultCount,
        CancellationToken cancellationToken = default)
    {
        var sessions = Local(aggregates).Sessions;
        var events = sessions.Events;
        var (pageId, eventId) = (events.Pages.Find(page), events.Events.Find(evt));
        var through = new List<(int Session, bool Ended)>();
        if (pageId >= 0 && eventId >= 0)
        {
            for (var s = 0; s < sessions.Count; s++)
            {
                var steps = sessions.Steps(s);
                var passes = false;
                foreach (var row in steps)
                {
                    if (events.PageIds[row] != pageId || events.EventIds[row] != eventId) continue;
                    passes = true;
                    break;
                }
                if (!passes) continue;
                var last = steps[^1];
                through.Add((s, events.PageIds[last] == pageId && events.EventIds[last] == eventId));
            }
        }
        var shown = EvidenceSample.First(through, t => t.Ended, t => sessions.Ids[t.Session], count).Select(t => new EvidenceSession(
            sessions.Ids[t.Session], events.Users[sessions.Users[t.Session]], t.Ended,
            [.. Enumerable.Range(0, sessions.Steps(t.Session).Length).Select(i =>
            {
                var row = sessions.Steps(t.Session)[i];
                return new EvidenceStep(i, events.Ticks[row], events.Pages[events.PageIds[row]], events.Events[events.EventIds[row]]);
            })])).ToList();
        return Task.FromResult(new EvidenceSample(through.Count, through.Count(t => t.Ended), shown));
    }

    private static LocalSequences Local(JourneyAggregates aggregates) => aggregates.Sequences as LocalSequences
        ?? throw new InvalidOperationException("These aggregates were not counted from sessions in memory.");
}
