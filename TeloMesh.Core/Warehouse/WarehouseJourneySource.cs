using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Stages;

namespace TeloMesh.Core.Warehouse;

/// <summary>
/// Events aggregated where they live (<see cref="IJourneyAggregateSource"/>, a ClickHouse table) as a journey source:
/// the counts come back from one query, the fragile flows from another once the chokepoints are known.
/// </summary>
/// <param name="flowLimit">How many fragile flows bring their steps back; the count of all of them always comes back.</param>
public sealed class WarehouseJourneySource(IJourneyAggregateSource source, int flowLimit = WarehouseJourneySource.DefaultFlowLimit) : IJourneySource
{
    /// <summary>How many fragile flows bring their steps back by default (ten thousand sessions' steps are a few megabytes).</summary>
    public const int DefaultFlowLimit = 10_000;

    public string Description => source.Description;

    /// <summary>The sessions stay in the table, so other goals are counted there again (<paramref name="sameSessions"/> is not used).</summary>
    public async Task<JourneyAggregates> AggregateAsync(AggregationKey key, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default, JourneyAggregates? sameSessions = null)
    {
        progress?.Report(new PipelineProgress(PipelineStage.Sessions, 0, $"Aggregating in {source.Description}"));
        var aggregates = await source.AggregateAsync(key, cancellationToken).ConfigureAwait(false);
        if (aggregates.TotalEvents == 0)
            throw new Events.InvalidInputException($"No events in {source.Description} (with the time range given, if any).");
        return aggregates with { Sequences = new WarehouseSequences(key), Key = key };
    }

    /// <summary>The events are unchanged when they sum up to the same fingerprint (one scan, no sorting or grouping).</summary>
    public async Task<bool> StillDescribesAsync(JourneyAggregates earlier, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (earlier.Fingerprint is not { } before || earlier.Sequences is not WarehouseSequences own) return false;
        progress?.Report(new PipelineProgress(PipelineStage.Sessions, 0, $"Checking that {source.Description} has not changed"));
        return await source.FingerprintAsync(own.Key.SessionGap, cancellationToken).ConfigureAwait(false) == before;
    }

    /// <summary>
    /// Asks the table for the sessions that pass two or more chokepoints. The last sample is kept with the aggregates,
    /// with its chokepoints: a re-analysis that moves scores but not the chokepoints (another percentile, say) does not
    /// ask again.
    /// </summary>
    public async Task<FragileFlowSet> FragileFlowsAsync(JourneyAggregates aggregates, ChokepointMarks marks, CancellationToken cancellationToken = default)
    {
        var sequences = aggregates.Sequences as WarehouseSequences
            ?? throw new InvalidOperationException("These aggregates were not made by a warehouse source.");
        var chokepoints = marks.Chokepoints(aggregates);
        if (chokepoints.Count == 0) return FragileFlowSet.Empty;
        var sample = sequences.Last is { } last && last.Limit == flowLimit && last.Chokepoints.SequenceEqual(chokepoints) ? last.Sample
            : await source.FragileFlowsAsync(sequences.Key, chokepoints, flowLimit, cancellationToken).ConfigureAwait(false);
        sequences.Last = (chokepoints, flowLimit, sample);
        return new FragileFlowSet(sample.FragileFlowCount, WarehouseSequences.Flows(aggregates, marks, sample), sample.SessionsLostAtChokepoints,
            sample.UsersLostAtChokepoints);
    }

    /// <summary>Counted in the table: only the counts of the two slices come back (<paramref name="sameSessions"/> is not used).</summary>
    public Task<SlicePair> CountSlicesAsync(AggregationKey key, Slice a, Slice b, JourneyAggregates? sameSessions = null,
        CancellationToken cancellationToken = default) =>
        source.CountSlicesAsync(key, a, b, cancellationToken);

    public Task<IReadOnlyList<Grouping.PageCount>> PagesAsync(CancellationToken cancellationToken = default) => source.PagesAsync(cancellationToken);

    /// <summary>Counted in the table, each session's first page in the order found there: only the counts come back.</summary>
    public Task<long[]> FirstRemovedAsync(JourneyAggregates aggregates, IReadOnlyList<string> order, CancellationToken cancellationToken = default) =>
        source.FirstRemovedAsync(aggregates.Key, order, cancellationToken);

    public Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(AggregationKey key, JourneyAggregates? sameSessions = null,
        CancellationToken cancellationToken = default) =>
        source.SegmentsAsync(key, Segments.DefaultTop, cancellationToken);

    /// <summary>Counted in the table: per step the page names' sessions, then the links (<paramref name="sameSessions"/> is not used).</summary>
    public Task<PathResult> PathsAsync(AggregationKey key, PathQuery query, JourneyAggregates? sameSessions = null,
        CancellationToken cancellationToken = default) =>
        source.PathsAsync(key, query, cancellationToken);

    public Task<EvidenceSample> EvidenceAsync(JourneyAggregates aggregates, string page, string evt, int count = EvidenceSample.DefaultCount,
        CancellationToken cancellationToken = default) =>
        source.EvidenceAsync(aggregates.Key, page, evt, count, cancellationToken);

    /// <summary>What a warehouse's aggregates keep of their sessions: how they were cut, and the last fragile-flow sample.</summary>
    private sealed class WarehouseSequences(AggregationKey key) : ISessionSequences
    {
        public AggregationKey Key => key;
        public SessionSet? Local => null;

        /// <summary>Set under the dataset's lock (one analysis of a dataset at a time); read whole or not at all.</summary>
        public (List<(string Page, string Event)> Chokepoints, int Limit, FragileFlowSample Sample)? Last { get; set; }

        public static List<FragileFlow> Flows(JourneyAggregates aggregates, ChokepointMarks marks, FragileFlowSample sample)
        {
            var pairIndex = new Dictionary<(string, string), int>();
            for (var p = 0; p < aggregates.Pairs.Count; p++)
                pairIndex[(aggregates.Pages[aggregates.Pairs[p].Page], aggregates.Events[aggregates.Pairs[p].Event])] = p;
            var flows = new List<FragileFlow>(sample.Flows.Count);
            foreach (var flow in sample.Flows.OrderBy(f => f.SessionId, Text.CodePointComparer.Instance))
            {
                var steps = new FlowStep[flow.Steps.Count];
                var count = 0;
                var total = 0.0;
                for (var i = 0; i < steps.Length; i++)
                {
                    var (page, evt, ticks) = flow.Steps[i];
                    var p = pairIndex[(page, evt)];
                    steps[i] = new FlowStep(i, page, evt, ticks, marks.Scores[p], marks.IsChokepoint[p]);
                    if (marks.IsChokepoint[p]) count++;
                    total += marks.Scores[p];
                }
                flows.Add(new FragileFlow(flow.SessionId, flow.UserId, steps, count, total));
            }
            return flows;
        }
    }
}
