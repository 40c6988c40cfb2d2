using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// The one-file report (docs/metrics.md section 15) in the real browser: downloaded with the dashboard's button, then opened
/// from disk in a browser context that is offline. Nothing may be requested but the file itself, no script may run or
/// fail, and no rule of its Content-Security-Policy may be broken; its stylesheet applies (dark on screen, white in print).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ReportEndToEndTests(DashboardServer server) : DashboardTest(server)
{
    private const string Shop = "report-shop", Baseline = "report-base";

    /// <summary>The decision table's shop (/pay to fix), and a baseline where /pay lost 2 of 20 sessions instead of 10 of 22.</summary>
    private async Task AnalyseAsync()
    {
        var baseline = SessionCsv.Csv(
        [
            .. Enumerable.Range(0, 18).Select(i => ($"a{i}", $"ua{i}", "/home /list /item /cart /pay /thanks")),
            .. Enumerable.Range(0, 2).Select(i => ($"b{i}", $"ub{i}", "/home /list /item /cart /pay")),
            .. Enumerable.Range(0, 6).Select(i => ($"c{i}", $"uc{i}", "/home /faq")),
        ]);
        foreach (var (name, csv) in new[] { (Shop, Core.Friction.DecisionTableTests.Csv), (Baseline, baseline) })
        {
            var file = Path.Combine(Server.DataRoot, "..", name + ".csv");
            await File.WriteAllTextAsync(file, csv);
            var error = new StringWriter();
            var code = TeloMesh.Cli.CliApp.Run(["--input-file", file, "--dataset", name, "--data-dir", Server.DataRoot, "--outputs-dir", Server.OutputsRoot,
                "--goal-page", "/thanks"], new StringWriter(), error);
            Assert.True(code == 0, error.ToString());
        }
    }

    [Fact]
    public async Task The_downloaded_report_opens_offline_with_no_request_no_script_error_and_its_styles_applied()
    {
        await AnalyseAsync();
        // A comparison made in the dashboard (here through its download, which runs it as the Compare page does) is the latest one.
        using (var http = await Server.CreateSignedInClientAsync())
        {
            var compared = await http.GetAsync($"api/datasets/{Shop}/export/comparison.csv?against={Baseline}&min-support=1");
            Assert.True(compared.IsSuccessStatusCode, await compared.Content.ReadAsStringAsync());
        }

        var dashboard = await Server.OpenAsync($"datasets/{Shop}/friction");
        await Expect(dashboard.Locator("[data-testid=download-report]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var (name, html) = await EndToEndFiles.DownloadAsync(dashboard, "[data-testid=download-report]");
        Assert.Equal($"{Shop}-report.html", name);
        var file = Path.Combine(Server.DataRoot, "..", name);
        await File.WriteAllTextAsync(file, html);

        await using var context = await Server.Browser.NewContextAsync(new BrowserNewContextOptions { Offline = true, ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        var failed = new List<string>();
        var problems = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.RequestFailed += (_, request) => failed.Add($"{request.Url}: {request.Failure}");
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}");
        };
        var url = new Uri(file).AbsoluteUri;
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.Equal([url], requests);
        Assert.Empty(failed);
        Assert.Empty(problems);
        await Expect(page.Locator("h1")).ToHaveTextAsync($"TeloMesh report · {Shop}");
        await Expect(page.Locator("#decisions tbody tr").First).ToContainTextAsync("/pay");
        await Expect(page.Locator("#comparison")).ToContainTextAsync($"A: dataset '{Baseline}'");
        await Expect(page.Locator("#heatmap svg g.node")).ToHaveCountAsync(8);
        // The stylesheet the policy names by its hash applies: the dark page on screen, a white one in print.
        Assert.Equal("rgb(30, 31, 41)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        Assert.Equal("rgb(198, 40, 40)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('tr.fix .action')).backgroundColor"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardServer.ScreenshotFolder, "report.png") });
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4" });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
        Assert.Empty(problems);
    }

    /// <summary>
    /// The evidence of the shop's one chokepoint, (/pay, View): 22 sessions pass it, 10 end there (b0-b9). Twenty are shown,
    /// those ten first, then a0-a9 by id. b0's first step is the 61st row written, at minute 60 (SessionCsv).
    /// </summary>
    [Fact]
    public async Task A_chokepoints_evidence_downloads_with_its_numbers_and_twenty_of_its_sessions()
    {
        await AnalyseAsync();
        var page = await Server.OpenAsync($"datasets/{Shop}/friction");
        await Expect(page.Locator("[data-testid=evidence]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        var (name, csv) = await EndToEndFiles.DownloadAsync(page, "[data-testid=evidence]");
        Assert.Equal($"{Shop}-evidence-pay-view.csv", name);
        var blocks = csv.Split("\n\n");
        var numbers = EndToEndFiles.Lines(blocks[0]).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);
        Assert.Equal(("/pay", "View", "1", "1"), (numbers["page"], numbers["event"], numbers["is_chokepoint"], numbers["rank"]));
        Assert.Equal(("22", "10", "22", "10", "20"), (numbers["occurrences"], numbers["exits"], numbers["sessions_through"], numbers["sessions_ended_there"], numbers["sessions_shown"]));
        var steps = EndToEndFiles.Lines(blocks[1]);
        Assert.Equal("session_id,user_id,ended_here,step,timestamp,page,event,on_pair", steps[0]);
        Assert.Equal("b0,ub0,1,0,2025-01-01T01:00:00Z,/home,View,0", steps[1]);
        var sessions = steps.Skip(1).Select(l => l.Split(',')[0]).Distinct().ToList();
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"b{i}"), .. Enumerable.Range(0, 10).Select(i => $"a{i}")], sessions);
    }
}
