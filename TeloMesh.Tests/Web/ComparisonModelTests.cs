using TeloMesh.Core.Comparison;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>The Compare page's state without rendering: the selection in the URL, the filter of the rows, the colour rule.</summary>
public class ComparisonModelTests
{
    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static Dictionary<string, string?> Query(string link)
    {
        var query = link.Contains('?', StringComparison.Ordinal) ? link[link.IndexOf('?', StringComparison.Ordinal)..] : "";
        return QueryText.Parse(new Uri("http://localhost/x" + query));
    }

    private static ComparisonSelection RoundTrip(ComparisonSelection selection, out IReadOnlyList<string> problems) =>
        ComparisonSelection.FromQuery(Query(DatasetRoutes.Compare("shop", selection, new ChangeFilter())), out problems);

    [Fact]
    public void Each_kind_of_selection_survives_the_round_trip_through_the_url()
    {
        var periods = new ComparisonSelection { AFrom = Utc(2025, 3, 3), ATo = Utc(2025, 3, 10), BFrom = Utc(2025, 3, 10, 9, 30), MinSupport = 5 };
        Assert.Equal("datasets/shop/compare?a-from=2025-03-03&a-to=2025-03-10&b-from=2025-03-10T09%3A30%3A00Z&min-support=5",
            DatasetRoutes.Compare("shop", periods, new ChangeFilter()));
        Assert.Equal(periods, RoundTrip(periods, out var none));
        Assert.Empty(none);

        // A value with '&' and '=' travels escaped; the default minimum support (30) is left out of the URL.
        var segments = new ComparisonSelection { Mode = ComparisonMode.Segments, Segment = "platform", AValue = "ios & co", BValue = "a=b", To = Utc(2025, 4, 1) };
        Assert.Equal("datasets/shop/compare?segment=platform&a=ios%20%26%20co&b=a%3Db&to=2025-04-01", DatasetRoutes.Compare("shop", segments, new ChangeFilter()));
        Assert.Equal(segments, RoundTrip(segments, out none));
        Assert.Empty(none);

        var datasets = new ComparisonSelection { Mode = ComparisonMode.Datasets, Against = "shop last year" };
        Assert.Equal("datasets/my%20shop/compare?against=shop%20last%20year", DatasetRoutes.Compare("my shop", datasets, new ChangeFilter()));
        Assert.Equal(datasets, RoundTrip(datasets, out none));
        Assert.Empty(none);
    }

    [Fact]
    public void The_filter_rides_in_the_page_url_and_in_the_download_links()
    {
        var selection = new ComparisonSelection { AFrom = Utc(2025, 3, 3), BFrom = Utc(2025, 3, 10) };
        var filter = new ChangeFilter { Search = "cart", Kind = ChangeKind.Transition, WorseOnly = true };
        Assert.Equal("datasets/shop/compare?a-from=2025-03-03&b-from=2025-03-10&search=cart&kind=transition&worse=1", DatasetRoutes.Compare("shop", selection, filter));
        Assert.Equal("api/datasets/shop/export/comparison.csv?a-from=2025-03-03&b-from=2025-03-10&search=cart&kind=transition&worse=1",
            DatasetRoutes.ComparisonCsv("shop", selection, filter));
        Assert.Equal("api/datasets/shop/export/comparison.html?a-from=2025-03-03&b-from=2025-03-10",
            DatasetRoutes.ComparisonHtml("shop", selection, new ChangeFilter()));
        Assert.Equal(filter, ChangeFilter.FromQuery(Query(DatasetRoutes.Compare("shop", selection, filter))));
        Assert.Equal("-worse-transition-search-cart", filter.FileSuffix());
        Assert.Equal("Listed: worse only, transitions, matching 'cart'", filter.Describe());
        Assert.Null(new ChangeFilter().Describe());
        // A kind the page does not know is no filter at all.
        Assert.Null(ChangeFilter.FromQuery(new Dictionary<string, string?> { ["kind"] = "7" }).Kind);
    }

    [Fact]
    public void A_hand_typed_url_says_what_it_cannot_read()
    {
        var selection = ComparisonSelection.FromQuery(new Dictionary<string, string?>
        {
            ["a-from"] = "yesterday",
            ["b-from"] = "2025-03-10",
            ["from"] = "2025-03-01",
            ["min-support"] = "-2",
        }, out var problems);
        Assert.Equal(ComparisonMode.Periods, selection.Mode);
        Assert.Null(selection.AFrom);
        Assert.Equal(Utc(2025, 3, 10), selection.BFrom);
        Assert.Equal(30, selection.MinSupport);
        Assert.Equal([
            "from does not apply to a comparison of two periods.",
            "min-support must be a whole number of at least 1; got '-2'.",
            "a-from must be a time such as 2025-03-01 or 2025-03-01T09:00:00Z; got 'yesterday'.",
        ], problems);

        ComparisonSelection.FromQuery(new Dictionary<string, string?> { ["against"] = "other", ["segment"] = "platform" }, out problems);
        Assert.Equal(["segment does not apply to a comparison of two datasets."], problems);
    }

