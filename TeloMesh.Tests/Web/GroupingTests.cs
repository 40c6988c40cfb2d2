using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TeloMesh.Core.Grouping;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>Page grouping in the dashboard (docs/metrics.md section 11): the dialog's state and the bar on the dataset pages.</summary>
public sealed class GroupingTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static string Text(AngleSharp.Dom.IElement element) => System.Text.RegularExpressions.Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    /// <summary>
    /// /product/1 and /product/2 are numbers under /product: one type; /home?utm=x has a query. The first rule merges 2 pages
    /// into 1, the query rule 1 into 1 (/home). With both, five pages become /product/:id, /cart and /home: 3.
    /// </summary>
    [Fact]
    public void The_form_suggests_previews_and_counts_what_the_rules_make_of_the_pages()
    {
        PageCount[] pages = [new("/product/1", 5), new("/cart", 4), new("/product/2", 3), new("/home", 2), new("/home?utm=x", 1)];
        var form = new GroupingForm(pages, PageRules.None);
        Assert.Equal([("/product/* => /product/:id", 2, 1), ("~([^?#]*)[?#].* => $1", 1, 1)],
            form.Suggestions.Select(s => (s.Rule, s.PagesMerged, s.Into)));
        Assert.Equal((5, 5), form.Counts);
        Assert.Equal("5 pages as read; these rules group none of them.", form.CountText);

        form.Add(form.Suggestions[0]);
        Assert.Equal("/product/* => /product/:id", form.Text);
        Assert.True(form.Has(form.Suggestions[0]));
        Assert.Equal("5 pages as read become 4.", form.CountText);
        Assert.Equal([("/product/1", 5L, "/product/:id"), ("/cart", 4L, "/cart"), ("/product/2", 3L, "/product/:id"), ("/home", 2L, "/home"),
            ("/home?utm=x", 1L, "/home?utm=x")], form.Preview);

        form.AddAll();
        Assert.Equal("/product/* => /product/:id\n~([^?#]*)[?#].* => $1", form.Text);
        Assert.Equal((5, 3), form.Counts);

        form.Text = "/product/* => /product/:id\n/cart";
        Assert.Null(form.Rules);
        Assert.Equal("The grouping rules cannot be used: line 2: '/cart' has no '=>' (a rule is PATTERN => NAME).", form.Problem);
    }

    /// <summary>
    /// The tiny example has no ids, so nothing is suggested; a rule of one's own, /product and /cart as /shop, makes its 6
    /// pages 5, and the friction table then ranks /shop: its 12 steps (9 on /product, 3 on /cart) as one page.
    /// </summary>
    [Fact]
    public async Task Grouping_from_the_bar_re_analyses_in_place_and_is_recorded()
    {
        var dialogs = _context.Bunit.Render<MudDialogProvider>();
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.StartsWith("6 pages, as read.", Text(page.Find("[data-testid=grouping-summary]")), StringComparison.Ordinal);
        page.Find("button[data-testid=edit-grouping]").Click();

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=no-suggestions]")), TimeSpan.FromSeconds(10));
        dialogs.Find("textarea[data-testid=rules-text], [data-testid=rules-text] textarea").Input("~/(product|cart) => /shop");
        dialogs.WaitForAssertion(() => Assert.Equal("6 pages as read become 5.", Text(dialogs.Find("[data-testid=grouping-count]"))), TimeSpan.FromSeconds(5));
        dialogs.Find("[data-testid=apply-grouping]").Click();

        page.WaitForAssertion(() => Assert.Equal("5 page types, grouped from 6 pages by 1 grouping rule.", Text(page.Find("[data-testid=grouping-summary]"))),
            TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("tbody tr"), tr => tr.Children[0].TextContent == "/shop"), TimeSpan.FromSeconds(10));
        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        await store.WaitForFilesAsync("tiny", CancellationToken.None);
        Assert.Equal("~/(product|cart) => /shop", store.Datasets().Single(d => d.Name == "tiny").Info?.Options?.PageRules);
    }

    /// <summary>Compatibility mode reproduces the original, which groups no pages: the bar says so and offers no grouping.</summary>
    [Fact]
    public async Task In_compatibility_mode_the_bar_says_pages_are_not_grouped_and_its_button_is_off()
    {
        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        await store.AnalyzeAsync("tiny", TeloMesh.Core.Pipeline.AnalysisOptions.Default with { Compat = TeloMesh.Core.Graph.CompatMode.TeloMesh });
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("6 pages, as read: compatibility mode reproduces the original's numbers, which groups no pages. Turn it off (Re-analyse) to group them.",
            Text(page.Find("[data-testid=grouping-summary]"))), TimeSpan.FromSeconds(10));
        Assert.True(page.Find("button[data-testid=edit-grouping]").HasAttribute("disabled"));
    }
}
