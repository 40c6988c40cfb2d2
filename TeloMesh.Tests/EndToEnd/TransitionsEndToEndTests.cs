using TeloMesh.Tests.Core.Journeys;
using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// The Transitions page in the real browser, on the dataset of <see cref="JourneyTablesTests"/> (worked by hand there and in
/// TransitionsTests): the busiest pair /a -> /b (4 transitions in 3 sessions, all of /a's, median 15 s, p95 1 min), then
/// the pairs out of /b, the chokepoint page, filtered and exported.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class TransitionsEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task The_transitions_page_shows_filters_and_exports_the_pairs()
    {
        var folder = Path.Combine(Server.DataRoot, "journeys");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "events.csv"), JourneyTablesTests.Csv);

        var page = await Server.OpenAsync("datasets/journeys/transitions");
        var rows = page.Locator("[data-testid=row-count]");
        await Expect(rows).ToHaveTextAsync("4 of 4 transition pairs", new() { Timeout = 20_000 });
        await DashboardServer.WaitInteractiveAsync(page);
        var first = page.Locator(".transitions-grid tbody tr").First.Locator("td");
        Assert.Equal(["/a", "/b", "4", "3", "100.0 %", "15 s", "1 min", "0.0000", "0.5000", "to"], (await first.AllInnerTextsAsync()).Select(t => t.Trim()));
        await Expect(page.Locator(".loops-grid tbody tr")).ToHaveCountAsync(2);
        await DashboardServer.ScreenshotAsync(page, "transitions");

        await page.Locator("[data-testid=from-filter]").FillAsync("/b");
        await Expect(rows).ToHaveTextAsync("3 of 4 transition pairs");
        await page.Locator("[data-testid=chokepoint-either-side]").CheckAsync();
        await Expect(page.Locator("[data-testid=export-transitions]")).ToHaveAttributeAsync("href", "api/datasets/journeys/export/transitions.csv?from=%2Fb&chokepoints=1");

        var (name, text) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-transitions]");
        Assert.Equal("journeys-transitions-from-b-chokepoints.csv", name);
        Assert.Equal(
            [
                "from_page,to_page,transitions,sessions,probability,median_seconds,p95_seconds,from_chokepoint,to_chokepoint,from_score,to_score",
                "/b,/a,1,1,0.3333333333333333,30,30,1,0,0.5,0",
                "/b,/b,1,1,0.3333333333333333,1,1,1,1,0.5,0.5",
                "/b,/c,1,1,0.3333333333333333,20,20,1,0,0.5,0",
            ],
            EndToEndFiles.Lines(text).Select(l => l.TrimEnd('\r')));
    }
}
