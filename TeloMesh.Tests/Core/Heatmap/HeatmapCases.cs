using TeloMesh.Core.Events;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Heatmap;

/// <summary>Analyses shared by the heatmap tests, all in the default mode.</summary>
internal static class HeatmapCases
{
    /// <summary>The 28-event tiny case (docs/metrics.md, the tiny example).</summary>
    public static AnalysisResult Tiny() => AnalysisPipeline.Analyze(
        CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events, AnalysisOptions.Default);

    /// <summary>Each path is one session of user <c>u</c> (see <see cref="SessionCsv.Paths"/>).</summary>
    public static AnalysisResult Paths(params string[] paths) => AnalysisPipeline.Analyze(SessionCsv.Paths(paths), AnalysisOptions.Default);

    /// <summary>The page id of <paramref name="page"/> in the result's graph.</summary>
    public static int Id(this AnalysisResult result, string page)
    {
        var id = result.Graph.Pages.Find(page);
        Assert.True(id >= 0, $"page {page} is not in the graph");
        return id;
    }
}
