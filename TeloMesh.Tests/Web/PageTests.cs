using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Components.Controls;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

public sealed class PageTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Datasets_lists_each_dataset_with_a_link_to_its_friction_points()
    {
        var page = _context.Bunit.Render<Datasets>();
        Assert.Contains("tiny", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("a[href='datasets/tiny/friction']"));
    }

    [Fact]
    public void Friction_shows_the_summary_and_every_row_then_filters()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        // Default mode on the tiny case (docs/metrics.md, the tiny example): 8 pairs; 3 users (u_B, u_C, u_D) ended a session at
        // one of the 3 chokepoints.
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("3", page.Find("[data-metric='Users lost at chokepoints']").TextContent);
        Assert.Equal("3", page.Find("[data-metric='Chokepoints']").TextContent);
        Assert.Equal(3, page.FindAll("tbody .mud-chip").Count);

        page.Find("input[placeholder='Search pages and events']").Input("cart");
        page.WaitForAssertion(() => Assert.Equal("1 of 8 rows", page.Find("[data-testid=row-count]").TextContent));
    }

    [Fact]
    public async Task An_estimated_betweenness_is_announced_with_its_bound()
    {
        // Re-analysed so that the tiny case's 6 pages count as large: betweenness comes from 4 sampled sources.
        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        await store.AnalyzeAsync("tiny", AnalysisOptions.Default with { BetweennessSampleAbove = 3, BetweennessSamples = 4 });
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Contains("This dataset has 6 pages, so betweenness is estimated from 4 sampled source pages",
            System.Text.RegularExpressions.Regex.Replace(page.Find("[data-testid=betweenness-estimate]").TextContent, @"\s+", " "), StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void An_exact_betweenness_has_no_estimate_notice()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=betweenness-estimate]"));
    }

    [Fact]
    public void An_unknown_dataset_says_so()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "missing"));
        page.WaitForAssertion(() => Assert.Contains("cannot be analysed", page.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Fragile_flows_lists_each_flow_and_filters_by_chokepoints()
    {
        var page = _context.Bunit.Render<FragileFlows>(p => p.Add(x => x.Name, "tiny"));
        // Default mode: s_A1, s_B1, s_C1, s_D2; only s_A1 passes three chokepoints.
        page.WaitForAssertion(() => Assert.Equal("4 of 4 fragile flows", page.Find("[data-testid=flow-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(4, page.FindAll("[data-testid=flow]").Count);
        Assert.Equal(3 + 2 + 2 + 2, page.FindAll("[data-chokepoint=true]").Count);
        page.Find("input[data-testid=min-chokepoints]").Change("3");
        page.WaitForAssertion(() => Assert.Equal("1 of 4 fragile flows", page.Find("[data-testid=flow-count]").TextContent));
        Assert.Contains("minChokepoints=3", page.Find("a[data-testid=export-flows]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void Heatmap_draws_a_node_per_page_in_its_tier()
    {
        _context.Bunit.SetRendererInfo(new RendererInfo("Server", true));
        _context.Bunit.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 400));
        var page = _context.Bunit.Render<Heatmap>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll(".heat-node").Count), TimeSpan.FromSeconds(10));
        // /cart and /product tie at 1/3, the top score: both are red; the zero-score pages are grey.
        Assert.Equal(["/cart", "/product"], page.FindAll(".heat-node[data-tier=Top10]").Select(n => n.GetAttribute("data-page")).Order(StringComparer.Ordinal));
        Assert.Equal("6 pages, 7 edges", page.Find("[data-testid=node-count]").TextContent);
        Assert.EndsWith("view=all", page.Find("a[data-testid=export-heatmap]").GetAttribute("href"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The tiny case's first visits, steps with repeats collapsed: /home 1 in all 8 sessions; /search 2; /product 2 (s_A2, s_C1)
    /// or 3 (5 sessions) -> 3; /cart 4; /checkout 5; /help 3 (s_A2) and 5 (s_B1) -> the lower middle, 3.
    /// </summary>
    [Fact]
    public void Heatmap_lays_pages_out_as_a_funnel_by_typical_step_on_request()
    {
        _context.Bunit.SetRendererInfo(new RendererInfo("Server", true));
        _context.Bunit.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 400));
        var page = _context.Bunit.Render<Heatmap>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll(".heat-node").Count), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=funnel-column]"));

        page.FindAll("[data-testid=layout] button").Single(b => b.TextContent.Contains("Funnel", StringComparison.Ordinal)).Click();
        page.WaitForAssertion(() => Assert.Equal(["step 1", "step 2", "step 3", "step 4", "step 5"],
            page.FindAll("[data-testid=funnel-column]").Select(c => c.TextContent)));
        Assert.Equal(6, page.FindAll(".heat-node").Count);
        Assert.Contains("typically first reach", page.Find("[data-testid=funnel-meaning]").TextContent, StringComparison.Ordinal);
        Assert.Contains("layout=funnel", page.Find("a[data-testid=export-heatmap]").GetAttribute("href"), StringComparison.Ordinal);
        // /product and /help stand in one column (step 3): their boxes share a centre line, right of /search's (step 2).
        double Centre(string name)
        {
            var node = page.Find($".heat-node[data-page='{name}']");
            double Px(string? style, string property) => double.Parse(System.Text.RegularExpressions.Regex.Match(style ?? "", property + @":\s*([\d.]+)px").Groups[1].Value,
                System.Globalization.CultureInfo.InvariantCulture);
            return Px(node.ParentElement!.GetAttribute("style"), "left") + Px(node.GetAttribute("style"), "width") / 2;
        }
        Assert.Equal(Centre("/product"), Centre("/help"), 1);
        Assert.True(Centre("/search") < Centre("/product"));
    }

    [Fact]
    public void Upload_starts_with_a_drop_zone_and_a_disabled_button()
    {
        var page = _context.Bunit.Render<Upload>();
        Assert.NotNull(page.Find("[data-testid=drop-zone]"));
        Assert.True(page.Find("button[data-testid=upload-button]").HasAttribute("disabled"));
        Assert.Contains("1,024 MB", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Dataset_header_marks_the_current_page_and_links_the_others()
    {
        var header = _context.Bunit.Render<DatasetHeader>(p => p.Add(x => x.Name, "my shop").Add(x => x.Title, "Flow heatmap").Add(x => x.Current, "heatmap"));
        Assert.Equal("true", header.Find("[data-tab=heatmap]").GetAttribute("aria-selected"));
        Assert.Equal("false", header.Find("[data-tab=flows]").GetAttribute("aria-selected"));
        Assert.Equal("datasets/my%20shop/flows", header.Find("[data-tab=flows]").GetAttribute("href"));
    }

    [Fact]
    public void Hostile_page_and_event_names_are_shown_as_text()
    {
        _context.AddDataset("hostile", "user_id,timestamp,page,event\n" +
            "u,2025-03-01T10:00:00Z,<script>alert(1)</script>,view\n" +
            "u,2025-03-01T10:01:00Z,\"\"\"><img src=x onerror=alert(1)>\",\"=HYPERLINK(\"\"http://x\"\")\"\n");
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "hostile"));
        page.WaitForAssertion(() => Assert.Equal("2 of 2 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("<script>alert(1)</script>", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("tbody script, tbody img"));
        Assert.Contains(page.FindAll("tbody td"), td => td.TextContent == "<script>alert(1)</script>");
        Assert.Contains(page.FindAll("tbody td"), td => td.TextContent == "\"><img src=x onerror=alert(1)>");
    }
}
