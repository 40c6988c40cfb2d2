using TeloMesh.Core.Friction;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

public class FrictionViewModelTests
{
    private static FrictionPoint Point(string page, string evt, int occurrences, int exits, double betweenness, bool chokepoint) =>
        new(page, evt, occurrences, exits, (double)exits / occurrences, exits, betweenness, (double)exits / occurrences * betweenness, chokepoint);

    /// <summary>Twenty rows already sorted by score: row i has exit rate (20 - i) / 20 and betweenness 1.</summary>
    private static FrictionReport Report() => new(
        [.. Enumerable.Range(0, 20).Select(i => Point($"/p{i}", i % 2 == 0 ? "view" : "click", 20, 20 - i, 1, chokepoint: i < 2))],
        0.9, [], new Dictionary<string, double>());

    [Theory]
    [InlineData(null, 20)]
    [InlineData(0.25, 5)] // ceil(20 x 0.25)
    [InlineData(0.10, 2)]
    [InlineData(0.05, 1)]
    public void Top_share_keeps_the_highest_scores(double? share, int expected)
    {
        var model = new FrictionViewModel(Report()) { TopShare = share };
        Assert.Equal(expected, model.Rows.Count);
        Assert.Equal("/p0", model.Rows[0].Page);
    }

    [Fact]
    public void Search_matches_page_or_event_ignoring_case()
    {
        var model = new FrictionViewModel(Report()) { Search = "CLICK" };
        Assert.Equal(10, model.Rows.Count); // the odd rows
        model.Search = "/p1";
        Assert.Equal(["/p1", "/p10", "/p11", "/p12", "/p13", "/p14", "/p15", "/p16", "/p17", "/p18", "/p19"], model.Rows.Select(r => r.Page));
    }

    [Fact]
    public void Filters_combine_and_summary_cards_use_every_row()
    {
        var model = new FrictionViewModel(Report()) { ChokepointsOnly = true, Search = "view" };
        Assert.Equal(["/p0"], model.Rows.Select(r => r.Page));
        // Exits 20 + 19 + ... + 1 = 210; exit rates average (20 + ... + 1) / 20 / 20 = 0.525.
        Assert.Equal(210, model.SessionsLost);
        Assert.Equal(0.525, model.AverageExitRate, 12);
        Assert.Equal(2, model.ChokepointCount);
    }
}
