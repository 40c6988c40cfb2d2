using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary>
/// What the one-file report (<see cref="ReportHtmlExport"/>) holds: an analysis, its heatmap, the paths from its main
/// entry page, the dataset's description and its latest comparison. The faces gather it (the command line's
/// <c>report</c>, the dashboard's "Download report"); the export only writes it, so both give the same file.
/// </summary>
/// <param name="Title">The report's title and heading.</param>
/// <param name="GeneratedUtc">When it was written, printed in its heading.</param>
public sealed record Report(string Title, AnalysisResult Result, FlowHeatmap Heatmap, DateTime GeneratedUtc)
{
    /// <summary>Most pages the report's heatmap draws: beyond this it keeps the pages of the highest friction tier that fits.</summary>
    public const int MostHeatmapPages = 60;

    /// <summary>The rows read, accepted and rejected; null when unknown.</summary>
    public ReportRows? Rows { get; init; }

    /// <summary>Where the events are, in words ("events.csv (mixpanel)", "ClickHouse table db.events").</summary>
    public string? Source { get; init; }

    /// <summary>The paths from <see cref="MainEntry"/>; null when no session has a step.</summary>
    public PathResult? EntryPaths { get; init; }

    /// <summary>The dataset's latest comparison (<see cref="LatestComparison"/>), if one was made.</summary>
    public LatestComparison? Comparison { get; init; }

    /// <summary>
    /// Gathers a report of <paramref name="result"/>: its heatmap (laid out as <paramref name="layout"/>, or anew), and the
    /// paths from its main entry page followed in <paramref name="source"/> (in memory, or where a warehouse keeps the events).
    /// </summary>
    public static async Task<Report> BuildAsync(IJourneySource source, AnalysisResult result, string title, DateTime generatedUtc,
        ReportRows? rows = null, string? sourceName = null, LatestComparison? comparison = null,
        IReadOnlyDictionary<int, NodeBox>? layout = null, CancellationToken cancellationToken = default)
    {
        var entry = MainEntry(result);
        var paths = entry is null ? null
            : await source.PathsAsync(result.Aggregates.Key, new PathQuery(entry), result.Aggregates, cancellationToken).ConfigureAwait(false);
        var heatmap = FlowHeatmap.Build(result, layout ?? GraphLayout.Compute(result), HeatmapViewFor(result));
        return new Report(title, result, heatmap, generatedUtc) { Rows = rows, Source = sourceName, EntryPaths = paths, Comparison = comparison };
    }

    /// <summary>
    /// The page most sessions start on (ties: the first in code point order), whose paths the report follows; null
    /// when there are no sessions.
    /// </summary>
    public static string? MainEntry(AnalysisResult result)
    {
        var starts = result.SessionStarts();
        var pages = result.Aggregates.Pages;
        string? best = null;
        var most = 0;
        for (var id = 0; id < starts.Length; id++)
        {
            if (starts[id] == 0) continue;
            var page = pages[id];
            if (starts[id] > most || (starts[id] == most && CodePointComparer.Instance.Compare(page, best) < 0))
                (best, most) = (page, starts[id]);
        }
        return best;
    }

    /// <summary>
    /// The view of the heatmap the report draws: every page when there are at most <see cref="MostHeatmapPages"/>,
    /// else the widest friction tier view (top 50 %, 20 %, 10 %) that fits, else the top 10 %.
    /// </summary>
    public static HeatmapView HeatmapViewFor(AnalysisResult result)
    {
        var tiers = NodeTiers.Assign(result.Friction.NodeMap).Values.ToList();
        int Count(params NodeTier[] kept) => tiers.Count(kept.Contains);
        return result.Graph.Pages.Count <= MostHeatmapPages ? HeatmapView.All
            : Count(NodeTier.Top10, NodeTier.Top20, NodeTier.Top50) <= MostHeatmapPages ? HeatmapView.Top50
            : Count(NodeTier.Top10, NodeTier.Top20) <= MostHeatmapPages ? HeatmapView.Top20
            : HeatmapView.Top10;
    }
}

/// <summary>What the report says of the rows read: how many were read, accepted and rejected, and the columns mapped.</summary>
public sealed record ReportRows(long Read, long Accepted, long Rejected, int DuplicatesDropped = 0, int PagesFromEvents = 0, Events.ColumnMapping? Columns = null);
