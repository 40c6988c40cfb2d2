using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// The Paths page in the real browser, on the tiny fixture (its links worked out by hand in PathsTests): the Sankey's
/// bands carry the counts, a click on a page follows the paths from it, and the links download as CSV.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class PathsEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task Paths_from_a_page_show_their_counts_follow_a_click_and_download()
    {
        var folder = Path.Combine(Server.DataRoot, "paths-tiny");
        Directory.CreateDirectory(folder);
        File.Copy(TestFiles.Fixture("tiny", "events.csv"), Path.Combine(folder, "events.csv"), overwrite: true);

        var page = await Server.OpenAsync("datasets/paths-tiny/paths?from=%2Fproduct&steps=3");
        await Expect(page.Locator("[data-testid=paths-summary]")).ToContainTextAsync("7 sessions pass /product", new() { Timeout = 20_000 });
        // From /product: 3 sessions end there, 3 go on to /cart, 1 to /help.
        await Expect(page.Locator("[data-testid=path-band][data-step='1'][data-to='/cart']")).ToHaveAttributeAsync("data-sessions", "3");
        await Expect(page.Locator("[data-testid=path-band][data-step='1'][data-to='(end)']")).ToHaveAttributeAsync("data-sessions", "3");
        await Expect(page.Locator("[data-testid=path-band][data-step='1'][data-to='/help']")).ToHaveAttributeAsync("data-sessions", "1");
        await Expect(page.Locator("[data-testid=path-node][data-step='1'][data-name='/cart'] title"))
            .ToHaveTextAsync("/cart at step 1: 3 sessions (42.9 % of those through /product) · click to follow the paths from it");

        var (name, csv) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-paths-csv]");
        Assert.StartsWith("paths-tiny-paths-from-product", name, StringComparison.Ordinal);
        Assert.Equal(["step,from,to,sessions", "1,/product,(end),3", "1,/product,/cart,3", "1,/product,/help,1"],
            csv.ReplaceLineEndings("\n").Split('\n').Take(4));

        // A click on /cart: the paths from it (A1, B1 and D2 reach it), the shape kept.
        await DashboardServer.WaitInteractiveAsync(page);
        var cart = page.Locator("[data-testid=path-node][data-step='1'][data-name='/cart']");
        for (var attempt = 0; attempt < 5 && !page.Url.Contains("from=%2Fcart", StringComparison.Ordinal); attempt++)
        {
            if (await cart.CountAsync() > 0) await cart.ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        Assert.Contains("from=%2Fcart&steps=3", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("[data-testid=paths-summary]")).ToContainTextAsync("3 sessions pass /cart", new() { Timeout = 20_000 });

        // The demo shop, for the README's picture.
        var demo = await Server.OpenAsync("datasets/demo/paths?from=%2Fcart");
        await Expect(demo.Locator("[data-testid=path-band]").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await DashboardServer.ScreenshotAsync(demo, "paths");
    }
}
