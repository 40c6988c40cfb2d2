using System.Diagnostics;
using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// Composes the stages: events -> sessions -> graph -> metrics and friction. Holds no analysis logic of its own; it
/// reports progress, honours cancellation and times each stage.
/// </summary>
public static class AnalysisPipeline
{
    /// <summary>Reads an event file (SPEC.md section 1), reporting progress by bytes read.</summary>
    public static IngestResult Ingest(string path, AnalysisOptions options, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default, ColumnMapping? columns = null, Import.EventFormat format = Import.EventFormat.Telomesh)
    {
        var length = Math.Max(1, new FileInfo(path).Length);
        var ingestProgress = progress is null ? null : new SyncProgress<IngestProgress>(p =>
            progress.Report(new PipelineProgress(PipelineStage.Parse, Math.Min(1, (double)p.BytesRead / length), $"{p.RowsRead:N0} rows read")));
        var ingest = new IngestOptions { Strict = options.Strict, Columns = columns ?? ColumnMapping.Default };
        var result = Import.EventImporter.Read(path, format, ingest, new Import.ImportOptions { Strict = options.Strict, KeepQuery = options.KeepQuery },
            ingestProgress, cancellationToken);
        if (result.Events.Count == 0)
            throw new InvalidInputException($"No valid events: all {result.RowsRead:N0} rows were rejected. First problem: line " +
                $"{result.Rejected[0].LineNumber}: {result.Rejected[0].Reason}.");
        return result;
    }

    /// <summary>
    /// Runs every analysis stage on loaded events. <paramref name="timing"/> hears of each stage as it ends, with its
    /// time and its output (a <see cref="SessionSet"/>, <see cref="JourneyGraph"/>, <see cref="FlowMetrics"/> or
    /// <see cref="FrictionReport"/>).
    /// <para>
    /// With <paramref name="previous"/> (an analysis of the same <paramref name="events"/>), the stages the changed
    /// options do not touch are reused: another betweenness mode or percentile keeps the sessions, the graph, the
    /// metrics and the friction counts, and re-scores in milliseconds even for ten million events.
    /// </para>
    /// </summary>
    public static AnalysisResult Analyze(EventTable events, AnalysisOptions options, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default, Action<PipelineStage, TimeSpan, object>? timing = null,
        AnalysisResult? previous = null)
    {
        T Stage<T>(PipelineStage stage, string message, Func<T> run)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new PipelineProgress(stage, 0, message));
            var clock = Stopwatch.StartNew();
            var value = run();
            var elapsed = clock.Elapsed;
            progress?.Report(new PipelineProgress(stage, 1, message));
            timing?.Invoke(stage, elapsed, value!);
            return value;
        }

        var same = previous is not null && ReferenceEquals(previous.Sessions.Events, events)
            && previous.Options.SessionGap == options.SessionGap && previous.Options.Compat == options.Compat ? previous : null;
        var sessions = same?.Sessions ?? Stage(PipelineStage.Sessions, "Grouping events into sessions",
            () => Sessionizer.Build(events, new SessionOptions { Gap = options.SessionGap }));
        var graph = same?.Graph ?? Stage(PipelineStage.Graph, "Building the journey graph", () => JourneyGraphBuilder.Build(sessions, options.Compat));
        var metrics = same?.Metrics ?? Stage(PipelineStage.Metrics, "Computing flow metrics", () => FlowMetricsCalculator.Compute(sessions, graph));
        var sameBetweenness = same is not null && same.Options.EffectiveBetweenness == options.EffectiveBetweenness
            && same.Options.BetweennessSampleAbove == options.BetweennessSampleAbove && same.Options.BetweennessSamples == options.BetweennessSamples;
        var betweenness = sameBetweenness ? same!.BetweennessResult : null;
        FrictionCounts? counts = same?.Counts;
        var friction = Stage(PipelineStage.Analysis, "Ranking friction", () =>
        {
            betweenness ??= Betweenness.Compute(graph, options.EffectiveBetweenness, options.Compat,
                options.BetweennessSampleAbove, options.BetweennessSamples);
            counts ??= FrictionCounts.Count(sessions);
            return FrictionAnalyzer.Analyze(counts, betweenness.Values, options.Compat, options.ChokepointPercentile);
        });
        return new AnalysisResult(options, sessions, graph, betweenness!, metrics, counts!, friction);
    }
}
