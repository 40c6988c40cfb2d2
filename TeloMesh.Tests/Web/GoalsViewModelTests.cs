using TeloMesh.Core.Datasets;
using TeloMesh.Core.Export;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>
/// Goals, intervals and gains as the dashboard words them (docs/metrics.md section 8), on hand-made reports: every
/// expected value is worked out in the comments. Numbers use the invariant culture ("33.3 %", "1,234").
/// </summary>
public class GoalsViewModelTests
{
    /// <summary>A pair with its exit rate, its 95 % Wilson interval (worked out by hand below) and its goal numbers.</summary>
    private static FrictionPoint Point(string page, string evt, int occurrences, int exits, double betweenness, bool chokepoint,
        (double Low, double High) interval, PairGoalNumbers? goal) =>
        new(page, evt, occurrences, exits, (double)exits / occurrences, exits, betweenness, (double)exits / occurrences * betweenness, chokepoint)
        {
            ExitRateLow = interval.Low,
            ExitRateHigh = interval.High,
            ScoreLow = interval.Low * betweenness,
            Goal = goal,
        };

    // Wilson intervals, z = 1.959963984540054 (z² = 3.8414588):
    // 2 of 4: p = 0.5, 1 + z²/4 = 1.9603647, centre (0.5 + z²/8) / 1.9603647 = 0.5, half = z·sqrt(0.0625 + z²/64) / 1.9603647
    //   = 1.959964 x 0.3499607 / 1.9603647 = 0.3499610: 0.1500390 to 0.8499610.
    // 1 of 10: 1 + z²/10 = 1.3841459, centre (0.1 + z²/20) / 1.3841459 = 0.2110131, half = z·sqrt(0.009 + z²/400) / 1.3841459
    //   = 0.1931369: 0.0178762 to 0.4041500.
    // 0 of 2: centre (0 + 0.9603647) / 2.9207294 = 0.3288099, half the same: 0 to 0.6576198.
    // Goals: /pay is the goal page. /cart click: 4 sessions, 1 converts, gain 12.5 per 1,000 (0.125 conversions over 10
    // sessions); /home view: 10 sessions, 2 convert, gain not computed (NaN); /pay submit: the goal, 2 sessions, both convert.
    private static readonly FrictionReport Report = new(
        [
            Point("/cart", "click", 4, 2, 0.5, true, (0.15003898915214947, 0.8499610108478506), new PairGoalNumbers(false, 4, 1, 12.5, 0.125)),
            Point("/home", "view", 10, 1, 1, false, (0.017876213095072896, 0.4041500267952385), new PairGoalNumbers(false, 10, 2, double.NaN, double.NaN)),
            Point("/pay", "submit", 2, 0, 0.25, false, (0, 0.6576197724933469), new PairGoalNumbers(true, 2, 2, 0, 0)),
        ],
        0.25, [], new Dictionary<string, double>())
    {
        // 10 sessions, 2 convert (those through /pay); gains assume 20 % fewer exits; 1,234 pairs have a gain (a large chain).
        Goals = new GoalSummary(new GoalSet(["/pay"], []), 10, 2, 0.2, 0.2, 1_234),
    };

    [Fact]
    public void Goal_pairs_are_not_listed_as_friction_unless_asked_for()
    {
        var model = new FrictionViewModel(Report);
        Assert.True(model.HasGoals);
        Assert.Equal(1, model.GoalPairs);
        Assert.Equal(["/cart", "/home"], model.Rows.Select(r => r.Page));
        Assert.Equal("2 of 3 rows", model.RowCount);
        Assert.Equal("1 goal pair not listed: sessions succeed there, so it is never friction.", model.HiddenGoals);

        model.Filter = model.Filter with { ShowGoals = true };
        Assert.Equal(["/cart", "/home", "/pay"], model.Rows.Select(r => r.Page));
        Assert.Equal("3 of 3 rows", model.RowCount);
        Assert.Null(model.HiddenGoals);
    }

