using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The Compare page on <see cref="CompareShop"/>, whose two weeks are compared by hand in its summary: the top change
/// is /cart -> /checkout (77.8 % -> 37.5 %, q = 0.0022673, impact 12.89), then /cart -> /error (11.1 % -> 50.0 %, impact
/// 12.44); the only change for the worse is the exit of /cart (10.0 % -> 20.0 %, q = 0.420813, impact 4).
/// </summary>
public sealed class ComparePageTests : IAsyncLifetime
{
    private const string TwoWeeks = "a-from=2025-03-03&a-to=2025-03-10&b-from=2025-03-10&b-to=2025-03-17";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly WebTestContext _context = new();

    public ComparePageTests()
    {
        _context.AddDataset("shop", CompareShop.Csv());
        // Interactive, so the page draws its graph (Blazor.Diagrams measures its canvas through JavaScript).
        _context.Bunit.SetRendererInfo(new RendererInfo("Server", true));
        _context.Bunit.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 400));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private AnalysisStore Store => _context.Bunit.Services.GetRequiredService<AnalysisStore>();

    private NavigationManager Navigation => _context.Bunit.Services.GetRequiredService<NavigationManager>();

    private static string Text(AngleSharp.Dom.IElement element) => System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    /// <summary>The Compare page of <paramref name="dataset"/> opened at <paramref name="query"/>.</summary>
    private IRenderedComponent<Compare> Open(string query, string dataset = "shop")
    {
        Navigation.NavigateTo($"datasets/{dataset}/compare{(query.Length > 0 ? "?" + query : "")}");
        return _context.Bunit.Render<Compare>(p => p.Add(x => x.Name, dataset));
    }

    /// <summary>The input of a MudBlazor field, which puts the test id on the input itself.</summary>
    private static string Input(string testId) => $"input[data-testid={testId}], [data-testid={testId}] input";

    private static List<string> Words(IRenderedComponent<Compare> page) => [.. page.FindAll("[data-testid=change-words]").Select(Text)];

    [Fact]
    public void Loading_a_url_compares_two_weeks_and_ranks_the_change_worked_out_by_hand()
    {
        var page = Open(TwoWeeks);
        page.WaitForAssertion(() => Assert.Equal("6 of 6 changes", page.Find("[data-testid=change-count]").TextContent), Wait);
        Assert.Equal("A: 2025-03-03 to 2025-03-10: 40 sessions", Text(page.Find("[data-testid=slice-a]")));
        Assert.Equal("B: 2025-03-10 to 2025-03-17: 40 sessions", Text(page.Find("[data-testid=slice-b]")));
        Assert.Equal("6 tests with at least 30 observations in both slices; 3 left out below that.", Text(page.Find("[data-testid=support]")));
        Assert.Equal("2 significant (q < 0.05), 0 of them worse.", Text(page.Find("[data-testid=significance]")));
        Assert.Empty(page.FindAll("[data-testid=conversion-test]")); // no goals
        Assert.Empty(page.FindAll("[data-testid=overlap]")); // two weeks share no session

        // Significant first, by impact (12.89, 12.44), then 4, 0.44, and the two of impact 0 by kind (exit before transition).
        Assert.Equal([
            "/cart -> /checkout: share of the transitions out of /cart 77.8 % -> 37.5 % (q = 0.002), 13 transitions affected",
            "/cart -> /error: share of the transitions out of /cart 11.1 % -> 50.0 % (q = 0.002), 12 transitions affected",
            "/cart (view): exit rate 10.0 % -> 20.0 % (q = 0.421), 4 visits affected",
            "/cart -> /help: share of the transitions out of /cart 11.1 % -> 12.5 % (q = 1), 0 transitions affected",
            "/home (view): exit rate 0.0 % -> 0.0 % (q = 1), 0 visits affected",
            "/home -> /cart: share of the transitions out of /home 100.0 % -> 100.0 % (q = 1), 0 transitions affected",
        ], Words(page));
        var top = page.FindAll("tbody tr")[0].Children.Select(Text).ToList(); // change, kind, page, event, to page, rate A, rate B, difference, q, impact
        Assert.Equal(["transition", "/cart", "", "/checkout", "77.8 %", "37.5 %", "-40.3 pts", "0.002", "13"], top.Skip(1));
        Assert.Contains("change-significant", page.FindAll("tbody tr")[0].ClassName, StringComparison.Ordinal);
        Assert.Contains(ReportTextQ, Text(page.Find("[data-testid=q-legend]")), StringComparison.Ordinal);
        Assert.Equal("api/datasets/shop/export/comparison.csv?" + TwoWeeks, page.Find("a[data-testid=export-comparison-csv]").GetAttribute("href"));
    }

    private const string ReportTextQ = "q is the chance this change is noise, after looking at every change at once";

    [Fact]
    public void Compare_puts_the_choice_in_the_url_which_runs_it()
    {
        var page = Open("");
        page.WaitForAssertion(() => Assert.Equal("Choose A and B above, then press Compare.", Text(page.Find("[data-testid=comparison-hint]"))), Wait);
        // The form starts from the last week of data: the last event is on 2025-03-16.
        Assert.Equal("2025-03-10", page.Find(Input("b-from")).GetAttribute("value"));
        // The form re-renders when the segment columns arrive: retried, a click never lands on a handler that went.
        page.WaitForAssertion(() => page.Find("button[data-testid=compare-button]").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal("6 of 6 changes", page.Find("[data-testid=change-count]").TextContent), Wait);
        Assert.Equal("datasets/shop/compare?" + TwoWeeks, Navigation.ToBaseRelativePath(Navigation.Uri));

        // Back to a bare address: the comparison goes, the form stays.
        Navigation.NavigateTo("datasets/shop/compare");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=comparison-hint]")), Wait);
        Assert.Empty(page.FindAll("[data-testid=change-count]"));
    }

    [Fact]
    public void The_modes_and_presets_fill_the_form_and_compare_will_run_them()
    {
        var page = Open("");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=comparison-hint]")), Wait);

        // Four weeks either side of a date, by default the day 27 days before the last event (2025-03-16): 2025-02-17.
        Assert.Equal("2025-02-17", page.Find(Input("pivot")).GetAttribute("value"));
        // Each click finds its element again until it lands: a render in between may replace the element.
        page.WaitForAssertion(() => page.Find("button[data-testid=preset-around]").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal(["2025-01-20", "2025-02-17", "2025-02-17", "2025-03-17"],
            new[] { "a-from", "a-to", "b-from", "b-to" }.Select(f => page.Find(Input(f)).GetAttribute("value"))), Wait);

        // Two segment values: the first column and its two most frequent values.
        page.WaitForAssertion(() => page.FindAll("[data-testid=mode] .mud-toggle-item").Single(b => Text(b) == "Two segment values").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal(("platform", "ios (40 sessions)", "web (40 sessions)"),
            (Text(page.Find("[data-testid=segment]")), Text(page.Find("[data-testid=a-value]")), Text(page.Find("[data-testid=b-value]")))), Wait);
        page.WaitForAssertion(() => page.Find("button[data-testid=compare-button]").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal("A: platform = ios: 40 sessions", Text(page.Find("[data-testid=slice-a]"))), Wait);
        Assert.Equal("datasets/shop/compare?segment=platform&a=ios&b=web", Navigation.ToBaseRelativePath(Navigation.Uri));

        // Another dataset: the other dataset of the data folder (the tiny example, 8 sessions) is the baseline.
        page.WaitForAssertion(() => page.FindAll("[data-testid=mode] .mud-toggle-item").Single(b => Text(b) == "Another dataset").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal("tiny", Text(page.Find("[data-testid=against]"))), Wait);
        page.WaitForAssertion(() => page.Find("button[data-testid=compare-button]").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal("A: dataset 'tiny': 8 sessions", Text(page.Find("[data-testid=slice-a]"))), Wait);
        Assert.Equal("datasets/shop/compare?against=tiny", Navigation.ToBaseRelativePath(Navigation.Uri));

        // A period left empty is said before anything runs.
        page.WaitForAssertion(() => page.FindAll("[data-testid=mode] .mud-toggle-item").Single(b => Text(b) == "Two periods").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal("2025-03-10", page.Find(Input("b-from")).GetAttribute("value")), Wait);
        page.Find(Input("b-from")).ParentElement!.QuerySelector(".mud-input-clear-button")!.Click();
        page.WaitForAssertion(() => Assert.Equal("", page.Find(Input("b-from")).GetAttribute("value")), Wait);
        page.Find(Input("b-to")).ParentElement!.QuerySelector(".mud-input-clear-button")!.Click();
        page.WaitForAssertion(() => Assert.Equal("", page.Find(Input("b-to")).GetAttribute("value")), Wait);
        page.WaitForAssertion(() => page.Find("button[data-testid=compare-button]").Click(), Wait);
        page.WaitForAssertion(() => Assert.Equal("Give B a period: a from date, a to date or both.", Text(page.Find("[data-testid=draft-problems]"))), Wait);
        Assert.Equal("datasets/shop/compare?against=tiny", Navigation.ToBaseRelativePath(Navigation.Uri));
    }

    [Fact]
    public void Worse_only_keeps_the_exit_that_rose_and_the_url_records_it()
    {
        var page = Open(TwoWeeks);
        page.WaitForAssertion(() => Assert.Equal("6 of 6 changes", page.Find("[data-testid=change-count]").TextContent), Wait);
        page.Find(Input("worse-only")).Change(true);
        page.WaitForAssertion(() => Assert.Equal("1 of 6 changes", page.Find("[data-testid=change-count]").TextContent), Wait);
        // Not significant (q = 0.421), so it is not marked worse: the exit rate rose, but it may be noise.
        Assert.Equal(["/cart (view): exit rate 10.0 % -> 20.0 % (q = 0.421), 4 visits affected"], Words(page));
        Assert.Empty(page.FindAll("[data-testid=mark]"));
        Assert.Equal($"datasets/shop/compare?{TwoWeeks}&worse=1", Navigation.ToBaseRelativePath(Navigation.Uri));
        Assert.EndsWith("&worse=1", page.Find("a[data-testid=export-comparison-csv]").GetAttribute("href"), StringComparison.Ordinal);

        // Opened with the filter in the address, the page shows the filtered rows at once.
        var shared = Open($"{TwoWeeks}&worse=1&kind=exit");
        shared.WaitForAssertion(() => Assert.Equal("1 of 6 changes", shared.Find("[data-testid=change-count]").TextContent), Wait);
    }

    [Fact]
    public void Overlapping_periods_are_allowed_with_a_note_and_the_grid_sorts_by_impact()
    {
        // A is both weeks (80 sessions), B the second (40): the 40 sessions of the second week are in both.
        var page = Open("a-from=2025-03-03&a-to=2025-03-17&b-from=2025-03-10&b-to=2025-03-17");
        page.WaitForAssertion(() => Assert.Equal("A and B overlap: 40 sessions are in both (allowed; the two rates then share them).",
            Text(page.Find("[data-testid=overlap]"))), Wait);
        Assert.Equal("A: 2025-03-03 to 2025-03-17: 80 sessions", Text(page.Find("[data-testid=slice-a]")));

        // Sorted by impact, smallest first: /home's exit and /home -> /cart change nothing (impact 0).
        page.FindAll("thead th").Single(th => th.TextContent.Contains("Impact", StringComparison.Ordinal)).QuerySelector(".sortable-column-header")!.Click();
        page.WaitForAssertion(() => Assert.Equal("0", Text(page.FindAll("tbody tr")[0].Children[^1])), Wait);
    }

    [Fact]
    public void A_view_filter_of_the_other_pages_does_not_narrow_the_comparison_and_stays_in_the_url()
    {
        // The view is ios only (40 sessions); the comparison still counts every session of both weeks (40 and 40).
        var page = Open($"{TwoWeeks}&filter-column=platform&filter-value=ios");
        page.WaitForAssertion(() => Assert.Equal("A: 2025-03-03 to 2025-03-10: 40 sessions", Text(page.Find("[data-testid=slice-a]"))), Wait);
        Assert.StartsWith("A comparison slices every session of the dataset: the view filter above (sessions starting with platform = ios)",
            Text(page.Find("[data-testid=view-not-applied]")), StringComparison.Ordinal);
        Assert.Equal("6 of 6 changes", page.Find("[data-testid=change-count]").TextContent);
        page.Find(Input("worse-only")).Change(true);
        page.WaitForAssertion(() => Assert.Equal($"datasets/shop/compare?{TwoWeeks}&worse=1&filter-column=platform&filter-value=ios",
            Navigation.ToBaseRelativePath(Navigation.Uri)), Wait);
        Assert.Equal("1 of 6 changes", page.Find("[data-testid=change-count]").TextContent);
    }

    [Fact]
    public void An_empty_slice_says_where_the_sessions_are()
    {
        var page = Open("a-from=2030-01-01&b-from=2025-03-10");
        page.WaitForAssertion(() => Assert.Equal(
            "Slice A (2030-01-01 to the end) has no sessions. The dataset's sessions start between 2025-03-03 09:00:00Z and 2025-03-16 13:00:00Z.",
            Text(page.Find("[data-testid=comparison-error]"))), Wait);
        Assert.Empty(page.FindAll("[data-testid=change-count]"));
    }

    [Fact]
    public void Too_high_a_minimum_support_leaves_nothing_to_compare_which_is_no_error()
    {
        var page = Open(TwoWeeks + "&min-support=1000");
        page.WaitForAssertion(() => Assert.Equal(
            "Nothing to compare: no rate has 1,000 observations in both slices. Widen the slices or lower the minimum support.",
            Text(page.Find("[data-testid=nothing-to-compare]"))), Wait);
        Assert.Equal("0 tests with at least 1,000 observations in both slices; 9 left out below that.", Text(page.Find("[data-testid=support]")));
        Assert.Empty(page.FindAll("[data-testid=comparison-error]"));
        Assert.Empty(page.FindAll("tbody tr"));
    }

    [Fact]
    public void A_url_that_cannot_be_read_says_why_and_runs_nothing()
    {
        var page = Open("a-from=yesterday&b-from=2025-03-10");
        page.WaitForAssertion(() => Assert.Equal(
            "This address cannot be compared: a-from must be a time such as 2025-03-01 or 2025-03-01T09:00:00Z; got 'yesterday'. " +
            "Give A a period: a from date, a to date or both.",
            Text(page.Find("[data-testid=selection-problems]"))), Wait);
        Assert.Empty(page.FindAll("[data-testid=comparison-summary]"));
    }

    [Fact]
    public void Two_values_of_a_segment_column_and_a_value_the_column_never_takes()
    {
        // Even session indexes are ios, odd ones web: 20 of each per week.
        var page = Open("segment=platform&a=ios&b=web&from=2025-03-10");
        page.WaitForAssertion(() => Assert.Equal("A: 2025-03-10 to the end, platform = ios: 20 sessions", Text(page.Find("[data-testid=slice-a]"))), Wait);
        Assert.Equal("B: 2025-03-10 to the end, platform = web: 20 sessions", Text(page.Find("[data-testid=slice-b]")));
        // The form shows the value with its sessions over the whole dataset (40 ios sessions in the two weeks).
        page.WaitForAssertion(() => Assert.Equal("ios (40 sessions)", Text(page.Find("[data-testid=a-value]"))), Wait);

        var unknown = Open("segment=platform&a=ios&b=android");
        unknown.WaitForAssertion(() => Assert.Equal("The segment column 'platform' has no value 'android'. Its values: 'ios', 'web'.",
            Text(unknown.Find("[data-testid=comparison-error]"))), Wait);
    }

    [Fact]
    public async Task Another_dataset_is_the_baseline_counted_with_this_datasets_goals()
    {
        // The baseline holds week A alone (the users a00 to a39); this dataset both weeks.
        var lines = CompareShop.Csv().Split('\n');
        _context.AddDataset("week-a", string.Join('\n', lines.Where(l => !l.StartsWith('b'))));
        await Store.AnalyzeAsync("shop", AnalysisOptions.Default with { Goals = new GoalSet(["/checkout"], []) });
        var page = Open("against=week-a");
        page.WaitForAssertion(() => Assert.Equal("A: dataset 'week-a': 40 sessions, 28 converted (70.0 %)", Text(page.Find("[data-testid=slice-a]"))), Wait);
        // B: 80 sessions, 28 + 12 = 40 converted. Pooled p̂ = 68/120, se = sqrt(0.5667 · 0.4333 · (1/40 + 1/80)) = 0.0959601,
        // z = (0.5 - 0.7)/0.0959601 = -2.084200, p = erfc(1.473755) = 0.0371.
        Assert.Equal("B: dataset 'shop': 80 sessions, 40 converted (50.0 %)", Text(page.Find("[data-testid=slice-b]")));
        Assert.Equal("Conversion 70.0 % -> 50.0 % (p = 0.037). Goals: page /checkout.", Text(page.Find("[data-testid=conversion-test]")));
        page.WaitForAssertion(() => Assert.Equal("week-a", Text(page.Find("[data-testid=against]"))), Wait);
    }

    /// <summary>
    /// With /checkout as the goal, two more tests (m = 8): the conversion of sessions through /home and through /cart, 28 of
    /// 40 then 12 of 40 each: p̂ = 0.5, se = sqrt(0.25 · 2/40) = 0.1118034, z = -3.577709, p = 0.0003466, impact 0.4 · 40 = 16,
    /// worse. Benjamini-Hochberg: 0.0003466 · 8/2 = 0.0013865, /cart -> /error 0.0004432 · 8/3 = 0.0011818, /cart -> /checkout
    /// 0.0007558 · 8/4 = 0.0015115: both conversions and /cart -> /error get q = 0.0011818, and the site conversion test is
    /// the same 70.0 % -> 30.0 %, p &lt; 0.001. The exits of /checkout (no exit: its sessions convert) stay below 30 in B.
    /// </summary>
    [Fact]
    public async Task With_a_goal_the_conversions_lead_and_the_graph_colours_both_changed_routes_red()
    {
        var analysis = await Store.AnalyzeAsync("shop", AnalysisOptions.Default with { Goals = new GoalSet(["/checkout"], []) });
        var page = Open(TwoWeeks);
        page.WaitForAssertion(() => Assert.Equal("8 of 8 changes", page.Find("[data-testid=change-count]").TextContent), Wait);
        Assert.Equal("Conversion 70.0 % -> 30.0 % (p < 0.001). Goals: page /checkout.", Text(page.Find("[data-testid=conversion-test]")));
        Assert.Equal("4 significant (q < 0.05), 2 of them worse.", Text(page.Find("[data-testid=significance]")));
        Assert.Equal("worse: /cart (view): conversion of sessions through it 70.0 % -> 30.0 % (q = 0.001), 16 sessions affected", Words(page)[0]);
        Assert.Equal("worse", Text(page.FindAll("tbody tr")[0].QuerySelector("[data-testid=mark]")!));
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=comparison-graph] .heat-node").Count), Wait);
        Assert.Equal("2 significant transition changes drawn", Text(page.Find("[data-testid=graph-count]")));

        // The colour rule over this analysis: /checkout is the goal page, so /cart -> /checkout shrinking is worse; /error is
        // named like an error, so /cart -> /error growing is worse. Thickness 2 + 6 · impact / 12.89: 8 and 2 + 6 · 12.44/12.89 = 7.79.
        var result = await Store.CompareSlicesAsync("shop", new Slice(new DateTime(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc)),
            new Slice(new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 17, 0, 0, 0, DateTimeKind.Utc)));
        var graph = ComparisonGraph.Build(result, analysis.Result.Friction, analysis.Heatmap(HeatmapView.All), analysis.Heatmap(HeatmapView.All, true));
        var checkout = graph.Changes[("/cart", "/checkout")];
        var error = graph.Changes[("/cart", "/error")];
        Assert.Equal((Destination.TowardGoal, EdgeVerdict.Worse, "#e53935", 8.0), (checkout.Destination, checkout.Verdict, checkout.Colour, checkout.Width));
        Assert.Equal((Destination.TowardExit, EdgeVerdict.Worse, "#e53935"), (error.Destination, error.Verdict, error.Colour));
        Assert.Equal(2 + 6 * (0.3888889 * 32) / (0.4027778 * 32), error.Width, 5);
        Assert.Equal(2, graph.Changes.Count);
    }
}