    [Fact]
    public void An_incomplete_selection_lists_what_is_missing()
    {
        Assert.True(new ComparisonSelection().IsEmpty);
        Assert.Equal(["Give A a period: a from date, a to date or both.", "Give B a period: a from date, a to date or both."],
            new ComparisonSelection().Problems());
        Assert.Equal(["A ends before it starts: its to date must come after its from date."],
            new ComparisonSelection { AFrom = Utc(2025, 3, 10), ATo = Utc(2025, 3, 3), BFrom = Utc(2025, 3, 10) }.Problems());
        Assert.Equal(["Choose a segment column.", "Choose the value of A.", "Choose the value of B."],
            new ComparisonSelection { Mode = ComparisonMode.Segments }.Problems());
        Assert.Equal(["Choose the dataset to compare with."], new ComparisonSelection { Mode = ComparisonMode.Datasets }.Problems());
        Assert.Empty(new ComparisonSelection { BTo = Utc(2025, 3, 10), AFrom = Utc(2025, 3, 3) }.Problems());
    }

    [Fact]
    public void Presets_count_whole_days_back_from_the_last_event()
    {
        // Last event Sunday 2025-03-16 14:02: B is that day's week, [03-10, 03-17); A the week before, [03-03, 03-10).
        var lastWeek = ComparisonSelection.LastWeek(Utc(2025, 3, 16, 14, 2));
        Assert.Equal((Utc(2025, 3, 3), Utc(2025, 3, 10), Utc(2025, 3, 10), Utc(2025, 3, 17)), (lastWeek.AFrom, lastWeek.ATo, lastWeek.BFrom, lastWeek.BTo));
        Assert.Equal(ComparisonMode.Periods, lastWeek.Mode);

        // Four weeks either side of 2025-03-15: A [02-15, 03-15), B [03-15, 04-12).
        var around = ComparisonSelection.AroundDate(new DateTime(2025, 3, 15, 18, 0, 0, DateTimeKind.Unspecified), minSupport: 10);
        Assert.Equal((Utc(2025, 2, 15), Utc(2025, 3, 15), Utc(2025, 3, 15), Utc(2025, 4, 12), 10), (around.AFrom, around.ATo, around.BFrom, around.BTo, around.MinSupport));
        Assert.All(new[] { around.AFrom, around.BTo }, t => Assert.Equal(DateTimeKind.Utc, t!.Value.Kind));

        var platform = new SegmentColumn("platform", [("ios", 40), ("web", 40), ("android", 3)], 0, 0);
        var top = ComparisonSelection.TopValues(platform, new ComparisonSelection { From = Utc(2025, 3, 1), MinSupport = 5 });
        Assert.Equal((ComparisonMode.Segments, "platform", "ios", "web", Utc(2025, 3, 1), 5), (top.Mode, top.Segment, top.AValue, top.BValue, top.From, top.MinSupport));
        Assert.Equal((new Slice(Utc(2025, 3, 1), null, "platform", "ios"), new Slice(Utc(2025, 3, 1), null, "platform", "web")), top.Slices());
    }

    private static Change Transition(string from, string to, long kA, long nA, long kB, long nB, double q) =>
        new(ChangeKind.Transition, from, "", to, kA, nA, kB, nB, 0, q, q);

    private static ComparisonResult Result(params Change[] changes) =>
        new(new SliceSummary("A", 10, 0), new SliceSummary("B", 10, 0), null, changes, 30, 0, false);

    [Fact]
    public void The_filter_keeps_worse_changes_kinds_and_matches_in_order()
    {
        var exitUp = new Change(ChangeKind.Exit, "/cart", "view", "", 4, 40, 8, 40, 1.25, 0.2, 0.4);
        var exitDown = new Change(ChangeKind.Exit, "/home", "view", "", 8, 40, 4, 40, -1.25, 0.2, 0.4);
        var conversionDown = new Change(ChangeKind.Conversion, "/home", "view", "", 28, 40, 12, 40, -3.6, 0.0003, 0.001);
        var result = Result(Transition("/cart", "/checkout", 28, 36, 12, 32, 0.002), conversionDown, exitUp, exitDown);
        Assert.Equal([conversionDown, exitUp], new ChangeFilter { WorseOnly = true }.Apply(result));
        Assert.Equal([exitUp, exitDown], new ChangeFilter { Kind = ChangeKind.Exit }.Apply(result));
        // The search looks at the destination too.
        Assert.Equal([result.Changes[0]], new ChangeFilter { Search = " CHECKOUT " }.Apply(result));
    }

