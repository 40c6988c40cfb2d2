using System.Diagnostics;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Pipeline;
using BetweennessEstimate = TeloMesh.Core.Graph.BetweennessEstimate;

namespace TeloMesh.Core.Warehouse;

/// <summary>
/// The analysis of events aggregated where they live: the same graph, metrics and friction maths as
/// <see cref="AnalysisPipeline"/>, fed with counts instead of sessions. Two round trips: the counts, then, once the
/// chokepoints are known, the fragile flows.
/// </summary>
public static class AggregatePipeline
{
    /// <summary>How many fragile flows bring their steps back by default; the count of all of them always comes back.</summary>
    public const int DefaultFlowLimit = 10_000;

    /// <param name="previous">
    /// An earlier analysis of the same source. Its counts are used again when the session gap is the same and the events
    /// are unchanged (their <see cref="EventsFingerprint"/>: one scan without sorting or grouping, instead of the
    /// aggregation), and its fragile flows too when the chokepoints and the flow limit are the same.
    /// </param>
    public static async Task<AggregateAnalysisResult> AnalyzeAsync(IJourneyAggregateSource source, AnalysisOptions options,
        int flowLimit = DefaultFlowLimit, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default,
        AggregateAnalysisResult? previous = null)
    {
        var clock = Stopwatch.StartNew();
        if (!await StillDescribesAsync(previous, source, options.SessionGap, progress, cancellationToken).ConfigureAwait(false)) previous = null;
        if (previous is null)
            progress?.Report(new PipelineProgress(PipelineStage.Sessions, 0, $"Aggregating in {source.Description}"));
        var aggregates = previous?.Aggregates ?? await source.AggregateAsync(options.SessionGap, cancellationToken).ConfigureAwait(false);
        if (aggregates.TotalEvents == 0)
            throw new Events.InvalidInputException($"No events in {source.Description} (with the time range given, if any).");
        var aggregated = clock.Elapsed;
        progress?.Report(new PipelineProgress(PipelineStage.Graph, 0, "Building the journey graph"));
        var (graph, metrics, betweenness, scores) = Score(aggregates, options);

        progress?.Report(new PipelineProgress(PipelineStage.Analysis, 0.5, "Finding fragile flows"));
        var chokepoints = scores.Points.Where(p => p.IsChokepoint).Select(p => (p.Page, p.Event)).ToList();
        var sample = chokepoints.Count == 0 ? new FragileFlowSample(0, [], 0, 0)
            : previous is not null && previous.FlowLimit == flowLimit && previous.Chokepoints().SequenceEqual(chokepoints) ? previous.Sample
            : await source.FragileFlowsAsync(options.SessionGap, chokepoints, flowLimit, cancellationToken).ConfigureAwait(false);
        var report = scores.Complete(Flows(aggregates, scores, sample), sample.SessionsLostAtChokepoints, sample.UsersLostAtChokepoints);
        progress?.Report(new PipelineProgress(PipelineStage.Analysis, 1, "Done"));
        return new AggregateAnalysisResult(options, aggregates, graph, betweenness, metrics, report, sample.FragileFlowCount,
            aggregated, clock.Elapsed, sample, flowLimit);
    }

    /// <summary>Whether <paramref name="previous"/> counted the same sessions of the same events (its fingerprint, one scan).</summary>
    private static async Task<bool> StillDescribesAsync(AggregateAnalysisResult? previous, IJourneyAggregateSource source, TimeSpan sessionGap,
        IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        if (previous is null || previous.Options.SessionGap != sessionGap || previous.Aggregates.Fingerprint is not { } before) return false;
        progress?.Report(new PipelineProgress(PipelineStage.Sessions, 0, $"Checking that {source.Description} has not changed"));
        return await source.FingerprintAsync(sessionGap, cancellationToken).ConfigureAwait(false) == before;
    }

    /// <summary>The graph, metrics, betweenness and scored pairs of aggregates: Core's maths, no warehouse involved.</summary>
    public static (JourneyGraph Graph, FlowMetrics Metrics, BetweennessResult Betweenness, FrictionScores Scores) Score(
        JourneyAggregates aggregates, AnalysisOptions options)
    {
        var graph = JourneyGraphBuilder.FromTransitions(aggregates.Pages, aggregates.Events, aggregates.NodeOrder, aggregates.Transitions,
            options.Compat);
        var eventCounts = new int[aggregates.Events.Count];
        foreach (var p in aggregates.Pairs) eventCounts[p.Event] += p.Occurrences;
        var totals = new FlowTotals(aggregates.TotalEvents, aggregates.UniqueUsers, aggregates.Sessions, aggregates.Steps,
            [.. Enumerable.Range(0, eventCounts.Length).Select(e => (aggregates.Events[e], eventCounts[e]))]);
        var metrics = FlowMetricsCalculator.Compute(totals, graph);
        var betweenness = Betweenness.Compute(graph, options.EffectiveBetweenness, options.Compat, options.BetweennessSampleAbove,
            options.BetweennessSamples);
        var pairs = aggregates.Pairs;
        var scores = FrictionAnalyzer.Score([.. pairs.Select(p => (p.Page, p.Event))], [.. pairs.Select(p => p.Occurrences)],
            [.. pairs.Select(p => p.Exits)], [.. pairs.Select(p => p.UniqueUsersLost)], aggregates.Pages, aggregates.Events,
            betweenness.Values, options.Compat, options.ChokepointPercentile);
        return (graph, metrics, betweenness, scores);
    }

    private static List<FragileFlow> Flows(JourneyAggregates aggregates, FrictionScores scores, FragileFlowSample sample)
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
                steps[i] = new FlowStep(i, page, evt, ticks, scores.Scores[p], scores.IsChokepoint[p]);
                if (scores.IsChokepoint[p]) count++;
                total += scores.Scores[p];
            }
            flows.Add(new FragileFlow(flow.SessionId, flow.UserId, steps, count, total));
        }
        return flows;
    }
}

/// <summary>
/// An analysis of aggregated events. <see cref="FragileFlowCount"/> counts every fragile flow; the report's
/// <see cref="FrictionReport.FragileFlows"/> holds the ones whose steps came back (all of them up to the flow limit).
/// </summary>
public sealed record AggregateAnalysisResult(
    AnalysisOptions Options,
    JourneyAggregates Aggregates,
    JourneyGraph Graph,
    BetweennessResult BetweennessResult,
    FlowMetrics Metrics,
    FrictionReport Friction,
    int FragileFlowCount,
    TimeSpan AggregationTime,
    TimeSpan TotalTime,
    FragileFlowSample Sample,
    int FlowLimit) : IFrictionAnalysis
{
    /// <summary>The chokepoint pairs, in score order, as the fragile-flow query was given them.</summary>
    public IEnumerable<(string Page, string Event)> Chokepoints() => Friction.Points.Where(p => p.IsChokepoint).Select(p => (p.Page, p.Event));

    public double[] Betweenness => BetweennessResult.Values;
    public BetweennessEstimate? BetweennessEstimate => BetweennessResult.Estimate;
    public int SessionCount => Aggregates.Sessions;

    public int[] SessionStarts()
    {
        var starts = new int[Graph.Pages.Count];
        foreach (var p in Aggregates.Pairs) starts[p.Page] += p.Starts;
        return starts;
    }

    /// <summary>Whether <see cref="FrictionReport.FragileFlows"/> holds every fragile flow.</summary>
    public bool AllFragileFlows => Friction.FragileFlows.Count == FragileFlowCount;
}
