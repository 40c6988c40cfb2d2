using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Heatmap;

/// <summary>
/// The heatmap of the tiny case. Its 8 sessions (from the fixture):
/// s_A1 home search product product cart checkout; s_A2 home product help; s_B1 home search product cart help;
/// s_B2 home search product; s_B3 home search product; s_C1 home product product; s_D1 home; s_D2 home search product cart.
/// </summary>
public class FlowHeatmapTests
{
    private static readonly AnalysisResult Tiny = HeatmapCases.Tiny();

    private static FlowHeatmap Build(AnalysisResult result, HeatmapView view = HeatmapView.All, bool allEdges = false) =>
        FlowHeatmap.Build(result, GraphLayout.Compute(result), view, allEdges);

    private static Dictionary<string, HeatmapNode> Nodes(FlowHeatmap heatmap) => heatmap.Nodes.ToDictionary(n => n.Page);

    private static string[] Pages(FlowHeatmap heatmap) => [.. heatmap.Nodes.Select(n => n.Page).Order(StringComparer.Ordinal)];

    private static string[] Edges(FlowHeatmap heatmap) => [.. heatmap.Edges.Select(e => $"{e.From}->{e.To}").Order(StringComparer.Ordinal)];

    [Fact]
    public void Node_traffic_is_the_steps_on_each_page()
    {
        // /home starts all 8 sessions; /search: A1 B1 B2 B3 D2 = 5; /product: A1 x2, A2, B1, B2, B3, C1 x2, D2 = 9;
        // /cart: A1 B1 D2 = 3; /checkout: A1 = 1; /help: A2 B1 = 2. 8 + 5 + 9 + 3 + 1 + 2 = 28 events.
        var nodes = Nodes(Build(Tiny));
        Assert.Equal(8, nodes["/home"].Traffic);
        Assert.Equal(5, nodes["/search"].Traffic);
        Assert.Equal(9, nodes["/product"].Traffic);
        Assert.Equal(3, nodes["/cart"].Traffic);
        Assert.Equal(1, nodes["/checkout"].Traffic);
        Assert.Equal(2, nodes["/help"].Traffic);
        Assert.Equal(28, nodes.Values.Sum(n => n.Traffic));
    }

    [Fact]
    public void Node_exit_rate_is_sessions_ending_on_the_page_over_its_steps()
    {
        // Last pages: A1 /checkout, A2 /help, B1 /help, B2 /product, B3 /product, C1 /product, D1 /home, D2 /cart.
        var nodes = Nodes(Build(Tiny));
        Assert.Equal(1.0 / 8, nodes["/home"].ExitRate, 12);
        Assert.Equal(0.0, nodes["/search"].ExitRate);
        Assert.Equal(3.0 / 9, nodes["/product"].ExitRate, 12);
        Assert.Equal(1.0 / 3, nodes["/cart"].ExitRate, 12);
        Assert.Equal(1.0, nodes["/checkout"].ExitRate, 12);
        Assert.Equal(2.0 / 2, nodes["/help"].ExitRate, 12);
    }

