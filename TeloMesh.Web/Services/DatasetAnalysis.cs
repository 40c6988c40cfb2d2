using TeloMesh.Core.Events;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Services;

/// <summary>
/// A finished analysis of one dataset, immutable and shared by every user: the events as read (kept so a
/// re-analysis with other options does not read the file again), the result, and the heatmap layout, computed once
/// on first use so the dashboard and the HTML export place pages identically.
/// A ClickHouse dataset has no events here (<see cref="Ingest"/> is null): its result was aggregated where they live.
/// </summary>
public sealed class DatasetAnalysis(string name, IngestResult? ingest, AnalysisResult result, ColumnMapping columns, DateTime analysedUtc,
    Task? written = null)
{
    private readonly Lazy<IReadOnlyDictionary<int, NodeBox>> _layout = new(() => GraphLayout.Compute(result));
    private readonly Lazy<PageLayout> _funnel = new(() => GraphLayout.Funnel(result));

    public string Name { get; } = name;
    public IngestResult? Ingest { get; } = ingest;
    public AnalysisResult Result { get; } = result;
    public ColumnMapping Columns { get; } = columns;

    /// <summary>When this analysis was written (its <c>dataset_info.json</c>), to notice a newer one made elsewhere.</summary>
    public DateTime AnalysedUtc { get; } = analysedUtc;

    /// <summary>
    /// Completes when this analysis's output files are on disk; faults (with an
    /// <see cref="TeloMesh.Core.Datasets.OutputWriteException"/>) when they cannot be written. A re-analysis of loaded
    /// events is shown as soon as its numbers are ready and writes its files after (see <see cref="AnalysisStore"/>).
    /// </summary>
    public Task Written { get; } = written ?? Task.CompletedTask;

    public IReadOnlyDictionary<int, NodeBox> Layout => _layout.Value;

    /// <summary>
    /// About how much memory this analysis holds, for the store's budget: 100 bytes per event read into memory (its
    /// columns, its session steps and their share of the counts; measured at 80-100 on ten million events), and for a
    /// table aggregated elsewhere only its counts (64 bytes per pair and transition).
    /// </summary>
    public long EstimatedBytes =>
        Result.LocalSessions is not null || Ingest is not null
            ? 100L * Result.Aggregates.TotalEvents
            : 64L * (Result.Aggregates.Pairs.Count + Result.Aggregates.Transitions.Count);

    /// <summary>The sessions this analysis shows: all, or the slice of a filtered view (<see cref="AnalysisStore.GetViewAsync"/>).</summary>
    public TeloMesh.Core.Journeys.Slice View => Result.Options.Filter;

    /// <summary>The heatmap of <paramref name="view"/>, laid out in layers (the default) or as a funnel (<paramref name="layout"/>).</summary>
    public FlowHeatmap Heatmap(HeatmapView view, bool allEdges = false, IReadOnlySet<string>? pinned = null, LayoutKind layout = LayoutKind.Layered) =>
        layout == LayoutKind.Funnel
            ? FlowHeatmap.Build(Result, _funnel.Value.Boxes, view, allEdges, pinned, _funnel.Value.Columns)
            : FlowHeatmap.Build(Result, Layout, view, allEdges, pinned);
}
