using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>The heatmap, fragile flows and datasets pages in the real browser, on the tiny example ("shop").</summary>
[Collection(DashboardCollection.Name)]
public sealed class ExploreEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task Heatmap_colours_pages_by_tier_shows_numbers_and_exports_html()
    {
        await EndToEndFiles.EnsureTinyAsync(Server, "shop");
        var page = await Server.OpenAsync("datasets/shop/heatmap");
        await Expect(page.Locator(".heat-node")).ToHaveCountAsync(6, new() { Timeout = 20_000 });
        // Node map (default mode): /cart and /product 1/3, every other page 0. Six pages: the top 10 % is one page,
        // and /product ties with /cart, so both are red; pages scoring zero are never in a top tier.
        await Expect(page.Locator(".heat-node[data-tier=Top10]")).ToHaveCountAsync(2);
        await Expect(page.Locator(".heat-node[data-tier=Rest]")).ToHaveCountAsync(4);
        var red = await page.Locator(".heat-node[data-page='/cart']").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.Equal("rgb(229, 57, 53)", red);

        await page.Locator(".heat-node[data-page='/cart']").HoverAsync();
        var hover = page.Locator("[data-testid=hover]");
        // /cart: 3 steps, 1 session ended there (s_D2): exit rate 33.3 %; betweenness 1 (docs/metrics.md, the tiny example).
        await Expect(hover).ToContainTextAsync("Exit rate 33.3 %");
        await Expect(hover).ToContainTextAsync("Betweenness 1.000");
        await Expect(hover).ToContainTextAsync("Traffic 3 steps");

        await page.Locator(".heat-node[data-page='/product']").ClickAsync();
        var selected = page.Locator("[data-testid=selected]");
        await Expect(selected).ToContainTextAsync("Page View");
        await Expect(selected).ToContainTextAsync("Scroll");
        await DashboardServer.ScreenshotAsync(page, "heatmap");

        var (name, html) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-heatmap]");
        Assert.Equal("shop-heatmap-all.html", name);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Equal(6, html.Split("class=\"node\"").Length - 1);
        Assert.Equal(2, html.Split("data-tier=\"Top10\"").Length - 1);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The funnel layout on the tiny case: first visits with repeats collapsed put /home at step 1, /search 2, /product and /help
    /// 3 (/product: 2 twice, 3 five times; /help: 3 and 5, the lower middle), /cart 4, /checkout 5.
    /// </summary>
    [Fact]
    public async Task Heatmap_lays_pages_out_as_a_funnel_and_exports_it()
    {
        await EndToEndFiles.EnsureTinyAsync(Server, "shop");
        var page = await Server.OpenAsync("datasets/shop/heatmap");
        await Expect(page.Locator(".heat-node")).ToHaveCountAsync(6, new() { Timeout = 20_000 });
        await DashboardServer.WaitInteractiveAsync(page);
        var headings = page.Locator("[data-testid=funnel-column]");
        // A click right after the page loads can be lost (seen on the heatmap before): choosing the layout again is harmless.
        for (var attempt = 0; attempt < 5 && await headings.CountAsync() == 0; attempt++)
        {
            await page.Locator("[data-testid=layout] button", new() { HasText = "Funnel" }).ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        await Expect(headings).ToHaveTextAsync(["step 1", "step 2", "step 3", "step 4", "step 5"]);
        await Expect(page.Locator(".heat-node")).ToHaveCountAsync(6);
        var product = await page.Locator(".heat-node[data-page='/product']").BoundingBoxAsync();
        var help = await page.Locator(".heat-node[data-page='/help']").BoundingBoxAsync();
        var search = await page.Locator(".heat-node[data-page='/search']").BoundingBoxAsync();
        Assert.Equal(product!.X + product.Width / 2, help!.X + help.Width / 2, 0.5);
        Assert.True(search!.X + search.Width < product.X, "step 2 stands left of step 3");
        await page.Mouse.MoveAsync(0, 0); // the layout's tooltip off the picture
        await DashboardServer.ScreenshotAsync(page, "heatmap-funnel");

        var (name, html) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-heatmap]");
        Assert.Equal("shop-heatmap-all-funnel.html", name);
        Assert.Equal(5, html.Split("<text class=\"column\"").Length - 1);
        Assert.Contains(">step 5</text>", html, StringComparison.Ordinal);
        Assert.Equal(6, html.Split("class=\"node\"").Length - 1);
    }

    [Fact]
    public async Task Fragile_flows_filter_page_and_export()
    {
        await EndToEndFiles.EnsureTinyAsync(Server, "shop");
        var page = await Server.OpenAsync("datasets/shop/flows");
        var count = page.Locator("[data-testid=flow-count]");
        // Default mode: s_A1, s_B1, s_C1 and s_D2 pass two or more chokepoints.
        await Expect(count).ToHaveTextAsync("4 of 4 fragile flows", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=flow]")).ToHaveCountAsync(4);
        // s_A1: /product (Page View), /product (Scroll), /cart (Add to Cart) are chokepoints: 3 red chips in its path.
        await Expect(page.Locator("[data-testid=flow]").First.Locator("[data-chokepoint=true]")).ToHaveCountAsync(3);
        await DashboardServer.ScreenshotAsync(page, "flows");

        var (name, csv) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-flows]");
        Assert.Equal("shop-fragile-flows-min2steps-min2chokepoints.csv", name);
        Assert.Equal(1 + 6 + 5 + 3 + 4, EndToEndFiles.Lines(csv).Length); // header + the steps of s_A1, s_B1, s_C1, s_D2

        var (single, flow) = await EndToEndFiles.DownloadAsync(page, "[data-testid=flow] >> nth=0 >> text=CSV");
        Assert.Equal("shop-flow-s-a1.csv", single);
        Assert.Equal("s_A1,0,/home,Page View,0,0,u_A", EndToEndFiles.Lines(flow)[1]);

        await page.Locator("input[data-testid=min-chokepoints]").FillAsync("3");
        await page.Locator("input[data-testid=min-chokepoints]").PressAsync("Tab");
        await Expect(count).ToHaveTextAsync("1 of 4 fragile flows");
    }

    [Fact]
    public async Task Datasets_lists_the_demo_remembers_the_theme_and_deletes_after_confirmation()
    {
        await EndToEndFiles.EnsureTinyAsync(Server, "to-delete");
        var page = await Server.OpenAsync("datasets");
        // The first start with an empty data folder generated the demo dataset.
        await Expect(page.Locator("[data-testid=open-demo]")).ToBeVisibleAsync();
        await DashboardServer.ScreenshotAsync(page, "datasets");

        await Expect(page.Locator("[data-theme=dark]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await Expect(page.Locator("[data-theme=light]")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await DashboardServer.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-theme=light]")).ToHaveCountAsync(1);

        await page.Locator("[data-testid=delete-to-delete]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Delete" }).ClickAsync();
        await Expect(page.Locator("[data-testid=open-to-delete]")).ToHaveCountAsync(0);
        Assert.False(Directory.Exists(Path.Combine(Server.DataRoot, "to-delete")));
    }

    [Fact]
    public async Task A_dataset_is_re_analysed_with_other_options()
    {
        await EndToEndFiles.EnsureTinyAsync(Server, "again");
        var page = await Server.OpenAsync("datasets/again/friction");
        await Expect(page.Locator("[data-metric=Chokepoints]")).ToHaveTextAsync("3", new() { Timeout = 20_000 });
        await page.GotoAsync("datasets");
        await DashboardServer.WaitInteractiveAsync(page);
        await page.Locator("[data-testid=reanalyse-again]").ClickAsync();
        await page.Locator("[data-testid=reanalyse-dialog] input[type=checkbox]").CheckAsync(); // compatibility mode
        await page.Locator("[data-testid=reanalyse-submit]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("again re-analysed", new() { Timeout = 20_000 });
        await Expect(page.Locator("tr", new() { HasText = "again" })).ToContainTextAsync("reference, compat");
        // Compatibility mode on the tiny case: the threshold lands on the 1/3 tie, two chokepoints (docs/metrics.md, the tiny example in compatibility mode).
        await page.GotoAsync("datasets/again/friction");
        await DashboardServer.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-metric=Chokepoints]")).ToHaveTextAsync("2", new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task A_re_analysis_whose_files_cannot_be_saved_says_so_on_the_datasets_page()
    {
        await EndToEndFiles.EnsureTinyAsync(Server, "unsaved");
        var page = await Server.OpenAsync("datasets/unsaved/friction");
        await Expect(page.Locator("[data-metric=Chokepoints]")).ToHaveTextAsync("3", new() { Timeout = 20_000 }); // events loaded
        var outputs = Path.Combine(Server.OutputsRoot, "unsaved");
        Directory.Delete(outputs, recursive: true);
        await File.WriteAllTextAsync(outputs, "a file where the dataset's outputs folder should be");
        try
        {
            await page.GotoAsync("datasets");
            await DashboardServer.WaitInteractiveAsync(page);
            await page.Locator("[data-testid=reanalyse-unsaved]").ClickAsync();
            await page.Locator("[data-testid=reanalyse-dialog] input[type=checkbox]").CheckAsync();
            await page.Locator("[data-testid=reanalyse-submit]").ClickAsync();
            await Expect(page.Locator(".mud-snackbar", new() { HasText = "cannot be written" }))
                .ToContainTextAsync($"The results of dataset 'unsaved' cannot be written to {outputs}", new() { Timeout = 20_000 });
        }
        finally
        {
            File.Delete(outputs);
        }
    }
}
