using TeloMesh.Core.Export;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Heatmap;

/// <summary>
/// The heatmap's funnel layout (docs/metrics.md section 10, "Funnel"), worked by hand: each page's first visit per session
/// at its step with repeats collapsed, the lower median of those steps, and the columns they make.
/// </summary>
public class FunnelLayoutTests
{
    /// <summary>
    /// s00 /a /b /c: a at step 1, b 2, c 3.
    /// s01 /a /c: a 1, c 2.
    /// s02 /b /b(click) /c: the two /b steps are one step, so b 1, c 2.
    /// s03 /a /b /a /d: a 1 (its second visit, step 3, is not a first), b 2, d 4.
    /// s04 /e /d /e /d /e /d: e 1, d 2 (only the first visit counts).
    /// </summary>
    private static readonly AnalysisResult Shop = HeatmapCases.Paths("/a /b /c", "/a /c", "/b /b:click /c", "/a /b /a /d", "/e /d /e /d /e /d");

    private static Dictionary<(string, int), int> Counts(AnalysisResult result) =>
        result.Aggregates.PageSteps.ToDictionary(c => (result.Aggregates.Pages[c.Page], c.Step), c => c.Sessions);

    private static Dictionary<string, int> Typical(AnalysisResult result)
    {
        var typical = FunnelSteps.Typical(result.Aggregates);
        return Enumerable.Range(0, typical.Length).ToDictionary(p => result.Aggregates.Pages[p], p => typical[p]);
    }

    [Fact]
    public void Each_session_counts_its_first_visit_of_a_page_at_its_step_with_repeats_collapsed()
    {
        Assert.Equal(new Dictionary<(string, int), int>
        {
            [("/a", 1)] = 3,
            [("/b", 1)] = 1,
            [("/b", 2)] = 2,
            [("/c", 2)] = 2,
            [("/c", 3)] = 1,
            [("/d", 2)] = 1,
            [("/d", 4)] = 1,
            [("/e", 1)] = 1,
        }, Counts(Shop));
    }

    [Fact]
    public void A_pages_typical_step_is_the_lower_median_of_its_first_visits()
    {
        // /b: steps 1, 2, 2 -> 2. /c: 2, 2, 3 -> 2. /d: 2 and 4, an even count: the lower middle, 2 (every visit would give
        // 2, 4, 4, 6 -> 4, and the upper middle 4).
        Assert.Equal(new Dictionary<string, int> { ["/a"] = 1, ["/b"] = 2, ["/c"] = 2, ["/d"] = 2, ["/e"] = 1 }, Typical(Shop));
    }

    [Fact]
    public void Steps_from_the_twentieth_on_count_as_the_twentieth()
    {
        var pages = Enumerable.Range(1, 22).Select(i => $"/p{i:00}").ToArray();
        var result = HeatmapCases.Paths(string.Join(' ', pages));
        var counts = Counts(result);
        Assert.Equal(1, counts[("/p19", 19)]);
        Assert.Equal(1, counts[("/p20", 20)]);
        Assert.Equal(1, counts[("/p21", 20)]);
        Assert.Equal(1, counts[("/p22", 20)]);
        Assert.DoesNotContain(counts.Keys, k => k.Item2 > FunnelSteps.MaxStep);
        var layout = GraphLayout.Funnel(result);
        Assert.Equal([.. Enumerable.Range(1, 19).Select(i => $"step {i}"), "step 20+"], layout.Columns.Select(c => c.Label));
    }

