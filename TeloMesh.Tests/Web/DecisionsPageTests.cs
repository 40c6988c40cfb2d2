using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.Friction;
using TeloMesh.Tests.Core.Friction;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>The Decisions page on the hand-built shop of <see cref="DecisionTableTests"/> (one page of each role, goal /thanks).</summary>
public sealed class DecisionsPageTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public async Task InitializeAsync()
    {
        _context.AddDataset("shop", DecisionTableTests.Csv);
        await _context.Bunit.Services.GetRequiredService<AnalysisStore>().AnalyzeAsync("shop", DecisionTableTests.WithGoal);
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static string Text(AngleSharp.Dom.IElement element) => System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    [Fact]
    public void Every_page_is_listed_with_its_action_role_and_reason_and_an_action_filters_them()
    {
        var page = _context.Bunit.Render<Decisions>(p => p.Add(x => x.Name, "shop"));
        page.WaitForAssertion(() => Assert.Equal("8 of 8 pages", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(["fix (1)", "investigate (1)", "watch (3)", "keep (3)"], page.FindAll("[data-testid=action-chip]").Select(Text));
        var first = page.FindAll("tbody tr")[0];
        Assert.Equal(("/pay", "fix", "leak"), (first.Children[0].TextContent, Text(first.QuerySelector("[data-testid=action]")!), Text(first.QuerySelector("[data-testid=role]")!)));
        Assert.StartsWith("exit rate 45.5 % (26.9–65.3) vs site 11.6 %", Text(first.QuerySelector("[data-testid=reason]")!), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=decisions-no-goals]"));
        // Graph health: edges home->list 22, list->item 22, item->cart 22, cart->pay 22, pay->thanks 12, home->faq 6, list->about 2,
        // about->list 2 (8 edges, 110 transitions): the top ceil(0.8) = 1 carries 22, 20.0 %. 8 pages, 8 edges: said to mean little.
        var concentration = page.FindAll("[data-testid=health-row]")[0];
        Assert.Equal(("Edge concentration", "20.0 %"), (concentration.Children[0].TextContent, concentration.Children[1].TextContent));
        Assert.Contains("8 pages and 8 edges", Text(page.Find("[data-testid=health-warning]")), StringComparison.Ordinal);
        // Resilience: /item and /list tie at betweenness 1 and /item comes first in code point order; it breaks every session
        // through it (the 22 that go on from /home to /list), /list then none more, /cart (8/9) and /pay (5/9) none; then the
        // pages at 0 in code point order: /about none, /faq the 6 that go /home /faq, /home and /thanks none.
        page.WaitForAssertion(() => Assert.Equal("Without the top 1, 3, 5 pages by betweenness, 21.4 %, 21.4 %, 21.4 % of sessions keep their journey.",
            Text(page.Find("[data-testid=resilience-summary]"))), TimeSpan.FromSeconds(10));
        Assert.Equal(["/item: 78.6 % of sessions", "/faq: 21.4 % of sessions"], page.FindAll("[data-testid=critical-page]").Select(Text));

        page.Find("[data-testid=action-chip][data-action=watch]").Click();
        page.WaitForAssertion(() => Assert.Equal("3 of 8 pages", page.Find("[data-testid=row-count]").TextContent));
        Assert.Equal(["/home", "/item", "/list"], page.FindAll(".mud-table-body tr").Select(tr => tr.Children[0].TextContent));
        Assert.EndsWith("?action=watch", page.Find("a[data-testid=export-decisions]").GetAttribute("href"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The shop's matrix with its goal: seven pages (/thanks, the goal, is not drawn). Gains: /pay 1000/28, the largest, at
    /// the right edge; /faq 0, at the left edge.
    /// </summary>
    [Fact]
    public void The_priority_matrix_places_each_page_by_score_and_gain_and_a_click_shows_its_row()
    {
        var page = _context.Bunit.Render<Decisions>(p => p.Add(x => x.Name, "shop"));
        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("[data-testid=matrix-dot]").Count), TimeSpan.FromSeconds(10));
        var pay = page.Find("[data-testid=matrix-dot][data-page='/pay']");
        // The largest gain stands at the right edge.
        Assert.Equal("600", pay.GetAttribute("cx"));
        Assert.Equal("0", page.Find("[data-testid=matrix-dot][data-page='/faq']").GetAttribute("cx"));
        Assert.Equal("fix first: friction that costs conversions", page.FindAll("[data-testid=quadrant]")[0].TextContent);
        pay.Click();
        page.WaitForAssertion(() => Assert.Equal("1 of 8 pages", page.Find("[data-testid=row-count]").TextContent));
    }

    [Fact]
    public void Without_goals_the_matrix_is_by_traffic()
    {
        var model = new DecisionsViewModel(TeloMesh.Core.Pipeline.AnalysisPipeline.Analyze(TestFiles.Read(DecisionTableTests.Csv).Events,
            TeloMesh.Core.Pipeline.AnalysisOptions.Default));
        Assert.False(model.Matrix.ByGain);
        // Every page is drawn (no goal to leave out); the busiest, /home with 28 steps, at the right edge, with the largest bubble.
        Assert.Equal(8, model.Matrix.Dots.Count);
        var home = model.Matrix.Dots.Single(d => d.Page == "/home");
        Assert.Equal((PriorityMatrix.Width, PriorityMatrix.MaxRadius), (home.X, home.Radius));
        Assert.Equal("busy and stuck: investigate first", model.Matrix.Labels.TopRight);
    }

    [Fact]
    public void The_filter_of_an_export_link_is_read_back()
    {
        var filter = DecisionFilter.FromQuery(new Dictionary<string, string?> { ["action"] = "investigate", ["role"] = "dead-end", ["q"] = "fa" });
        Assert.Equal(new DecisionFilter(PageAction.Investigate, PageRole.DeadEnd, "fa"), filter);
        Assert.Equal("?action=investigate&role=dead-end&q=fa", filter.ToQuery());
        Assert.Equal("-investigate-dead-end", filter.FileSuffix());
    }
}
