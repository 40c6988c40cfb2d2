using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Components.Dialogs;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// Goals on the pages (docs/metrics.md section 8), on the tiny example (docs/metrics.md) with /checkout as the goal page.
/// Worked by hand: only s_A1 reaches /checkout, so 1 of 8 sessions converts (12.5 %). The chain of the sessions' pairs
/// (H = /home Page View, S = /search Search, C = /search Click, P = /product Page View, R = /product Scroll,
/// A = /cart Add to Cart, X = /help Page View) has no cycle; from each pair:
/// H: S 4/8, P 2/8, C 1/8, exit 1/8. S: P 3/4, R 1/4. C: P. P: R 2/6, X 1/6, A 1/6, exit 2/6. R: A 2/3, exit 1/3.
/// A: goal 1/3, X 1/3, exit 1/3. X: exit.
/// Chances of reaching the goal: c(A) = 1/3, c(R) = 2/3 x 1/3 = 2/9, c(P) = 2/6 x 2/9 + 1/6 x 1/3 = 7/54, c(H) = 1/8.
/// Chances of ever passing a pair from the start: P 3/4, R 3/8, A 3/8, H 1.
/// With a gain reduction of 20 %, a pair with exit share e sends α = 0.2 e / (1 - e) more of its sessions on, so (no pair
/// comes back to itself) the conversion rises by reach x α x c:
/// A: 3/8 x 0.1 x 1/3 = 0.0125, +12.5 per 1,000; P: 3/4 x 0.1 x 7/54 = 0.0097222, +9.7; R: 3/8 x 0.1 x 2/9 = 0.0083333,
/// +8.3; H: 1 x (0.2/7) x 1/8 = 0.0035714, +3.6. X ends every session (e = 1), the /search pairs none (e = 0): 0.
/// </summary>
public sealed class GoalsPageTests : IAsyncLifetime
{
    private static readonly AnalysisOptions CheckoutGoal = AnalysisOptions.Default with { Goals = new GoalSet(["/checkout"], []), GainReduction = 0.2 };

    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private AnalysisStore Store => _context.Bunit.Services.GetRequiredService<AnalysisStore>();

    private static string Text(AngleSharp.Dom.IElement element) => System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    /// <summary>The grid's rows as (page, event) and the text of the cell marked <paramref name="testId"/>.</summary>
    private static List<(string Pair, string Cell)> Cells(IRenderedComponent<Friction> page, string testId) =>
        [.. page.FindAll("tbody tr").Where(tr => tr.QuerySelector($"[data-testid={testId}]") is not null)
            .Select(tr => ($"{tr.Children[0].TextContent} {tr.Children[1].TextContent}", Text(tr.QuerySelector($"[data-testid={testId}]")!)))];

