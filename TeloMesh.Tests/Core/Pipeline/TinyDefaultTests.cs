using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Pipeline;

/// <summary>The tiny case in the default mode; expected numbers from docs/metrics.md, the tiny example.</summary>
public class TinyDefaultTests
{
    private static readonly AnalysisResult Result = AnalysisPipeline.Analyze(
        TeloMesh.Core.Events.CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events, AnalysisOptions.Default);

    private static string Page(int id) => Result.Graph.Pages[id];

    [Fact]
    public void Edge_weights_count_every_transition()
    {
        var edges = Result.Graph.Edges.ToDictionary(e => $"{Page(e.From)}->{Page(e.To)}", e => (e.Weight, Result.Graph.EventNames[e.Event]));
        Assert.Equal((5, "Search"), edges["/home->/search"]);
        Assert.Equal((5, "Page View"), edges["/search->/product"]);
        Assert.Equal((2, "Scroll"), edges["/product->/product"]);
        Assert.Equal((3, "Add to Cart"), edges["/product->/cart"]);
        Assert.Equal((2, "Page View"), edges["/home->/product"]);
    }

    [Fact]
    public void Probability_betweenness_routes_through_search_and_cart()
    {
        var b = Result.Graph.NodeOrder.ToDictionary(Page, n => Result.Betweenness[n]);
        Assert.Equal(1.0, b["/product"]);
        Assert.Equal(1.0, b["/cart"]);
        Assert.Equal(2.0 / 3, b["/search"], 12);
        Assert.Equal(0.0, b["/home"]);
        Assert.Equal(0.0, b["/checkout"]);
        Assert.Equal(0.0, b["/help"]);
    }

    [Fact]
    public void Three_chokepoints_and_four_fragile_flows()
    {
        Assert.Equal(
            [("/cart", "Add to Cart"), ("/product", "Page View"), ("/product", "Scroll")],
            Result.Friction.Chokepoints.Select(p => (p.Page, p.Event)));
        Assert.All(Result.Friction.Chokepoints, p => Assert.Equal(1.0 / 3, p.Score));
        Assert.Equal(["s_A1", "s_B1", "s_C1", "s_D2"], Result.Friction.FragileFlows.Select(f => f.SessionId));
    }

    [Fact]
    public void Summary_counts_the_users_a_fix_would_reach()
    {
        // Chokepoints (/cart, Add to Cart), (/product, Page View), (/product, Scroll). Sessions ending on one: s_B2 and
        // s_B3 (/product PV), s_C1 (/product Scroll), s_D2 (/cart AtC): 4 sessions of users u_B, u_C, u_D.
        // Exit rates of the 8 pairs: 1/3, 1/3, 1/3, 1, 1, 1/8, 0, 0 -> mean 3.125 / 8; scores 1/3 x 3 -> mean 1/8.
        var summary = Result.Friction.Summary;
        Assert.Equal(4, summary.SessionsLostAtChokepoints);
        Assert.Equal(3, summary.UsersLostAtChokepoints);
        Assert.Equal(3.125 / 8, summary.AverageExitRate, 12);
        Assert.Equal(1.0 / 8, summary.AverageScore, 12);
        Assert.Equal(3, summary.Chokepoints);
    }
}
