using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// A file whose pages, events, users and sessions are scripts, markup and formulas (<c>Fixtures/hostile/hostile-names.csv</c>),
/// uploaded in the real browser: no page of the dashboard runs any of it.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class HostileEndToEndTests(DashboardServer server)
{
    [Fact]
    public async Task Uploading_hostile_names_runs_no_script_and_injects_no_element()
    {
        var file = Path.Combine(server.DataRoot, "..", "hostile-names.csv");
        File.Copy(TestFiles.Fixture("hostile", "hostile-names.csv"), file, overwrite: true);
        var page = await server.OpenAsync("upload");
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
        await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
        await page.Locator("input[data-testid=dataset-name]").FillAsync("hostile");
        await page.Locator("[data-testid=upload-button]").ClickAsync();

        // 72 events (8 sessions of 9 steps) and 2 bad rows, one of them starting with "=cmd|", shown as text.
        var validation = page.Locator("[data-testid=validation]");
        await Expect(validation).ToContainTextAsync("74 rows read: 72 accepted", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=rejected-count]")).ToHaveTextAsync("2 rejected");

        await page.Locator("[data-testid=open-friction]").ClickAsync();
        await Expect(page.Locator("[data-testid=row-count]")).ToHaveTextAsync("8 of 8 rows", new() { Timeout = 20_000 });
        await Expect(page.Locator("tbody")).ToContainTextAsync("<script>alert(1)</script>");
        await Expect(page.Locator("tbody")).ToContainTextAsync("\"><img src=x onerror=alert(1)>");
        await AssertInertAsync(page);

        await page.GotoAsync("datasets/hostile/flows");
        await DashboardServer.WaitInteractiveAsync(page);
        await Expect(page.Locator("[data-testid=flow-count]")).ToHaveTextAsync("8 of 8 fragile flows", new() { Timeout = 20_000 });
        await AssertInertAsync(page);

        await page.GotoAsync("datasets/hostile/heatmap");
        await DashboardServer.WaitInteractiveAsync(page);
        await Expect(page.Locator(".heat-node")).ToHaveCountAsync(8, new() { Timeout = 20_000 });
        await AssertInertAsync(page);

        await page.GotoAsync("datasets");
        await DashboardServer.WaitInteractiveAsync(page);
        await AssertInertAsync(page);
        Assert.Empty(dialogs);
    }

    private static async Task AssertInertAsync(Microsoft.Playwright.IPage page)
    {
        await Expect(page.Locator("img[src='x']")).ToHaveCountAsync(0);
        await Expect(page.Locator("[onerror]")).ToHaveCountAsync(0);
        // The only scripts are the dashboard's own, none with the names' text.
        Assert.Equal(0, await page.Locator("script").EvaluateAllAsync<int>("s => s.filter(e => e.textContent.includes('alert(1)')).length"));
    }
}