    [Fact]
    public void The_view_model_words_and_cells_come_from_the_report_text()
    {
        // /cart -> /checkout as in CompareShop: 28 of 36, then 12 of 32, q = 0.0022673, impact 0.4027778 · 32 = 12.89.
        var top = Transition("/cart", "/checkout", 28, 36, 12, 32, 0.0022673);
        var model = new ComparisonViewModel(Result(top, Transition("/cart", "/new", 0, 36, 5, 32, 0.3)), GoalSet.None);
        Assert.Equal("/cart -> /checkout: share of the transitions out of /cart 77.8 % -> 37.5 % (q = 0.002), 13 transitions affected", ComparisonViewModel.Words(top));
        Assert.Equal(("77.8 %", "37.5 %", "-40.3 pts", "0.002", "13", "28 of 36"),
            (ComparisonViewModel.Rate(top.RateA), ComparisonViewModel.Rate(top.RateB), ComparisonViewModel.Difference(top), ComparisonViewModel.Q(top),
                ComparisonViewModel.Impact(top), ComparisonViewModel.Counts(top.CountA, top.TotalA)));
        Assert.Equal(["new"], ComparisonViewModel.Marks(model.Result.Changes[1]));
        Assert.Equal("2 of 2 changes", model.RowCount);
        Assert.Null(model.Conversion);
        Assert.Equal([ChangeKind.Exit, ChangeKind.Transition], model.Kinds);
        model.Filter = new ChangeFilter { Search = "new" };
        Assert.Equal("1 of 2 changes", model.RowCount);
    }

    // ---- The colour rule of the graph ----

    private static readonly Dictionary<string, PageOutcome> Pages = new()
    {
        ["/cart"] = new(ExitRate: 0.15, ConversionRate: 0.5, IsGoal: false),
        ["/checkout"] = new(0, 1, IsGoal: true),
        ["/payment-failed"] = new(0.1, 0.6, false),
        ["/help"] = new(1, 0, false),
        ["/shipping"] = new(0.05, 0.8, false),
        ["/faq"] = new(0.1, 0.2, false),
    };

    [Theory]
    [InlineData("/checkout", Destination.TowardGoal)] // a goal page, first of all
    [InlineData("/payment-failed", Destination.TowardExit)] // named like an error, though it converts better than /cart
    [InlineData("/shipping", Destination.TowardGoal)] // converts better than /cart (0.8 > 0.5)
    [InlineData("/help", Destination.TowardExit)] // converts worse, and more sessions end there (1 > 0.15)
    [InlineData("/faq", Destination.Neither)] // converts worse, fewer sessions end there (0.1 < 0.15)
    [InlineData("/unknown", Destination.Neither)] // a page this dataset does not have
    public void A_destination_leads_toward_the_goal_or_an_exit_in_the_order_of_the_rule(string to, Destination expected) =>
        Assert.Equal(expected, ComparisonGraph.Toward("/cart", to, Pages));

    [Fact]
    public void Without_goals_only_error_names_and_exit_rates_decide()
    {
        var pages = new Dictionary<string, PageOutcome> { ["/cart"] = new(0.15, null, false), ["/checkout"] = new(1, null, false), ["/shipping"] = new(0.05, null, false) };
        // Without goals a thank-you page is where sessions end: an exit like any other.
        Assert.Equal(Destination.TowardExit, ComparisonGraph.Toward("/cart", "/checkout", pages));
        Assert.Equal(Destination.Neither, ComparisonGraph.Toward("/cart", "/shipping", pages));
    }

    [Theory]
    [InlineData("/error", true)]
    [InlineData("/Errors/500", true)]
    [InlineData("/checkout/payment-failed", true)]
    [InlineData("/404", true)]
    [InlineData("/page_not_found", true)] // "_" separates words too
    [InlineData("/Not Found", true)]
    [InlineData("/product/1500", false)] // 500 inside a number is no error
    [InlineData("/terrors", false)]
    [InlineData("/failsafe", false)]
    public void Error_names_are_whole_words(string page, bool expected) => Assert.Equal(expected, ComparisonGraph.LooksLikeError(page));