    [Fact]
    public void Without_goals_every_page_says_how_a_goal_helps_and_exit_rates_show_their_range()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.StartsWith("No goal set, so every session that ends counts as lost", Text(page.Find("[data-testid=goals-hint]")), StringComparison.Ordinal);
        Assert.Equal("Set goals", Text(page.Find("button[data-testid=edit-goals]")));
        Assert.Empty(page.FindAll("[data-testid=conversion]"));
        Assert.Empty(page.FindAll("[data-testid=gain]"));
        // /product Page View, 2 exits of 6: 33.3 % (9.7–70.0) (GoalsViewModelTests works the interval out). Every tiny pair is
        // seen fewer than 30 times, so every row has the mark.
        Assert.Contains(("/product Page View", "33.3 % (9.7–70.0)"), Cells(page, "exit-rate"));
        Assert.Equal(8, page.FindAll("tbody [data-testid=few-observations]").Count);
        Assert.Contains("The range is the 95 % confidence interval", page.Find("[data-testid=friction-legend]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_goal_the_grid_shows_conversions_and_gains_and_leaves_the_goal_out()
    {
        await Store.AnalyzeAsync("tiny", CheckoutGoal);
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("7 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("Conversion 12.5 % (1 of 8 sessions reach a goal)", Text(page.Find("[data-testid=conversion]")));
        Assert.Equal("Change goals", Text(page.Find("button[data-testid=edit-goals]")));
        Assert.Equal("1 goal pair not listed: sessions succeed there, so it is never friction.", Text(page.Find("[data-testid=hidden-goals]")));
        Assert.DoesNotContain(page.FindAll("tbody td"), td => td.TextContent == "/checkout");

        var gains = Cells(page, "gain").ToDictionary(c => c.Pair, c => c.Cell);
        Assert.Equal("+12.5", gains["/cart Add to Cart"]);
        Assert.Equal("+9.7", gains["/product Page View"]);
        Assert.Equal("+8.3", gains["/product Scroll"]);
        Assert.Equal("+3.6", gains["/home Page View"]);
        Assert.Equal(("0", "0", "0"), (gains["/help Page View"], gains["/search Search"], gains["/search Click"]));
        Assert.Contains("if 20 % fewer sessions ended at the pair", page.Find("[data-testid=friction-legend]").TextContent, StringComparison.Ordinal);

        // Sessions through /cart Add to Cart: s_A1, s_B1, s_D2, of which s_A1 converts: 3 sessions, 33.3 %.
        var cart = page.FindAll("tbody tr").Single(tr => tr.Children[0].TextContent == "/cart");
        Assert.Contains("3", cart.Children.Select(td => td.TextContent));
        Assert.Contains("33.3 %", cart.Children.Select(td => td.TextContent));

        // Asked for, the goal pair is listed with a green "goal" chip.
        page.Find("input[data-testid=show-goals], [data-testid=show-goals] input").Change(true);
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent));
        var checkout = page.FindAll("tbody tr").Single(tr => tr.Children[0].TextContent == "/checkout");
        Assert.Equal("goal", Text(checkout.QuerySelector("[data-testid=goal-chip]")!));
        Assert.Contains("goals=1", page.Find("a[data-testid=export-friction]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grid_sorts_by_projected_gain_and_by_cautious_score()
    {
        await Store.AnalyzeAsync("tiny", CheckoutGoal);
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("7 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        AngleSharp.Dom.IElement Header(string title) => page.FindAll("thead th").Single(th => th.TextContent.Contains(title, StringComparison.Ordinal));

        // Ascending first, then descending: 0, 0, 0, +3.6, +8.3, +9.7, +12.5 (the zeros by page: /help, /search, /search).
        Header("Gain per 1,000 sessions").QuerySelector(".sortable-column-header")!.Click();
        page.WaitForAssertion(() => Assert.Equal(["0", "0", "0", "+3.6", "+8.3", "+9.7", "+12.5"], Cells(page, "gain").Select(c => c.Cell)));
        Header("Gain per 1,000 sessions").QuerySelector(".sortable-column-header")!.Click();
        page.WaitForAssertion(() => Assert.Equal(["+12.5", "+9.7", "+8.3", "+3.6", "0", "0", "0"], Cells(page, "gain").Select(c => c.Cell)));

        // Cautious score: the low end of the range x betweenness. /product Page View 2 of 6: 0.0967714 x 1 = 0.0968; /product
        // Scroll and /cart Add to Cart, 1 of 3: 0.0614919 x 1 = 0.0615; the others have betweenness 0 or no exits: 0.
        Header("Cautious score").QuerySelector(".sortable-column-header")!.Click();
        Header("Cautious score").QuerySelector(".sortable-column-header")!.Click();
        page.WaitForAssertion(() =>
        {
            var first = page.FindAll("tbody tr")[0].Children; // page, event, exit rate, betweenness, lost, users, score, cautious score
            Assert.Equal(("/product", "Page View", "0.0968"), (first[0].TextContent, first[1].TextContent, first[7].TextContent));
        });
    }

    [Fact]
    public async Task Accepting_a_suggestion_re_analyses_the_page_in_place()
    {
        var dialogs = _context.Bunit.Render<MudDialogProvider>();
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        page.Find("button[data-testid=edit-goals]").Click();

        // The tiny example's suggestions: /help (both its visits end the session) and /checkout (its one visit does).
        dialogs.WaitForAssertion(() => Assert.Equal(["/help", "/checkout"],
            dialogs.FindAll("[data-testid=goal-suggestion]").Select(c => c.GetAttribute("data-goal"))));
        Assert.Contains("100 % of its visits end the session (1 session)", Text(dialogs.Find("[data-testid=goal-suggestion][data-goal='/checkout']")),
            StringComparison.Ordinal);
        dialogs.Find("[data-testid=goal-suggestion][data-goal='/checkout']").Click();
        dialogs.WaitForAssertion(() => Assert.Equal(["/checkout"], dialogs.FindAll("[data-testid=goal-chosen]").Select(c => c.GetAttribute("data-goal"))));
        dialogs.WaitForAssertion(() => Assert.Equal(["/help"], dialogs.FindAll("[data-testid=goal-suggestion]").Select(c => c.GetAttribute("data-goal"))));
        dialogs.Find("[data-testid=reanalyse-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("Conversion 12.5 % (1 of 8 sessions reach a goal)", Text(page.Find("[data-testid=conversion]"))),
            TimeSpan.FromSeconds(10));
        // The grid follows in a render of its own on a busy machine.
        page.WaitForAssertion(() => Assert.Equal("7 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        // Stored with the dataset's options (its files are written just after): the next visit, and the command line, analyse with the goal.
        await Store.WaitForFilesAsync("tiny", CancellationToken.None);
        Assert.Equal(new GoalSet(["/checkout"], []), Store.Datasets().Single(d => d.Name == "tiny").Info?.Options?.ToOptions().Goals);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> OpenDialog(AnalysisOptions current)
    {
        var provider = _context.Bunit.Render<MudDialogProvider>();
        var service = _context.Bunit.Services.GetRequiredService<IDialogService>();
        var choices = GoalChoices.From((await Store.GetAsync("tiny")).Result);
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await service.ShowAsync<ReanalyseDialog>("Re-analyse",
            new DialogParameters<ReanalyseDialog> { { d => d.Name, "tiny" }, { d => d.Current, current }, { d => d.Choices, Task.FromResult(choices) } }));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=reanalyse-submit]")));
        return (provider, reference!);
    }

    [Fact]
    public async Task The_dialog_refuses_goals_in_compatibility_mode_and_says_why()
    {
        var (provider, reference) = await OpenDialog(CheckoutGoal);
        Assert.Empty(provider.FindAll("[data-testid=compat-conflict]"));
        provider.Find("input[data-testid=compat], [data-testid=compat] input").Change(true);
        provider.WaitForAssertion(() => Assert.StartsWith("Compatibility mode reproduces the original TeloMesh's numbers, and the original has no goals",
            Text(provider.Find("[data-testid=compat-conflict]")), StringComparison.Ordinal));
        Assert.True(provider.Find("[data-testid=reanalyse-submit]").HasAttribute("disabled"));
        Assert.Empty(provider.FindAll("[data-testid=goal-page-search]")); // no goal can be added in compatibility mode

        // Removing the goal lifts the refusal: the dialog returns compatibility mode without goals.
        provider.Find("[data-testid=goal-chosen] .mud-chip-close-button, [data-testid=goal-chosen] button").Click();
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=compat-conflict]")));
        // A minimum support is refused the same way (the original has none).
        var minSupport = provider.Find("input[data-testid=min-support], [data-testid=min-support] input");
        minSupport.Change("2");
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid=compat-conflict]")));
        provider.Find("input[data-testid=min-support], [data-testid=min-support] input").Change("1");
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=compat-conflict]")));
        provider.Find("[data-testid=reanalyse-submit]").Click();
        var options = Assert.IsType<AnalysisOptions>((await reference.Result)!.Data);
        Assert.Equal((CompatMode.TeloMesh, true), (options.Compat, options.Goals.IsEmpty));
    }

    /// <summary>A dataset grouped into page types cannot be re-analysed in compatibility mode either: the dialog says what to undo.</summary>
    [Fact]
    public async Task The_dialog_refuses_compatibility_mode_for_a_grouped_dataset()
    {
        var (provider, _) = await OpenDialog(AnalysisOptions.Default with { PageRules = TeloMesh.Core.Grouping.PageRules.Parse("/product => /p") });
        provider.Find("input[data-testid=compat], [data-testid=compat] input").Change(true);
        provider.WaitForAssertion(() => Assert.Equal("Compatibility mode reproduces the original TeloMesh's numbers, and the original has no goals, minimum " +
            "support or page grouping: remove the page grouping (Change grouping, above every page), or turn compatibility off.",
            Text(provider.Find("[data-testid=compat-conflict]"))));
        Assert.True(provider.Find("[data-testid=reanalyse-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task The_dialog_names_a_goal_that_matches_nothing_with_cores_message()
    {
        var (provider, reference) = await OpenDialog(AnalysisOptions.Default with { Goals = new GoalSet(["/Checkout"], []) });
        provider.Find("[data-testid=reanalyse-submit]").Click();
        provider.WaitForAssertion(() => Assert.StartsWith("The goal page '/Checkout' matches no page. Nearest pages: '/checkout'",
            Text(provider.Find("[data-testid=reanalyse-problems]")), StringComparison.Ordinal));
        Assert.False(reference.Result.IsCompleted);
    }

    [Fact]
    public async Task The_dialog_returns_the_gain_reduction_and_minimum_support()
    {
        var (provider, reference) = await OpenDialog(AnalysisOptions.Default);
        AngleSharp.Dom.IElement Input(string testId) => provider.Find($"input[data-testid={testId}], [data-testid={testId}] input");
        Assert.True(Input("gain-reduction").HasAttribute("disabled")); // no goal yet: a gain is counted in conversions
        Assert.Equal("10", Input("gain-reduction").GetAttribute("value"));
        Assert.Equal("1", Input("min-support").GetAttribute("value"));
        provider.Find("[data-testid=goal-suggestion][data-goal='/checkout']").Click();
        provider.WaitForAssertion(() => Assert.False(Input("gain-reduction").HasAttribute("disabled")));
        Input("gain-reduction").Change("25");
        Input("min-support").Change("3");
        provider.Find("[data-testid=reanalyse-submit]").Click();
        var options = Assert.IsType<AnalysisOptions>((await reference.Result)!.Data);
        Assert.Equal(new GoalSet(["/checkout"], []), options.Goals);
        Assert.Equal(0.25, options.GainReduction, 12);
        Assert.Equal(3, options.MinSupport);
    }

    [Fact]
    public async Task The_datasets_page_lists_each_datasets_goals_and_conversion()
    {
        var page = _context.Bunit.Render<Datasets>();
        Assert.Equal("none", page.Find("[data-testid=goals-tiny] bdi").TextContent);
        Assert.Equal("Set goals", Text(page.Find("[data-testid=set-goals-tiny]")));
        await Store.AnalyzeAsync("tiny", CheckoutGoal);
        page = _context.Bunit.Render<Datasets>();
        Assert.Equal("page /checkout", page.Find("[data-testid=goals-tiny] bdi").TextContent);
        Assert.Equal("12.5 % of sessions convert", Text(page.Find("[data-testid=goals-tiny] .mud-typography-caption")));
        Assert.Equal("Change goals", Text(page.Find("[data-testid=set-goals-tiny]")));
    }

    [Fact]
    public async Task The_heatmap_draws_the_goal_page_green_with_a_legend_entry()
    {
        await Store.AnalyzeAsync("tiny", CheckoutGoal);
        _context.Bunit.SetRendererInfo(new RendererInfo("Server", true));
        _context.Bunit.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 400));
        var page = _context.Bunit.Render<Heatmap>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll(".heat-node").Count), TimeSpan.FromSeconds(10));
        var goal = Assert.Single(page.FindAll(".heat-node[data-goal=true]"));
        Assert.Equal("/checkout", goal.GetAttribute("data-page"));
        Assert.Contains("background:#43a047", goal.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("goal", Text(page.Find("[data-testid=goal-legend]")));
        Assert.Equal("Conversion 12.5 % (1 of 8 sessions reach a goal)", Text(page.Find("[data-testid=conversion]")));
    }

    [Fact]
    public void A_goal_chosen_on_the_heatmap_redraws_it_in_place()
    {
        var dialogs = _context.Bunit.Render<MudDialogProvider>();
        _context.Bunit.SetRendererInfo(new RendererInfo("Server", true));
        _context.Bunit.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 400));
        var page = _context.Bunit.Render<Heatmap>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll(".heat-node").Count), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll(".heat-node[data-goal=true]"));
        Assert.Empty(page.FindAll("[data-testid=goal-legend]"));

        page.Find("button[data-testid=edit-goals]").Click();
        dialogs.WaitForElement("[data-testid=goal-suggestion][data-goal='/checkout']").Click();
        dialogs.Find("[data-testid=reanalyse-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("/checkout", Assert.Single(page.FindAll(".heat-node[data-goal=true]")).GetAttribute("data-page")),
            TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() =>
        {
            Assert.Equal(6, page.FindAll(".heat-node").Count);
            Assert.Equal("goal", Text(page.Find("[data-testid=goal-legend]")));
        }, TimeSpan.FromSeconds(10));
    }
}
