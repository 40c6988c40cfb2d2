using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Pipeline;

/// <summary>
/// The 28-event case of shared/examples/tiny, in compatibility mode. Every expected number below was worked out by
/// hand in docs/metrics.md, the tiny example in compatibility mode (and matched the original pipeline's own output).
/// </summary>
public class TinyCompatTests
{
    private static readonly AnalysisResult Result = AnalysisPipeline.Analyze(
        TeloMesh.Core.Events.CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events,
        new AnalysisOptions { Compat = CompatMode.TeloMesh });

    private static string Page(int id) => Result.Graph.Pages[id];

    [Fact]
    public void Edges_keep_the_first_seen_event_and_count_only_its_transitions()
    {
        var edges = Result.Graph.Edges.ToDictionary(e => $"{Page(e.From)}->{Page(e.To)}", e => (e.Weight, Result.Graph.EventNames[e.Event]));
        Assert.Equal(8, edges.Count);
        Assert.Equal((4, "Search"), edges["/home->/search"]);
        Assert.Equal((4, "Page View"), edges["/search->/product"]);
        Assert.Equal((2, "Scroll"), edges["/product->/product"]);
        Assert.Equal((3, "Add to Cart"), edges["/product->/cart"]);
        Assert.Equal((1, "Page View"), edges["/product->/help"]);
        Assert.Equal((1, "Checkout"), edges["/cart->/checkout"]);
        Assert.Equal((1, "Page View"), edges["/cart->/help"]);
        Assert.Equal((2, "Page View"), edges["/home->/product"]);
    }

    [Fact]
    public void Node_insertion_order_follows_sorted_sessions()
    {
        Assert.Equal(["/home", "/search", "/product", "/cart", "/checkout", "/help"], Result.Graph.NodeOrder.Select(Page));
    }

    [Fact]
    public void Betweenness_divided_by_the_largest()
    {
        var b = Result.Graph.NodeOrder.ToDictionary(Page, n => Result.Betweenness[n]);
        Assert.Equal(1.0, b["/product"]);
        Assert.Equal(0.5, b["/cart"]);
        Assert.Equal(0.0, b["/home"]);
        Assert.Equal(0.0, b["/search"]);
        Assert.Equal(0.0, b["/checkout"]);
        Assert.Equal(0.0, b["/help"]);
    }

    [Fact]
    public void Friction_rows_in_order_with_every_number()
    {
        var rows = Result.Friction.Points.Select(p => (p.Page, p.Event, p.Occurrences, p.Exits, p.ExitRate, p.UsersLost, p.Betweenness, p.Score)).ToList();
        Assert.Equal(
        [
            ("/product", "Page View", 6, 2, 1.0 / 3, 2, 1.0, 1.0 / 3),
            ("/product", "Scroll", 3, 1, 1.0 / 3, 1, 1.0, 1.0 / 3),
            ("/cart", "Add to Cart", 3, 1, 1.0 / 3, 1, 0.5, 1.0 / 6),
            ("/checkout", "Checkout", 1, 1, 1.0, 1, 0.0, 0.0),
            ("/help", "Page View", 2, 2, 1.0, 2, 0.0, 0.0),
            ("/home", "Page View", 8, 1, 1.0 / 8, 1, 0.0, 0.0),
            ("/search", "Click", 1, 0, 0.0, 0, 0.0, 0.0),
            ("/search", "Search", 4, 0, 0.0, 0, 0.0, 0.0),
        ], rows);
        // users_lost counts sessions: both (/product, Page View) exits are user u_B.
        Assert.Equal(1, Result.Friction.Points[0].UniqueUsersLost);
    }

    [Fact]
    public void Threshold_lands_on_the_tie_and_makes_two_chokepoints()
    {
        // Scores ascending [0,0,0,0,0,1/6,1/3,1/3]; h = 0.9 * 7 = 6.3 -> v[6] + 0.3 * (v[7] - v[6]) = 1/3.
        Assert.Equal(1.0 / 3, Result.Friction.ChokepointThreshold);
        Assert.Equal([("/product", "Page View"), ("/product", "Scroll")], Result.Friction.Chokepoints.Select(p => (p.Page, p.Event)));
    }

    [Fact]
    public void Fragile_flows_are_s_A1_and_s_C1_with_nine_steps()
    {
        Assert.Equal(["s_A1", "s_C1"], Result.Friction.FragileFlows.Select(f => f.SessionId));
        Assert.Equal(9, Result.Friction.FragileFlows.Sum(f => f.Steps.Count));
        Assert.Equal([false, false, true, true, false, false], Result.Friction.FragileFlows[0].Steps.Select(s => s.IsChokepoint));
    }

    [Fact]
    public void Node_map_holds_each_pages_highest_score()
    {
        Assert.Equal(["/cart", "/checkout", "/help", "/home", "/product", "/search"], Result.Friction.NodeMap.Keys);
        Assert.Equal(1.0 / 6, Result.Friction.NodeMap["/cart"]);
        Assert.Equal(1.0 / 3, Result.Friction.NodeMap["/product"]);
        Assert.Equal(0.0, Result.Friction.NodeMap["/home"]);
    }
}
