using TeloMesh.Tests.Core.ClickHouse;
using static Microsoft.Playwright.Assertions;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// A ClickHouse dataset in the real browser: the form tests the connection to a real server, then the dataset is
/// analysed in ClickHouse and opens on its friction points like an uploaded one.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ClickHouseEndToEndTests(DashboardServer server, ClickHouseServers clickHouse) : DashboardTest(server), IClassFixture<ClickHouseServers>
{
    [Fact]
    public async Task A_table_is_tested_analysed_and_explored()
    {
        // The tiny fixture with a platform column that changes within sessions (a session takes its first step's).
        await ClickHouseDatasets.EnsureAsync(clickHouse, ClickHouseDatasets.SegmentedTiny);
        var page = await Server.OpenAsync("clickhouse");
        await page.Locator("input[data-testid=ch-url]").FillAsync(clickHouse.First.Url);
        await page.Locator("input[data-testid=ch-table]").FillAsync(ClickHouseDatasets.SegmentedTiny);
        await page.Locator("input[data-testid=ch-session-column]").FillAsync("session_id");
        await page.Locator("[data-testid=ch-test]").ClickAsync();
        await Expect(page.Locator("[data-testid=clickhouse-tested]")).ToContainTextAsync("has every mapped column and 28 events to analyse",
            new() { Timeout = 20_000 });
        await DashboardServer.ScreenshotAsync(page, "clickhouse");

        await page.Locator("input[data-testid=ch-name]").FillAsync("warehouse");
        await page.Locator("[data-testid=ch-analyse]").ClickAsync();
        await page.WaitForURLAsync("**/datasets/warehouse/friction", new() { Timeout = 30_000 });
        await Expect(page.Locator("body")).ToContainTextAsync("Add to Cart", new() { Timeout = 20_000 });
        Assert.True(File.Exists(Path.Combine(Server.DataRoot, "warehouse", "clickhouse.json")));

        // Its segment column, counted in ClickHouse, and a view of one value, aggregated there: the sessions the same
        // events in memory put in that slice.
        var sessions = TeloMesh.Core.Sessions.Sessionizer.Build(ClickHouseDatasets.SegmentedTinyEvents, TeloMesh.Core.Sessions.SessionOptions.Default);
        var ios = new TeloMesh.Core.Journeys.Slice(Column: "platform", Value: "ios").Members(sessions).Count(m => m);
        Assert.InRange(ios, 1, sessions.Count - 1);
        await Expect(page.Locator("[data-testid=segment-column][data-column=platform]")).ToContainTextAsync($"ios {ios}");
        await page.GotoAsync(new Uri(Server.BaseAddress, "datasets/warehouse/friction?filter-column=platform&filter-value=ios").ToString());
        await Expect(page.Locator("[data-testid=view-filter-chip]")).ToContainTextAsync($"with platform = ios: {ios} of {sessions.Count}",
            new() { Timeout = 20_000 });

        // The Decisions page (issue 18) from the aggregates, its resilience counted in ClickHouse: as the same events in memory give it.
        var inMemory = TeloMesh.Core.Pipeline.AnalysisPipeline.Analyze(ClickHouseDatasets.SegmentedTinyEvents, TeloMesh.Core.Pipeline.AnalysisOptions.Default);
        var resilience = await TeloMesh.Core.Metrics.Resilience.Of(inMemory.Graph, inMemory.Betweenness, inMemory.Aggregates,
            new TeloMesh.Core.Journeys.EventTableSource(inMemory.LocalSessions!.Events));
        await page.GotoAsync(new Uri(Server.BaseAddress, "datasets/warehouse/decisions").ToString());
        await Expect(page.Locator("[data-testid=row-count]")).ToHaveTextAsync("6 of 6 pages", new() { Timeout = 20_000 });
        var summary = resilience.Summary();
        await Expect(page.Locator("[data-testid=resilience-summary]")).ToHaveTextAsync(char.ToUpperInvariant(summary[0]) + summary[1..] + ".",
            new() { Timeout = 20_000 });

        // The report (docs/metrics.md section 15), its paths followed in ClickHouse: every section the same events in memory give.
        var (reportName, html) = await EndToEndFiles.DownloadAsync(page, "[data-testid=download-report]");
        Assert.Equal("warehouse-report.html", reportName);
        var expected = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(TeloMesh.Core.Export.ReportHtmlExport.Render(
            await TeloMesh.Core.Export.Report.BuildAsync(new TeloMesh.Core.Journeys.EventTableSource(inMemory.LocalSessions!.Events), inMemory, "report", DateTime.UtcNow)));
        var actual = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Contains("ClickHouse table", actual.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
        foreach (var section in new[] { "#decisions", "#friction", "#heatmap", "#paths", "#health" })
            Assert.Equal(expected.QuerySelector(section)!.OuterHtml, actual.QuerySelector(section)!.OuterHtml);

        // A chokepoint's evidence, its sessions picked in ClickHouse: the file the same events in memory give.
        await page.GotoAsync(new Uri(Server.BaseAddress, "datasets/warehouse/friction").ToString());
        await Expect(page.Locator("[data-testid=evidence]").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var (evidenceName, evidence) = await EndToEndFiles.DownloadAsync(page, "[data-testid=evidence]");
        var top = inMemory.Friction.Points[0];
        Assert.True(top.IsChokepoint);
        Assert.StartsWith("warehouse-evidence-", evidenceName, StringComparison.Ordinal);
        using var stream = new MemoryStream();
        TeloMesh.Core.Export.EvidenceCsv.Write(stream, top, 1,
            await new TeloMesh.Core.Journeys.EventTableSource(inMemory.LocalSessions!.Events).EvidenceAsync(inMemory.Aggregates, top.Page, top.Event));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(stream.ToArray()), evidence);
    }
}
