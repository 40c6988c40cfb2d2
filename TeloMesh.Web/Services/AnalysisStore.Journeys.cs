using System.Collections.Concurrent;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Services;

/// <summary>
/// The store's journey questions of a dataset as a view shows it: paths, the one-file report, a chokepoint's evidence,
/// resilience, pages and segments, each answered from the loaded sessions or where a ClickHouse dataset's events live.
/// </summary>
public sealed partial class AnalysisStore
{
    /// <summary>
    /// A path view (docs/metrics.md section 10) of dataset <paramref name="name"/> as <paramref name="view"/> shows it: from
    /// the loaded sessions (the view's own), or followed in ClickHouse for a ClickHouse dataset. The analysis's goals end
    /// paths from a page.
    /// </summary>
    public async Task<PathResult> PathsAsync(string name, Slice view, PathQuery query, CancellationToken cancellationToken = default)
    {
        var analysis = await GetViewAsync(name, view, cancellationToken: cancellationToken);
        return await WithSource(analysis, source => Task.Run(() =>
            source.PathsAsync(analysis.Result.Aggregates.Key, query, analysis.Result.Aggregates, cancellationToken), cancellationToken));
    }

    /// <summary>
    /// The one-file report (docs/metrics.md section 15) of dataset <paramref name="name"/> as <paramref name="view"/> shows it:
    /// its analysis and heatmap (laid out as on the Heatmap page), the paths from its main entry page followed in memory or
    /// in ClickHouse, and its latest comparison (<see cref="LatestComparison"/>, written by whichever face made it).
    /// </summary>
    public async Task<Report> ReportAsync(string name, Slice view, CancellationToken cancellationToken = default)
    {
        var analysis = await GetViewAsync(name, view, cancellationToken: cancellationToken);
        var paths = Paths(name);
        var comparison = LatestComparison.TryRead(paths.Output(LatestComparison.FileName));
        var info = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
        return await WithSource(analysis, source => Task.Run(() => Report.BuildAsync(source, analysis.Result,
            $"TeloMesh report · {name}{(view.IsAll ? "" : $" · sessions starting {TeloMesh.Core.Text.Bidi.Isolate(view.ToString())}")}", clock.GetUtcNow().UtcDateTime,
            info?.ReportRows(analysis.Columns), info?.SourceDescription ?? source.Description, comparison, analysis.Layout, cancellationToken), cancellationToken));
    }

    /// <summary>
    /// The sessions of dataset <paramref name="name"/> as <paramref name="view"/> shows it that pass (<paramref name="page"/>,
    /// <paramref name="evt"/>), for its evidence file: from the loaded sessions, or picked in ClickHouse.
    /// </summary>
    public async Task<EvidenceSample> EvidenceAsync(string name, Slice view, string page, string evt, CancellationToken cancellationToken = default)
    {
        var analysis = await GetViewAsync(name, view, cancellationToken: cancellationToken);
        return await WithSource(analysis, source => Task.Run(() =>
            source.EvidenceAsync(analysis.Result.Aggregates, page, evt, EvidenceSample.DefaultCount, cancellationToken), cancellationToken));
    }

    /// <summary>
    /// Journey resilience (docs/metrics.md section 14) of dataset <paramref name="name"/> as <paramref name="view"/> shows it:
    /// counted from the loaded sessions, or in ClickHouse for a ClickHouse dataset.
    /// </summary>
    public async Task<TeloMesh.Core.Metrics.Resilience> ResilienceAsync(string name, Slice view, CancellationToken cancellationToken = default)
    {
        var analysis = await GetViewAsync(name, view, cancellationToken: cancellationToken);
        var result = analysis.Result;
        return await WithSource(analysis, source => TeloMesh.Core.Metrics.Resilience.Of(result.Graph, result.Betweenness, result.Aggregates, source, cancellationToken));
    }

    /// <summary>
    /// The pages of dataset <paramref name="name"/> as read, before grouping rules, with their events (busiest first): from
    /// the loaded events, or one grouping in ClickHouse.
    /// </summary>
    public async Task<IReadOnlyList<TeloMesh.Core.Grouping.PageCount>> PagesAsync(string name, CancellationToken cancellationToken = default)
    {
        var whole = await GetAsync(name, cancellationToken: cancellationToken);
        return await WithSource(whole, source => source.PagesAsync(cancellationToken));
    }

    /// <summary>
    /// The dataset's segment columns (every column besides the mapped ones) with their most frequent values, counted by
    /// sessions' first steps: from the loaded sessions, or in ClickHouse for a ClickHouse dataset.
    /// </summary>
    /// <remarks>Kept with the analysis they describe, so the pages of a ClickHouse dataset ask its table once.</remarks>
    public async Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(string name, CancellationToken cancellationToken = default)
    {
        var whole = await GetAsync(name, cancellationToken: cancellationToken);
        if (_segments.TryGetValue(name, out var kept) && ReferenceEquals(kept.Whole, whole.Result)) return kept.Columns;
        var columns = await WithSource(whole, source =>
            source.SegmentsAsync(whole.Result.Aggregates.Key with { Filter = Slice.All }, whole.Result.Aggregates, cancellationToken));
        _segments[name] = (whole.Result, columns);
        return columns;
    }

    private readonly ConcurrentDictionary<string, (AnalysisResult Whole, IReadOnlyList<SegmentColumn> Columns)> _segments = new(StringComparer.Ordinal);
}
