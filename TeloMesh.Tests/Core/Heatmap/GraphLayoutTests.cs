using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Heatmap;

/// <summary>
/// GraphLayout's docs: every page gets a box sized by traffic; pages where at least 5 % of sessions start are on top;
/// journeys flow down by hop distance from them; layers wider than <see cref="GraphLayout.MaxPerRow"/> wrap.
/// </summary>
public class GraphLayoutTests
{
    private static readonly AnalysisResult Tiny = HeatmapCases.Tiny();

    private static Dictionary<string, NodeBox> Boxes(AnalysisResult result) =>
        GraphLayout.Compute(result).ToDictionary(p => result.Graph.Pages[p.Key], p => p.Value);

    private static double Bottom(NodeBox box) => box.Y + box.Height;

    /// <summary>Every box of <paramref name="upper"/> ends above every box of <paramref name="lower"/> starts.</summary>
    private static void Above(Dictionary<string, NodeBox> boxes, string[] upper, string[] lower)
    {
        foreach (var u in upper)
            foreach (var l in lower)
                Assert.True(Bottom(boxes[u]) < boxes[l].Y, $"{u} ({boxes[u]}) should be above {l} ({boxes[l]})");
    }

    private static void NoOverlap(IReadOnlyDictionary<int, NodeBox> layout)
    {
        var boxes = layout.ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i].Value, boxes[j].Value);
                var apart = a.X + a.Width <= b.X || b.X + b.Width <= a.X || a.Y + a.Height <= b.Y || b.Y + b.Height <= a.Y;
                Assert.True(apart, $"boxes of pages {boxes[i].Key} ({a}) and {boxes[j].Key} ({b}) overlap");
            }
        }
    }

    /// <summary>One hub page followed, in separate sessions, by <paramref name="leaves"/> different pages.</summary>
    private static AnalysisResult Fan(int leaves) => HeatmapCases.Paths([.. Enumerable.Range(0, leaves).Select(i => $"hub leaf{i:00}")]);

    [Fact]
    public void Every_page_gets_a_box_with_a_positive_size()
    {
        var layout = GraphLayout.Compute(Tiny);
        Assert.Equal(Enumerable.Range(0, 6), layout.Keys.Order());
        Assert.All(layout.Values, b => Assert.True(b.Width > 0 && b.Height > 0, b.ToString()));
    }

    [Fact]
    public void No_two_boxes_overlap()
    {
        NoOverlap(GraphLayout.Compute(Tiny));
        NoOverlap(GraphLayout.Compute(Fan(GraphLayout.MaxPerRow * 2 + 3)));
        NoOverlap(GraphLayout.Compute(HeatmapCases.Paths("a b c d", "a b", "a b c", "e", "f")));
    }

    [Fact]
    public void Tiny_entry_is_on_top_and_pages_further_from_it_are_lower()
    {
        // All 8 sessions start on /home, no other page starts one: /home is the only entry (depth 0).
        // Hops from /home: /search and /product 1 (H->S, H->P); /cart and /help 2 (P->C, P->help); /checkout 3 (C->K).
        var boxes = Boxes(Tiny);
        string[] depth0 = ["/home"], depth1 = ["/search", "/product"], depth2 = ["/cart", "/help"], depth3 = ["/checkout"];
        Above(boxes, depth0, [.. depth1, .. depth2, .. depth3]);
        Above(boxes, depth1, [.. depth2, .. depth3]);
        Above(boxes, depth2, depth3);
    }

    [Fact]
    public void A_chain_goes_down_one_row_per_hop()
    {
        // One session a -> b -> c: a is the entry, b one hop from it, c two.
        var boxes = Boxes(HeatmapCases.Paths("a b c"));
        Above(boxes, ["a"], ["b", "c"]);
        Above(boxes, ["b"], ["c"]);
    }

    [Fact]
    public void A_page_where_exactly_5_percent_of_sessions_start_is_an_entry()
    {
        // 20 sessions: 19 start on a, 1 on z: 1/20 = 5 % >= 5 %, so z is an entry beside a, above b.
        var boxes = Boxes(HeatmapCases.Paths([.. Enumerable.Repeat("a b", 19), "z b"]));
        Above(boxes, ["a", "z"], ["b"]);
    }

    [Fact]
    public void A_page_where_fewer_than_5_percent_of_sessions_start_is_not_an_entry()
    {
        // 21 sessions: 20 start on a, 1 on z: 1/21 < 5 %. No entry reaches z (nothing leads to it), so it comes after the
        // deepest layer (b, one hop from a).
        var boxes = Boxes(HeatmapCases.Paths([.. Enumerable.Repeat("a b", 20), "z b"]));
        Above(boxes, ["a"], ["b", "z"]);
        Above(boxes, ["b"], ["z"]);
    }

    [Fact]
    public void A_layer_wider_than_MaxPerRow_wraps_into_rows()
    {
        // hub -> MaxPerRow + 2 leaves: all leaves are one hop from the entry hub, one layer of MaxPerRow + 2 pages.
        // Leaves have equal traffic and equal-length names, so equal boxes: each row's boxes share one Y.
        var leaves = GraphLayout.MaxPerRow + 2;
        var boxes = Boxes(Fan(leaves));
        var rows = boxes.Where(b => b.Key != "hub").GroupBy(b => b.Value.Y).OrderBy(g => g.Key).Select(g => g.Count()).ToList();
        Assert.Equal([GraphLayout.MaxPerRow, 2], rows);
        Above(boxes, ["hub"], [.. boxes.Keys.Where(p => p != "hub")]);
    }

    [Fact]
    public void A_layer_of_MaxPerRow_pages_stays_in_one_row()
    {
        var boxes = Boxes(Fan(GraphLayout.MaxPerRow));
        Assert.Single(boxes.Where(b => b.Key != "hub").Select(b => b.Value.Y).Distinct());
    }

    [Fact]
    public void The_same_input_gives_the_same_layout()
    {
        var again = HeatmapCases.Tiny();
        var first = GraphLayout.Compute(Tiny);
        var second = GraphLayout.Compute(again);
        Assert.Equal(first.OrderBy(p => p.Key), second.OrderBy(p => p.Key));
        var fan = Fan(GraphLayout.MaxPerRow * 2 + 3);
        Assert.Equal(GraphLayout.Compute(fan).OrderBy(p => p.Key), GraphLayout.Compute(fan).OrderBy(p => p.Key));
    }

    [Fact]
    public void Box_width_grows_with_traffic()
    {
        // /home, /cart and /help have 5-character names, so the same base width; traffic 8, 3 and 2 steps.
        var boxes = Boxes(Tiny);
        Assert.Equal(GraphLayout.Width("/home"), GraphLayout.Width("/cart"));
        Assert.Equal(GraphLayout.Width("/home"), GraphLayout.Width("/help"));
        Assert.True(boxes["/home"].Width > boxes["/cart"].Width, $"{boxes["/home"]} vs {boxes["/cart"]}");
        Assert.True(boxes["/cart"].Width > boxes["/help"].Width, $"{boxes["/cart"]} vs {boxes["/help"]}");
        // Busier pages are up to 1.6 times bigger than the base width for their name.
        Assert.All(boxes, b => Assert.InRange(b.Value.Width, GraphLayout.Width(b.Key), (GraphLayout.Width(b.Key) * 1.6) + 1e-9));
    }

    [Fact]
    public void Without_traffic_every_box_has_the_base_width()
    {
        // Compute(graph) with no traffic: all pages get the width for their name, no scaling.
        var layout = GraphLayout.Compute(Tiny.Graph);
        Assert.All(layout, b => Assert.Equal(GraphLayout.Width(Tiny.Graph.Pages[b.Key]), b.Value.Width, 9));
    }
}
