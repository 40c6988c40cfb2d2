using TeloMesh.Core.Friction;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

public class FrictionFilterTests
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
        var rows = new FrictionFilter { TopShare = share }.Apply(Report()).ToList();
        Assert.Equal(expected, rows.Count);
        Assert.Equal("/p0", rows[0].Page);
    }

    [Fact]
    public void Search_matches_page_or_event_ignoring_case()
    {
        Assert.Equal(10, new FrictionFilter { Search = "CLICK" }.Apply(Report()).Count()); // the odd rows
        Assert.Equal(["/p1", "/p10", "/p11", "/p12", "/p13", "/p14", "/p15", "/p16", "/p17", "/p18", "/p19"],
            new FrictionFilter { Search = "/p1" }.Apply(Report()).Select(r => r.Page));
    }

    [Fact]
    public void Page_and_event_filters_match_exactly_and_combine()
    {
        Assert.Equal(["/p1"], new FrictionFilter { Page = "/p1" }.Apply(Report()).Select(r => r.Page));
        Assert.Equal(["/p0"], new FrictionFilter { ChokepointsOnly = true, Event = "view" }.Apply(Report()).Select(r => r.Page));
    }

    [Fact]
    public void Query_round_trips_and_names_the_file()
    {
        var filter = new FrictionFilter { Search = "a b", TopShare = 0.1, ChokepointsOnly = true, Page = "/checkout/payment", Event = "Add to Cart" };
        Assert.Equal("?q=a%20b&top=0.1&chokepoints=1&page=%2Fcheckout%2Fpayment&event=Add%20to%20Cart", filter.ToQuery());
        var parsed = FrictionFilter.FromQuery(new Dictionary<string, string?>
        {
            ["q"] = "a b",
            ["top"] = "0.1",
            ["chokepoints"] = "1",
            ["page"] = "/checkout/payment",
            ["event"] = "Add to Cart",
        });
        Assert.Equal(filter, parsed);
        Assert.Equal("-top10-chokepoints-page-checkout-payment-event-add-to-cart-search-a-b", filter.FileSuffix());
        Assert.Equal("", new FrictionFilter().FileSuffix());
    }

    [Fact]
    public void View_model_filters_once_per_filter_change()
    {
        var model = new FrictionViewModel(Report()) { Filter = new FrictionFilter { ChokepointsOnly = true } };
        Assert.Equal(2, model.Rows.Count);
        Assert.Same(model.Rows, model.Rows);
        model.Filter = new FrictionFilter { TopShare = 0.25 };
        Assert.Equal(5, model.Rows.Count);
        Assert.Equal(20, model.Pages.Count);
        Assert.Equal(["click", "view"], model.Events);
    }
}
