using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// A filtered view in the real browser: the tiny fixture with a <c>platform</c> column, web for the four sessions that
/// start on 1 March and ios for the four that start later (s_A2, s_B2, s_B3, s_D2, whose 7 (page, event) pairs are worked
/// out in ViewFilterTests). "ios only" is chosen in the filter bar, lands in the URL, and stays when the tab changes.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ViewFilterEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task Choosing_a_segment_value_shows_only_its_sessions_on_every_page()
    {
        var lines = File.ReadAllLines(TestFiles.Fixture("tiny", "events.csv"));
        var folder = Path.Combine(Server.DataRoot, "views");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "events.csv"),
            lines.Select((line, i) => line + (i == 0 ? ",platform" : line.Contains(",2025-03-01T", StringComparison.Ordinal) ? ",web" : ",ios")));

        var page = await Server.OpenAsync("datasets/views/friction");
        var rows = page.Locator("[data-testid=row-count]");
        await Expect(rows).ToHaveTextAsync("8 of 8 rows", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=view-filter-state]")).ToHaveTextAsync("Showing all 8 sessions.");

        await page.Locator("[data-testid=view-filter-edit]").ClickAsync();
        await page.Locator("[data-testid=view-filter-column]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "platform" }).ClickAsync();
        var ios = page.Locator("[data-testid=view-filter-suggestion]", new() { HasText = "ios" });
        await Expect(ios).ToContainTextAsync("4");
        await ios.ClickAsync();
        await page.Locator("[data-testid=view-filter-apply]").ClickAsync();

        var chip = page.Locator("[data-testid=view-filter-chip]");
        await Expect(chip).ToContainTextAsync("Only sessions starting with platform = ios: 4 of 8", new() { Timeout = 20_000 });
        await Expect(rows).ToHaveTextAsync("7 of 7 rows");
        Assert.Contains("filter-column=platform&filter-value=ios", page.Url, StringComparison.Ordinal);
        await DashboardServer.ScreenshotAsync(page, "view-filter");

        // The tabs keep the filter: the heatmap shows the same slice.
        await page.Locator("[data-tab=heatmap]").ClickAsync();
        await Expect(page.Locator("[data-testid=view-filter-chip]")).ToContainTextAsync("4 of 8", new() { Timeout = 20_000 });
        Assert.Contains("/heatmap?filter-column=platform&filter-value=ios", page.Url, StringComparison.Ordinal);

        // Closing the chip shows every session again. A click in the first moments of a page, while the diagram is still
        // being laid out and rendered, can land between two renders: the test clicks again until the URL changes.
        var close = page.Locator("[data-testid=view-filter-chip] .mud-chip-close-button");
        for (var attempt = 0; attempt < 5 && page.Url.Contains("filter-", StringComparison.Ordinal); attempt++)
        {
            if (await close.CountAsync() > 0) await close.ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        Assert.EndsWith("/datasets/views/heatmap", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("[data-testid=view-filter-state]")).ToHaveTextAsync("Showing all 8 sessions.", new() { Timeout = 20_000 });
    }
}
