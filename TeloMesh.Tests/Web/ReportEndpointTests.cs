using System.Net;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The report and evidence downloads over HTTP, against the app in-process, on the decision table's shop
/// (<see cref="Core.Friction.DecisionTableTests"/>): what each sends, named after the dataset, and what a wrong question gets.
/// </summary>
public sealed class ReportEndpointTests() : UploadedDatasetApp(Core.Friction.DecisionTableTests.Csv)
{
    [Fact]
    public async Task The_report_is_one_html_file_named_after_the_dataset_and_the_view()
    {
        var response = await Http.GetAsync("api/datasets/shop/export/report.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("shop-report.html", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal("TeloMesh report · shop", new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("h1")!.TextContent);

        // A view: the first half of the sessions (the shop's rows are a minute apart from midnight; session 14 starts at 01:04).
        var view = await Http.GetAsync("api/datasets/shop/export/report.html?filter-to=2025-01-01T01:00:00Z");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.StartsWith("shop-report-", view.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Contains("a view: sessions starting the start to 2025-01-01",
            new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await view.Content.ReadAsStringAsync()).QuerySelector("header")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_is_the_pairs_numbers_and_sessions_and_an_unknown_pair_is_not_found()
    {
        var response = await Http.GetAsync("api/datasets/shop/export/evidence.csv?page=%2Fpay&event=View");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shop-evidence-pay-view.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var csv = await response.Content.ReadAsStringAsync();
        // /pay: 22 visits, 10 of them the last step (sessions b0-b9), which come first.
        Assert.StartsWith("metric,value\npage,/pay\nevent,View\n", csv, StringComparison.Ordinal);
        Assert.Contains("\nsessions_through,22\nsessions_ended_there,10\nsessions_shown,20\n\nsession_id,", csv, StringComparison.Ordinal);

        var unknown = await Http.GetAsync("api/datasets/shop/export/evidence.csv?page=%2Fpay&event=Click");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("The analysis has no (page, event) pair ('/pay', 'Click').", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("api/datasets/nowhere/export/evidence.csv?page=%2Fpay&event=View")).StatusCode);
    }
}