    [Theory]
    [InlineData(Destination.TowardGoal, 0.1, EdgeVerdict.Better)]
    [InlineData(Destination.TowardGoal, -0.1, EdgeVerdict.Worse)]
    [InlineData(Destination.TowardExit, 0.1, EdgeVerdict.Worse)]
    [InlineData(Destination.TowardExit, -0.1, EdgeVerdict.Better)]
    [InlineData(Destination.Neither, 0.1, EdgeVerdict.Changed)]
    public void A_significant_change_is_judged_by_its_direction_and_destination(Destination destination, double difference, EdgeVerdict expected)
    {
        // Rate A 0.5 of 100; rate B 0.5 + difference of 100; q = 0.01 (significant).
        var change = Transition("/a", "/b", 50, 100, (long)Math.Round((0.5 + difference) * 100), 100, 0.01);
        Assert.Equal(expected, ComparisonGraph.Judge(change, destination));
        Assert.Equal(EdgeVerdict.Unchanged, ComparisonGraph.Judge(change with { Q = 0.05 }, destination)); // q = 0.05 is not below 0.05
    }

    [Fact]
    public void The_graph_draws_the_main_routes_grey_and_each_significant_change_by_the_rule()
    {
        static HeatmapNode Node(string page, NodeTier tier) => new(page, new NodeBox(0, 0, 80, 36), tier, 10, 0.1, 0.5, 0.1);
        var nodes = new[] { Node("/cart", NodeTier.Top10), Node("/checkout", NodeTier.Rest), Node("/help", NodeTier.Top20), Node("/faq", NodeTier.Rest) };
        var strongest = new FlowHeatmap(nodes, [new HeatmapEdge("/cart", "/checkout", 40, "view", 6)], 400, 200);
        var all = strongest with { Edges = [.. strongest.Edges, new HeatmapEdge("/cart", "/help", 8, "view", 3), new HeatmapEdge("/cart", "/faq", 1, "view", 1)] };
        // /cart -> /checkout fell (toward the goal: worse), /cart -> /help rose (toward an exit: worse) with half the impact,
        // /cart -> /faq is not significant, /cart -> /cart and /cart -> /elsewhere cannot be drawn.
        var result = Result(
            Transition("/cart", "/checkout", 28, 36, 12, 32, 0.002), // impact 0.4027778 · 32 = 12.89
            Transition("/cart", "/help", 4, 36, 10, 32, 0.01), // rate 0.1111 -> 0.3125, impact 0.2013889 · 32 = 6.44
            Transition("/cart", "/faq", 1, 36, 2, 32, 0.9),
            Transition("/cart", "/cart", 1, 36, 6, 32, 0.03),
            Transition("/cart", "/elsewhere", 0, 36, 6, 32, 0.03));
        var friction = new FrictionReport([
            new("/cart", "view", 80, 12, 0.15, 12, 1, 0.15, true) { Goal = new(false, 80, 40, 0, 0) },
            new("/checkout", "view", 40, 0, 0, 0, 0, 0, false) { Goal = new(true, 40, 40, 0, 0) },
            new("/help", "view", 8, 8, 1, 8, 0, 0, false) { Goal = new(false, 8, 0, 0, 0) },
            new("/faq", "view", 10, 1, 0.1, 1, 0, 0, false) { Goal = new(false, 10, 0, 0, 0) },
        ], 0.15, [], new Dictionary<string, double>())
        { Goals = new(new GoalSet(["/checkout"], []), 80, 40, 0.5, 0.1, null) };
        var graph = ComparisonGraph.Build(result, friction, strongest, all);

        Assert.All(graph.Heatmap.Nodes, n => Assert.Equal(NodeTier.Rest, n.Tier)); // pages neutral: the colours are the changes'
        Assert.Equal([("/cart", "/checkout"), ("/cart", "/help")], graph.Heatmap.Edges.Select(e => (e.From, e.To))); // the faint /faq edge is not drawn
        Assert.Equal(2, graph.NotDrawn);
        var checkout = graph.Changes[("/cart", "/checkout")];
        var help = graph.Changes[("/cart", "/help")];
        Assert.Equal((Destination.TowardGoal, EdgeVerdict.Worse, ComparisonGraph.WorseColour, 8.0), (checkout.Destination, checkout.Verdict, checkout.Colour, checkout.Width));
        // 2 + 6 · 6.444 / 12.889 = 2 + 6 · 0.5 = 5 (the impacts are exactly in the ratio 0.2013889 / 0.4027778 = 1/2).
        Assert.Equal((Destination.TowardExit, EdgeVerdict.Worse), (help.Destination, help.Verdict));
        Assert.Equal(5.0, help.Width, 9);
        Assert.Equal((ComparisonGraph.WorseColour, 8.0), graph.Style(graph.Heatmap.Edges[0]));
        Assert.Equal((ComparisonGraph.UnchangedColour, ComparisonGraph.UnchangedWidth), graph.Style(new HeatmapEdge("/cart", "/faq", 1, "view", 1)));
    }
}
