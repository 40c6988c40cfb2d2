using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Warehouse;

/// <summary>
/// Events that live somewhere else (a ClickHouse table) and are aggregated there: only the counts come back, then,
/// once the chokepoints are known, the sessions that pass two or more of them.
/// </summary>
public interface IJourneyAggregateSource
{
    /// <summary>A description for messages and <c>dataset_info.json</c> (e.g. the server and table), never a password.</summary>
    string Description { get; }

    /// <summary>
    /// The events the analysis would use now, summed up (<see cref="EventsFingerprint"/>): one scan without sorting or
    /// grouping, to tell whether aggregates made earlier still describe them before they are used again.
    /// </summary>
    Task<EventsFingerprint> FingerprintAsync(TimeSpan sessionGap, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sessions (from the session column, or the gap rule with the key's gap) and their counts, with the key's goals
    /// (docs/metrics.md section 8).
    /// </summary>
    Task<JourneyAggregates> AggregateAsync(AggregationKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The sessions with two or more steps on a chokepoint pair (the fragile flows): how many there are, and the steps
    /// of the first <paramref name="limit"/> of them in code point order of their ids; with the sessions ending on a
    /// chokepoint and their distinct users (with goals, only sessions that did not convert lose someone).
    /// </summary>
    Task<FragileFlowSample> FragileFlowsAsync(AggregationKey key, IReadOnlyList<(string Page, string Event)> chokepoints, int limit,
        CancellationToken cancellationToken = default);

    /// <summary>The two slices of a comparison counted where the events live (see <see cref="IJourneySource.CountSlicesAsync"/>).</summary>
    Task<SlicePair> CountSlicesAsync(AggregationKey key, Slice a, Slice b, CancellationToken cancellationToken = default);

    /// <summary>The segment columns with their <paramref name="top"/> most frequent values by sessions' first steps (see <see cref="IJourneySource.SegmentsAsync"/>).</summary>
    Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(AggregationKey key, int top, CancellationToken cancellationToken = default);

    /// <summary>The pages as stored (before grouping rules) with their events, busiest first (see <see cref="IJourneySource.PagesAsync"/>).</summary>
    Task<IReadOnlyList<Grouping.PageCount>> PagesAsync(CancellationToken cancellationToken = default);

    /// <summary>Per page of <paramref name="order"/>, the sessions whose first page in it that is (see <see cref="IJourneySource.FirstRemovedAsync"/>).</summary>
    Task<long[]> FirstRemovedAsync(AggregationKey key, IReadOnlyList<string> order, CancellationToken cancellationToken = default);

    /// <summary>Paths from or to a page, counted where the events live (see <see cref="IJourneySource.PathsAsync"/>).</summary>
    Task<PathResult> PathsAsync(AggregationKey key, PathQuery query, CancellationToken cancellationToken = default);

    /// <summary>The sessions through a (page, event) pair, counted and picked where the events live (see <see cref="IJourneySource.EvidenceAsync"/>).</summary>
    Task<EvidenceSample> EvidenceAsync(AggregationKey key, string page, string evt, int count, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IJourneyAggregateSource.FragileFlowsAsync"/> returns.</summary>
/// <param name="FragileFlowCount">All fragile flows, whether or not their steps came back.</param>
/// <param name="Flows">The first flows (by session id) with their steps, at most the limit asked for.</param>
/// <param name="SessionsLostAtChokepoints">Sessions whose last step is a chokepoint pair.</param>
/// <param name="UsersLostAtChokepoints">Distinct users of those last steps.</param>
public sealed record FragileFlowSample(int FragileFlowCount, IReadOnlyList<SampledFlow> Flows, int SessionsLostAtChokepoints, int UsersLostAtChokepoints);

/// <summary>A fragile flow's session, its user (of its first step) and its steps in step order.</summary>
public sealed record SampledFlow(string SessionId, string UserId, IReadOnlyList<(string Page, string Event, long Ticks)> Steps);