    [Fact]
    public void Gains_read_per_1000_sessions_with_the_reduction_the_analysis_used()
    {
        var model = new FrictionViewModel(Report);
        Assert.Equal(["+12.5", "—", "0"], Report.Points.Select(FrictionViewModel.Gain));
        // 0.125 conversions over the 10 sessions, to one decimal: 0.1.
        Assert.Equal("+12.5 conversions per 1,000 sessions if 20 % fewer sessions ended here (about 0.1 more conversions over these 10 sessions).",
            FrictionViewModel.GainTooltip(Report.Points[0], model.Goals));
        Assert.Equal(ReportText.GainNotComputed, FrictionViewModel.GainTooltip(Report.Points[1], model.Goals));
        Assert.Contains("only for the chokepoints and the 1,000 pairs with the most exits", ReportText.GainNotComputed, StringComparison.Ordinal);
        Assert.Equal("A goal: sessions succeed here.", FrictionViewModel.GainTooltip(Report.Points[2], model.Goals));
        Assert.Equal("Projected gain: extra conversions per 1,000 sessions if 20 % fewer sessions ended at the pair and went on like the others that pass it.",
            model.GainMeaning);
        Assert.StartsWith("Projected gains were computed for 1,234 pairs, the chokepoints and the 1,000 with the most exits", model.GainsComputed, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_goals_nothing_is_hidden_and_there_is_no_gain()
    {
        var model = new FrictionViewModel(Report with
        {
            Goals = null,
            Points = [.. Report.Points.Select(p => p with { Goal = null })],
        });
        Assert.False(model.HasGoals);
        Assert.Equal(0, model.GoalPairs);
        Assert.Equal("3 of 3 rows", model.RowCount);
        Assert.Null(model.HiddenGoals);
        Assert.Null(model.GainMeaning);
        Assert.Null(model.GainsComputed);
        Assert.Equal("", FrictionViewModel.Gain(model.Rows[0]));
    }

    [Fact]
    public void Exit_rates_read_with_their_range()
    {
        // 2 of 4 (interval above): 50.0 % (15.0–85.0); 1 of 10: 10.0 % (1.8–40.4); 0 of 2: 0.0 % (0.0–65.8).
        Assert.Equal(["50.0 % (15.0–85.0)", "10.0 % (1.8–40.4)", "0.0 % (0.0–65.8)"],
            Report.Points.Select(p => ReportText.ExitRate(p.ExitRate, p.ExitRateLow, p.ExitRateHigh)));
        // 2 of 6 (the tiny example's /product Page View): p = 1/3, 1 + z²/6 = 1.6402431, centre (1/3 + z²/12) / 1.6402431
        // = 0.3983890, half = z·sqrt(1/27 + z²/144) / 1.6402431 = 0.3016176: 9.7 % to 70.0 %.
        var (low, high) = WilsonInterval.Of(2, 6);
        Assert.Equal("33.3 % (9.7–70.0)", ReportText.ExitRate(2.0 / 6, low, high));
        Assert.Equal("The range is the 95 % confidence interval: with this many observations the true exit rate is very likely inside it.",
            ReportText.IntervalMeaning);
        Assert.Equal("Seen 4 times, fewer than 30: its exit rate is a rough guess, as the width of its range shows.", ReportText.FewObservationsMeaning(4));
        Assert.Equal("Seen 1 time, fewer than 30: its exit rate is a rough guess, as the width of its range shows.", ReportText.FewObservationsMeaning(1));
    }

    [Theory]
    [InlineData(double.NaN, "—")]
    [InlineData(0.0, "0")]
    [InlineData(0.04, "<0.1")] // positive, but below what one decimal shows
    [InlineData(0.06, "+0.1")]
    [InlineData(1234.56, "+1,234.6")]
    public void A_gain_is_signed_rounded_to_a_tenth_or_a_dash_when_not_computed(double perThousand, string shown) =>
        Assert.Equal(shown, ReportText.Gain(perThousand));

    [Fact]
    public void The_conversion_line_counts_sessions_that_reach_a_goal()
    {
        // 1,234 / 29,000 = 0.0425517...: 4.3 %.
        var goals = new GoalSummary(new GoalSet(["/thanks"], []), 29_000, 1_234, 0.0425, 0.1, null);
        Assert.Equal("Conversion 4.3 % (1,234 of 29,000 sessions reach a goal)", ReportText.Conversion(goals));
        Assert.Equal(("10 %", "12.5 %"), (ReportText.Percent(0.1), ReportText.Percent(0.125)));
    }

    [Fact]
    public void Showing_goals_travels_in_the_export_link_and_names_the_file()
    {
        var filter = new FrictionFilter { ShowGoals = true, Search = "pay" };
        Assert.Equal("?q=pay&goals=1", filter.ToQuery());
        Assert.Equal(filter, FrictionFilter.FromQuery(new Dictionary<string, string?> { ["q"] = "pay", ["goals"] = "1" }));
        Assert.Equal("-with-goals-search-pay", filter.FileSuffix());
        Assert.False(FrictionFilter.FromQuery(new Dictionary<string, string?>()).ShowGoals);
    }

    [Fact]
    public void A_dataset_row_names_its_goals_and_its_conversion()
    {
        var info = new DatasetInfo
        {
            Name = "shop",
            SourceFile = "events.csv",
            Options = new AnalysisOptionsInfo(30, "probability", "none", false, 0.9)
            {
                GoalPages = ["/thanks"],
                GoalEvents = ["Purchase"],
                MinSupport = 5,
            },
            // 50 of 914 sessions: 0.0547045...: 5.5 %.
            Goals = new GoalsInfo(["/thanks"], ["Purchase"], 914, 50, 50.0 / 914, 50.0 / 914, 0.1),
        };
        Assert.Equal("page /thanks, event Purchase", DatasetRow.GoalsText(info));
        Assert.Equal("5.5 % of sessions convert", DatasetRow.ConversionText(info));
        Assert.Equal("gap 30 min, probability, min support 5", DatasetRow.OptionsText(info));
        // Grouping rules (docs/metrics.md section 11) are counted beside the options: two lines, two rules.
        Assert.Equal("gap 30 min, probability, min support 5, pages grouped by 2 rules",
            DatasetRow.OptionsText(info with { Options = info.Options! with { PageRules = "/product/* => /product/:id\n/order/* => /order/:id" } }));
        var row = new DatasetsViewModel.Row(new DatasetEntry(new DatasetPaths("data", "outputs", "shop"), info));
        Assert.True(row.HasGoals);
        Assert.Equal(new GoalSet(["/thanks"], ["Purchase"]), row.Options.Goals);

        var none = info with { Options = new AnalysisOptionsInfo(30, "probability", "none", false, 0.9), Goals = null };
        Assert.Equal(("none", null), (DatasetRow.GoalsText(none), DatasetRow.ConversionText(none)));
        Assert.False(new DatasetsViewModel.Row(new DatasetEntry(new DatasetPaths("data", "outputs", "shop"), none)).HasGoals);
    }

    /// <summary>The tiny example (docs/metrics.md): pages /home, /search, /product, /cart, /checkout, /help.</summary>
    private static AnalysisResult Tiny() =>
        AnalysisPipeline.Analyze(TestFiles.Read(File.ReadAllText(TestFiles.Fixture("tiny", "events.csv"))).Events, AnalysisOptions.Default);

    [Fact]
    public void The_goals_form_offers_the_datasets_names_and_its_suggestions()
    {
        var form = new GoalsForm(new GoalSet(["/help"], []));
        Assert.True(form.Loading);
        Assert.Empty(form.SearchPages("c"));
        form.Loaded(GoalChoices.From(Tiny()));
        Assert.False(form.Loading);

        // Suggestions on the tiny example: no name looks like a success; pages where at least half the visits end the
        // session: /help (2 of 2 visits end, 2 sessions) and /checkout (1 of 1), by sessions. /help is already chosen.
        Assert.Equal(["/help", "/checkout"], form.Choices!.Suggestions.Select(s => s.Name));
        Assert.Equal("100 % of its visits end the session (2 sessions)", form.Choices.Suggestions[0].Reason);
        Assert.Equal(["/checkout"], form.OpenSuggestions.Select(s => s.Name));

        // A search lists the names containing the text (case ignored), in order, without the goals already chosen.
        Assert.Equal(["/checkout", "/search"], form.SearchPages("CH"));
        Assert.Equal(["/cart", "/checkout", "/home", "/product", "/search"], form.SearchPages(""));
        Assert.Equal(["Scroll", "Search"], form.SearchEvents("s"));

        form.Add(form.OpenSuggestions[0]);
        form.AddPage("/checkout"); // twice is once
        form.AddEvent("Checkout");
        Assert.Equal(["/help", "/checkout"], form.Pages);
        Assert.Equal(["Checkout"], form.Events);
        Assert.Empty(form.OpenSuggestions);
        Assert.Equal(new GoalSet(["/checkout", "/help"], ["Checkout"]), form.ToGoalSet());
        Assert.Null(form.Unmatched());

        form.RemovePage("/help");
        form.RemoveEvent("Checkout");
        Assert.Equal(new GoalSet(["/checkout"], []), form.ToGoalSet());
    }

    [Fact]
    public void A_goal_that_matches_nothing_is_named_with_cores_message()
    {
        var form = new GoalsForm(new GoalSet(["/Checkout"], []));
        form.Loaded(GoalChoices.From(Tiny()));
        // Goals match exactly, case included; the nearest page contains "/checkout" once case is ignored.
        var message = form.Unmatched();
        Assert.NotNull(message);
        Assert.StartsWith("The goal page '/Checkout' matches no page. Nearest pages: '/checkout'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_lists_at_most_51_names_so_the_list_knows_there_are_more()
    {
        var names = Enumerable.Range(0, 20_000).Select(i => $"/product/{i:D5}").ToList();
        Assert.Equal(GoalChoices.MaxListed + 1, GoalChoices.Search(names, "product", []).Count());
        Assert.Equal(["/product/19999"], GoalChoices.Search(names, "19999", []));
        Assert.Empty(GoalChoices.Search(names, "19999", ["/product/19999"]));
    }
}
