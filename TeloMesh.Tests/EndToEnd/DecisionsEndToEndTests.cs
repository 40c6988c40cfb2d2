using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// The Decisions page in the real browser, on the hand-built shop of <see cref="Core.Friction.DecisionTableTests"/> analysed by
/// the command line with its goal (the dashboard takes the recorded goal): /pay is the one page to fix.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DecisionsEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    [Fact]
    public async Task The_page_to_fix_comes_first_with_its_reason_and_the_rows_export()
    {
        var file = Path.Combine(Server.DataRoot, "..", "decide.csv");
        await File.WriteAllTextAsync(file, Core.Friction.DecisionTableTests.Csv);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = TeloMesh.Cli.CliApp.Run(["--input-file", file, "--dataset", "decide", "--data-dir", Server.DataRoot, "--outputs-dir", Server.OutputsRoot,
            "--goal-page", "/thanks"], output, error);
        Assert.True(code == 0, error.ToString());
        Assert.Contains("Decisions (decision_table.csv): 1 to fix, 1 to investigate, 3 to watch, 3 to keep", output.ToString(), StringComparison.Ordinal);

        var page = await Server.OpenAsync("datasets/decide/decisions");
        await Expect(page.Locator("[data-testid=row-count]")).ToHaveTextAsync("8 of 8 pages", new() { Timeout = 20_000 });
        var first = page.Locator("tbody tr").First;
        await Expect(first).ToContainTextAsync("/pay");
        await Expect(first.Locator("[data-testid=action]")).ToHaveTextAsync("fix");
        await Expect(first.Locator("[data-testid=reason]")).ToHaveTextAsync(
            "exit rate 45.5 % (26.9–65.3) vs site 11.6 %; +35.7 conversions per 1,000 sessions if 10 % fewer sessions ended here");
        await DashboardServer.ScreenshotAsync(page, "decisions");
        await Expect(page.Locator("[data-testid=matrix-dot]")).ToHaveCountAsync(7);
        await Expect(page.Locator("[data-testid=resilience-summary]")).ToContainTextAsync("21.4 %", new() { Timeout = 20_000 });
        await page.Locator("[data-testid=priority-matrix]").ScrollIntoViewIfNeededAsync();
        await DashboardServer.ScreenshotAsync(page, "priority-matrix");

        await DashboardServer.WaitInteractiveAsync(page);
        var chip = page.Locator("[data-testid=action-chip][data-action=investigate]");
        for (var attempt = 0; attempt < 5 && await page.Locator("[data-testid=row-count]").TextContentAsync() != "1 of 8 pages"; attempt++)
        {
            await chip.ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        await Expect(page.Locator("[data-testid=row-count]")).ToHaveTextAsync("1 of 8 pages");
        var (name, csv) = await EndToEndFiles.DownloadAsync(page, "[data-testid=export-decisions]");
        Assert.Equal("decide-decisions-investigate.csv", name);
        var lines = EndToEndFiles.Lines(csv);
        Assert.StartsWith("page,role,action,reason,traffic,exits,sessions_starting,exit_rate", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("/faq,dead end,investigate,", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
    }
}