    [Fact]
    public void Node_tooltip_numbers_are_the_node_map_score_and_betweenness()
    {
        // docs/metrics.md, the tiny example: betweenness P = C = 1, S = 2/3, others 0; node map /cart = /product = 1/3.
        var nodes = Nodes(Build(Tiny));
        Assert.Equal(1.0, nodes["/product"].Betweenness, 12);
        Assert.Equal(1.0, nodes["/cart"].Betweenness, 12);
        Assert.Equal(2.0 / 3, nodes["/search"].Betweenness, 12);
        Assert.Equal(0.0, nodes["/home"].Betweenness);
        Assert.Equal(1.0 / 3, nodes["/product"].Score, 12);
        Assert.Equal(1.0 / 3, nodes["/cart"].Score, 12);
        Assert.Equal(0.0, nodes["/help"].Score);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void All_view_keeps_every_page_and_all_eight_transitions(bool allEdges)
    {
        // Transitions: H->S 5, S->P 5, P->P 2 (self-loop), P->C 3, C->checkout 1, H->P 2, P->help 1, C->help 1 = 8 edges.
        // No page has more than 3 outgoing edges (home 2, search 1, product 3, cart 2), so the default draws them all.
        var heatmap = Build(Tiny, HeatmapView.All, allEdges);
        Assert.Equal(["/cart", "/checkout", "/help", "/home", "/product", "/search"], Pages(heatmap));
        var weights = heatmap.Edges.ToDictionary(e => $"{e.From}->{e.To}", e => e.Weight);
        Assert.Equal(8, weights.Count);
        Assert.Equal(5, weights["/home->/search"]);
        Assert.Equal(5, weights["/search->/product"]);
        Assert.Equal(2, weights["/product->/product"]);
        Assert.Equal(3, weights["/product->/cart"]);
        Assert.Equal(1, weights["/cart->/checkout"]);
        Assert.Equal(2, weights["/home->/product"]);
        Assert.Equal(1, weights["/product->/help"]);
        Assert.Equal(1, weights["/cart->/help"]);
    }

    [Theory]
    [InlineData(HeatmapView.Top20)]
    [InlineData(HeatmapView.Top10)]
    public void Top_views_of_tiny_keep_cart_and_product_and_only_the_edges_between_them(HeatmapView view)
    {
        // Both pages are Top10 (tie at 1/3), nothing is Top20; the edges among them: P->C 3 and the self-loop P->P 2.
        var heatmap = Build(Tiny, view, allEdges: true);
        Assert.Equal(["/cart", "/product"], Pages(heatmap));
        Assert.Equal(["/product->/cart", "/product->/product"], Edges(heatmap));
    }

    [Fact]
    public void Top20_view_adds_the_top20_page_that_top10_leaves_out()
    {
        // Sessions: a b c d / a b / a b c / e / f. Edges a->b 3, b->c 2, c->d 1, each the only way out (p = 1).
        // Betweenness: b on a->c and a->d, c on a->d and b->d: both 2, scaled to 1; a, d, e, f 0.
        // Exit rates: b 1/3 (steps 3, session "a b" ends there), c 1/2 (steps 2, "a b c" ends there).
        // Node map: c 1/2, b 1/3, others 0. 6 pages: c is Top10 (ceil 0.6 = 1), b Top20 (ceil 1.2 = 2).
        var result = HeatmapCases.Paths("a b c d", "a b", "a b c", "e", "f");
        var all = Build(result, HeatmapView.All);
        Assert.Equal(["a", "b", "c", "d", "e", "f"], Pages(all));
        Assert.Equal(["a->b", "b->c", "c->d"], Edges(all));
        Assert.Equal(NodeTier.Top10, Nodes(all)["c"].Tier);
        Assert.Equal(NodeTier.Top20, Nodes(all)["b"].Tier);

        var top20 = Build(result, HeatmapView.Top20);
        Assert.Equal(["b", "c"], Pages(top20));
        Assert.Equal(["b->c"], Edges(top20));

        var top10 = Build(result, HeatmapView.Top10);
        Assert.Equal(["c"], Pages(top10));
        Assert.Empty(top10.Edges);
    }

    [Fact]
    public void Top50_view_adds_the_pages_of_the_third_tier()
    {
        // Sessions: a b c d e / a b / a b c / a b c d / f / g. Edges a->b 4, b->c 3, c->d 2, d->e 1, each the only way out.
        // Betweenness (ordered pairs through a page): b on a->c, a->d, a->e (3); c on a->d, a->e, b->d, b->e (4); d on
        // a->e, b->e, c->e (3); scaled by 4: b 0.75, c 1, d 0.75. Exit rates: b 1/4, c 1/3, d 1/2 (e's 1 has betweenness 0).
        // Scores: d 0.375, c 0.333, b 0.1875, others 0. 7 pages: Top10 ceil(0.7) = 1 (d), top 20 % ceil(1.4) = 2 (c),
        // top 50 % ceil(3.5) = 4: b, then a zero score, which stays Rest.
        var result = HeatmapCases.Paths("a b c d e", "a b", "a b c", "a b c d", "f", "g");
        var all = Build(result, HeatmapView.All);
        Assert.Equal((NodeTier.Top10, NodeTier.Top20, NodeTier.Top50), (Nodes(all)["d"].Tier, Nodes(all)["c"].Tier, Nodes(all)["b"].Tier));
        Assert.All(new[] { "a", "e", "f", "g" }, p => Assert.Equal(NodeTier.Rest, Nodes(all)[p].Tier));
        var top50 = Build(result, HeatmapView.Top50);
        Assert.Equal(["b", "c", "d"], Pages(top50));
        Assert.Equal(["b->c", "c->d"], Edges(top50));
        Assert.Equal(["c", "d"], Pages(Build(result, HeatmapView.Top20)));
        Assert.Equal(FlowHeatmap.Colour(NodeTier.Top50), Nodes(all)["b"].Colour);
    }

    [Fact]
    public void A_pinned_page_shows_in_every_view_with_the_edges_to_the_pages_shown()
    {
        // The chain of Top50_view_adds_the_pages_of_the_third_tier: d is the only Top10 page. Pinning c (Top20) and a (Rest)
        // shows them in the Top10 view; the edges among a, c and d are c->d only (a->b and b->c need b).
        var result = HeatmapCases.Paths("a b c d e", "a b", "a b c", "a b c d", "f", "g");
        var pinned = FlowHeatmap.Build(result, GraphLayout.Compute(result), HeatmapView.Top10, pinned: new HashSet<string>(StringComparer.Ordinal) { "c", "a" });
        Assert.Equal(["a", "c", "d"], Pages(pinned));
        Assert.Equal(["c->d"], Edges(pinned));
        Assert.Equal(NodeTier.Rest, Nodes(pinned)["a"].Tier); // pinned, not promoted
    }

    [Fact]
    public void Only_the_three_strongest_outgoing_edges_of_a_page_are_drawn_unless_all_edges()
    {
        // h->a 4 times, h->b 3, h->c 2, h->d 1: the three strongest are a, b, c; h->d is left out by default.
        var result = HeatmapCases.Paths("h a", "h a", "h a", "h a", "h b", "h b", "h b", "h c", "h c", "h d");
        Assert.Equal(["h->a", "h->b", "h->c"], Edges(Build(result)));
        Assert.Equal(["h->a", "h->b", "h->c", "h->d"], Edges(Build(result, allEdges: true)));
        // The pages are all kept: only edges are thinned.
        Assert.Equal(5, Build(result).Nodes.Count);
    }

    [Fact]
    public void Thickness_grows_with_weight_and_stays_within_1_and_6()
    {
        // Weights 1, 1, 1, 2, 2, 3, 5, 5: a heavier edge is strictly thicker, equal weights equally thick.
        var edges = Build(Tiny, allEdges: true).Edges;
        Assert.All(edges, e => Assert.InRange(e.Thickness, 1.0, 6.0));
        foreach (var a in edges)
        {
            foreach (var b in edges)
            {
                if (a.Weight < b.Weight) Assert.True(a.Thickness < b.Thickness, $"{a} should be thinner than {b}");
                if (a.Weight == b.Weight) Assert.Equal(a.Thickness, b.Thickness);
            }
        }
    }

    [Fact]
    public void Nodes_carry_their_tier()
    {
        var nodes = Nodes(Build(Tiny));
        Assert.Equal(NodeTier.Top10, nodes["/cart"].Tier);
        Assert.Equal(NodeTier.Top10, nodes["/product"].Tier);
        Assert.All(new[] { "/home", "/search", "/checkout", "/help" }, p => Assert.Equal(NodeTier.Rest, nodes[p].Tier));
    }

    [Fact]
    public void Tier_colours_are_red_orange_and_grey()
    {
        // NodeTier's docs: Top10 red, Top20 orange, Rest grey. Hue in degrees from the hex colour (HSV).
        var (redHue, redSaturation) = HueAndSaturation(FlowHeatmap.Colour(NodeTier.Top10));
        Assert.True(redHue is < 15 or > 345 && redSaturation > 0.5, $"Top10 hue {redHue}, saturation {redSaturation}");
        var (orangeHue, orangeSaturation) = HueAndSaturation(FlowHeatmap.Colour(NodeTier.Top20));
        Assert.True(orangeHue is >= 15 and <= 45 && orangeSaturation > 0.5, $"Top20 hue {orangeHue}, saturation {orangeSaturation}");
        var (_, greySaturation) = HueAndSaturation(FlowHeatmap.Colour(NodeTier.Rest));
        Assert.True(greySaturation < 0.1, $"Rest saturation {greySaturation}");
    }

    private static (double Hue, double Saturation) HueAndSaturation(string colour)
    {
        Assert.Matches("^#[0-9a-fA-F]{6}$", colour);
        double Channel(int i) => int.Parse(colour.AsSpan(1 + (2 * i), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        double r = Channel(0), g = Channel(1), b = Channel(2);
        var max = Math.Max(r, Math.Max(g, b));
        var delta = max - Math.Min(r, Math.Min(g, b));
        if (delta == 0) return (0, 0);
        var hue = max == r ? 60 * (((g - b) / delta) % 6) : max == g ? 60 * (((b - r) / delta) + 2) : 60 * (((r - g) / delta) + 4);
        return (hue < 0 ? hue + 360 : hue, delta / max);
    }

    [Fact]
    public void Node_exit_rate_carries_its_95_percent_interval()
    {
        // Wilson, z = 1.959963984540054: /product 3 of 9: 1 + z²/9 = 1.4268288, centre (1/3 + z²/18) / 1.4268288 = 0.3831908,
        // half = z·sqrt(2/81 + z²/324) / 1.4268288 = 0.2626070: 0.1205838 to 0.6457979. /cart 1 of 3: centre 0.4269162,
        // half 0.3654242: 0.0614919 to 0.7923404. /help 2 of 2: centre 0.6711901, half 0.3288099: 0.3423802 to 1.
        var nodes = Nodes(Build(Tiny));
        Assert.Equal((0.1205838, 0.6457979), (Math.Round(nodes["/product"].ExitRateLow, 7), Math.Round(nodes["/product"].ExitRateHigh, 7)));
        Assert.Equal((0.0614919, 0.7923404), (Math.Round(nodes["/cart"].ExitRateLow, 7), Math.Round(nodes["/cart"].ExitRateHigh, 7)));
        Assert.Equal((0.3423802, 1.0), (Math.Round(nodes["/help"].ExitRateLow, 7), nodes["/help"].ExitRateHigh));
    }

    [Fact]
    public void Without_goals_no_page_is_a_goal()
    {
        Assert.DoesNotContain(Build(Tiny).Nodes, n => n.IsGoal);
        Assert.Empty(FlowHeatmap.GoalPages(Tiny.Friction));
    }

    [Fact]
    public void A_goal_page_is_green_and_a_page_with_only_some_goal_events_is_not()
    {
        // Goal page /checkout (1 step, Checkout); goal event Scroll: /product has Page View steps too, so it stays a page
        // where sessions can be lost.
        var tiny = AnalysisPipeline.Analyze(CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events,
            AnalysisOptions.Default with { Goals = new GoalSet(["/checkout"], ["Scroll"]) });
        var nodes = Nodes(Build(tiny));
        Assert.Equal(["/checkout"], nodes.Values.Where(n => n.IsGoal).Select(n => n.Page));
        Assert.Equal("#43a047", nodes["/checkout"].Colour);
        Assert.Equal(FlowHeatmap.Colour(nodes["/product"].Tier), nodes["/product"].Colour);

        // Goal event Checkout alone: every step on /checkout is a goal step, so the page is a goal too.
        var byEvent = AnalysisPipeline.Analyze(CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events,
            AnalysisOptions.Default with { Goals = new GoalSet([], ["Checkout"]) });
        Assert.Equal(["/checkout"], FlowHeatmap.GoalPages(byEvent.Friction));
    }
}