    [Fact]
    public void Pages_stand_in_columns_by_typical_step_the_busiest_on_top()
    {
        var layout = GraphLayout.Funnel(Shop);
        var boxes = layout.Boxes.ToDictionary(b => Shop.Graph.Pages[b.Key], b => b.Value);
        Assert.Equal(["step 1", "step 2"], layout.Columns.Select(c => c.Label));
        // Step 1: /a (4 steps) over /e (3). Step 2: /b and /d (4 steps each, /b met first) over /c (3).
        Assert.Equal(boxes["/a"].CenterX, boxes["/e"].CenterX);
        Assert.True(boxes["/a"].Y + boxes["/a"].Height < boxes["/e"].Y);
        Assert.Equal(boxes["/b"].CenterX, boxes["/c"].CenterX);
        Assert.Equal(boxes["/b"].CenterX, boxes["/d"].CenterX);
        Assert.True(boxes["/b"].Y + boxes["/b"].Height < boxes["/d"].Y);
        Assert.True(boxes["/d"].Y + boxes["/d"].Height < boxes["/c"].Y);
        Assert.True(boxes["/a"].X + boxes["/a"].Width < boxes["/b"].X, "step 2 stands right of step 1");
        // Each heading spans its column's boxes.
        foreach (var (column, pages) in layout.Columns.Zip(new[] { new[] { "/a", "/e" }, ["/b", "/c", "/d"] }))
            Assert.All(pages, p => Assert.InRange(boxes[p].CenterX, column.X, column.X + column.Width));
    }

    [Fact]
    public void A_column_of_more_than_ten_pages_stands_in_stacks_side_by_side_under_one_heading()
    {
        var fan = HeatmapCases.Paths([.. Enumerable.Range(0, GraphLayout.MaxPerColumn + 2).Select(i => $"hub leaf{i:00}")]);
        var layout = GraphLayout.Funnel(fan);
        Assert.Equal(["step 1", "step 2"], layout.Columns.Select(c => c.Label));
        var leaves = layout.Boxes.Where(b => fan.Graph.Pages[b.Key] != "hub").Select(b => b.Value).ToList();
        Assert.Equal(2, leaves.Select(b => b.CenterX).Distinct().Count());
        Assert.Equal(GraphLayout.MaxPerColumn, leaves.GroupBy(b => b.CenterX).Max(g => g.Count()));
        Assert.All(leaves, b => Assert.InRange(b.CenterX, layout.Columns[1].X, layout.Columns[1].X + layout.Columns[1].Width));
        var all = layout.Boxes.Values.ToList();
        for (var i = 0; i < all.Count; i++)
            for (var j = i + 1; j < all.Count; j++)
                Assert.True(all[i].X + all[i].Width <= all[j].X || all[j].X + all[j].Width <= all[i].X
                    || all[i].Y + all[i].Height <= all[j].Y || all[j].Y + all[j].Height <= all[i].Y, $"{all[i]} and {all[j]} overlap");
    }

    [Fact]
    public void The_heatmap_keeps_the_headings_of_columns_with_a_page_shown_and_the_export_draws_them()
    {
        var layout = GraphLayout.Funnel(Shop);
        var all = FlowHeatmap.Build(Shop, layout.Boxes, HeatmapView.All, columns: layout.Columns);
        Assert.Equal(["step 1", "step 2"], all.Columns.Select(c => c.Label));
        var html = HeatmapHtmlExport.Render(all, "Funnel");
        Assert.Contains(">step 1</text>", html, StringComparison.Ordinal);
        Assert.Contains(">step 2</text>", html, StringComparison.Ordinal);
        Assert.Contains(HeatmapHtmlExport.FunnelMeaning, html, StringComparison.Ordinal);
        // Only the pinned /e shown (the top tenth holds one page, not /e): the heading of step 2 goes unless its page shows.
        var top = FlowHeatmap.Build(Shop, layout.Boxes, HeatmapView.Top10, pinned: new HashSet<string>(StringComparer.Ordinal) { "/e" }, columns: layout.Columns);
        var shownSteps = top.Nodes.Select(n => Typical(Shop)[n.Page]).Distinct().Order().Select(s => $"step {s}");
        Assert.Equal(shownSteps, top.Columns.Select(c => c.Label));
        Assert.DoesNotContain("<text class=\"column\"", HeatmapHtmlExport.Render(FlowHeatmap.Build(Shop, GraphLayout.Compute(Shop)), "Layers"), StringComparison.Ordinal);
    }
}
