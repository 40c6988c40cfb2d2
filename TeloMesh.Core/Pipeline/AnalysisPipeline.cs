using System.Diagnostics;
using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Stages;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// Composes the stages: a source's aggregates -> graph -> metrics, betweenness and friction -> fragile flows. The one
/// analysis for every source (events read into memory, a warehouse table): it holds no analysis logic of its own,
/// reports progress, honours cancellation, times each stage and reuses an earlier result's stages by their keys.
/// </summary>
public static class AnalysisPipeline
{
    /// <summary>Reads an event file (docs/metrics.md section 1), reporting progress by bytes read.</summary>
    public static IngestResult Ingest(string path, AnalysisOptions options, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default, ColumnMapping? columns = null, Import.EventFormat format = Import.EventFormat.Telomesh,
        Import.UnpackLimits? unpack = null)
    {
        var length = Math.Max(1, new FileInfo(path).Length);
        var ingestProgress = progress is null ? null : new SyncProgress<IngestProgress>(p =>
            progress.Report(new PipelineProgress(PipelineStage.Parse, Math.Min(1, (double)p.BytesRead / length), $"{p.RowsRead:N0} rows read")));
        var ingest = new IngestOptions { Strict = options.Strict, Columns = columns ?? ColumnMapping.Default };
        var result = Import.EventImporter.Read(path, format, ingest, new Import.ImportOptions { Strict = options.Strict, KeepQuery = options.KeepQuery, Unpack = unpack ?? Import.UnpackLimits.Default },
            ingestProgress, cancellationToken);
        if (result.Events.Count == 0)
            throw new InvalidInputException($"No valid events: all {result.RowsRead:N0} rows were rejected. First problem: line " +
                $"{result.Rejected[0].LineNumber}: {result.Rejected[0].Reason}.");
        return result;
    }

    /// <summary>
    /// Analyses events read into memory: <see cref="AnalyzeAsync"/> with an <see cref="EventTableSource"/>, which never
    /// waits, so this returns when it is done.
    /// </summary>
    public static AnalysisResult Analyze(EventTable events, AnalysisOptions options, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default, Action<PipelineStage, TimeSpan, object>? timing = null,
        AnalysisResult? previous = null) =>
        AnalyzeAsync(new EventTableSource(events), options, progress, cancellationToken, timing, previous).GetAwaiter().GetResult();

    /// <summary>
    /// Runs every analysis stage on the aggregates of <paramref name="source"/>. <paramref name="timing"/> hears of each
    /// stage as it ends, with its time and its output (a <see cref="JourneyAggregates"/>, <see cref="JourneyGraph"/>,
    /// <see cref="FlowMetrics"/> or <see cref="FrictionReport"/>).
    /// <para>
    /// With <paramref name="previous"/> (an earlier analysis of the same events), each stage whose key
    /// (<see cref="AnalysisOptions.AggregationKey"/>, <see cref="AnalysisOptions.GraphKey"/>,
    /// <see cref="AnalysisOptions.BetweennessKey"/>) is unchanged is reused, once the source confirms the events are the
    /// same: another betweenness mode or percentile re-scores in milliseconds even for ten million events.
    /// </para>
    /// </summary>
    public static async Task<AnalysisResult> AnalyzeAsync(IJourneySource source, AnalysisOptions options, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default, Action<PipelineStage, TimeSpan, object>? timing = null, AnalysisResult? previous = null)
    {
        async Task<T> Stage<T>(PipelineStage stage, string message, Func<Task<T>> run)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PipelineProgress(stage, 0, message));
            var clock = Stopwatch.StartNew();
            var value = await run().ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            progress?.Report(new PipelineProgress(stage, 1, message));
            timing?.Invoke(stage, elapsed, value!);
            return value;
        }

        var stillDescribes = previous is not null && previous.Options.SessionGap == options.SessionGap
            && await source.StillDescribesAsync(previous.Aggregates, progress, cancellationToken).ConfigureAwait(false);
        var same = stillDescribes && previous!.Options.AggregationKey == options.AggregationKey ? previous : null;
        var aggregates = same?.Aggregates ?? await Stage(PipelineStage.Sessions, "Grouping events into sessions",
            () => source.AggregateAsync(options.AggregationKey, progress, cancellationToken, stillDescribes ? previous!.Aggregates : null))
            .ConfigureAwait(false);
        GoalCheck.ThrowIfUnmatched(options.Goals, aggregates);
        // The graph, its metrics and betweenness know no goals: new goals re-count the sessions and keep them.
        var sameGraph = stillDescribes && previous!.Options.GraphKey == options.GraphKey ? previous : null;
        var graph = sameGraph?.Graph ?? await Stage(PipelineStage.Graph, "Building the journey graph",
            () => Task.FromResult(JourneyGraphBuilder.FromAggregates(aggregates, options.Compat))).ConfigureAwait(false);
        var metrics = sameGraph?.Metrics ?? await Stage(PipelineStage.Metrics, "Computing flow metrics",
            () => Task.FromResult(FlowMetricsCalculator.Compute(aggregates, graph))).ConfigureAwait(false);
        var betweenness = sameGraph is not null && sameGraph.Options.BetweennessKey == options.BetweennessKey ? sameGraph.BetweennessResult : null;
        var friction = await Stage(PipelineStage.Analysis, "Ranking friction", async () =>
        {
            betweenness ??= Betweenness.Compute(graph, options.EffectiveBetweenness, options.Compat, options.BetweennessSampleAbove,
                options.BetweennessSamples);
            var scores = FrictionAnalyzer.Score(aggregates, betweenness.Values, options.FrictionOptions, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PipelineProgress(PipelineStage.Analysis, 0.5, "Finding fragile flows"));
            var flows = await source.FragileFlowsAsync(aggregates, new ChokepointMarks(scores.Scores, scores.IsChokepoint),
                cancellationToken).ConfigureAwait(false);
            return scores.Complete(flows);
        }).ConfigureAwait(false);
        return new AnalysisResult(options, aggregates, graph, betweenness!, metrics, friction);
    }
}
