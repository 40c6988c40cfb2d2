using System.Net;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The Compare page's downloads over HTTP, against the app in-process, on <see cref="CompareShop"/> (its two weeks are
/// compared by hand there): the query names the comparison as the page's URL does.
/// </summary>
public sealed class ComparisonEndpointTests() : UploadedDatasetApp(CompareShop.Csv())
{
    private const string TwoWeeks = "a-from=2025-03-03&a-to=2025-03-10&b-from=2025-03-10&b-to=2025-03-17";

    [Fact]
    public async Task The_csv_holds_the_ranked_changes_with_the_top_one_first()
    {
        var response = await Http.GetAsync($"api/datasets/shop/export/comparison.csv?{TwoWeeks}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shop-comparison.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length); // the header and the 6 tests
        CompareShop.AssertHeaderAndTopRow(lines);
    }

    [Fact]
    public async Task The_filter_of_the_page_narrows_the_download_and_names_it()
    {
        var response = await Http.GetAsync($"api/datasets/shop/export/comparison.csv?{TwoWeeks}&worse=1");
        Assert.Equal("shop-comparison-worse.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("exit,/cart,view,,4,40,8,40,0.1,0.2,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_html_summary_says_the_slices_and_the_changes_in_words()
    {
        var response = await Http.GetAsync($"api/datasets/shop/export/comparison.html?{TwoWeeks}&kind=transition");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shop-comparison-transition.html", response.Content.Headers.ContentDisposition?.FileNameStar);
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("TeloMesh comparison · shop", document.Title);
        Assert.StartsWith("A: 2025-03-03 to 2025-03-10: 40 sessions", document.QuerySelector(".slices")!.TextContent, StringComparison.Ordinal);
        var items = document.QuerySelectorAll("ol.changes li").Select(li => li.TextContent).ToList();
        Assert.Equal(4, items.Count); // the transitions only: /cart -> /checkout, /error, /help; /home -> /cart
        Assert.Equal("/cart -> /checkout: share of the transitions out of /cart 77.8 % -> 37.5 % (q = 0.002), 13 transitions affected", items[0]);
        Assert.Contains("Listed: transitions: 4 of 6 changes.", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Choose A and B: the query names no comparison.")]
    [InlineData("a-from=2030-01-01&b-from=2025-03-10", "Slice A (2030-01-01 to the end) has no sessions.")]
    [InlineData("segment=platform&a=ios&b=android", "The segment column 'platform' has no value 'android'.")]
    [InlineData("against=shop", "Dataset 'shop' compared with itself has no changes")]
    [InlineData("against=nowhere", "There is no dataset called 'nowhere' to compare with.")]
    [InlineData("a-from=soon&b-from=2025-03-10", "a-from must be a time such as 2025-03-01")]
    public async Task A_comparison_that_cannot_run_is_a_bad_request_that_says_why(string query, string message)
    {
        var response = await Http.GetAsync($"api/datasets/shop/export/comparison.csv?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_dataset_is_not_found()
    {
        var response = await Http.GetAsync($"api/datasets/nowhere/export/comparison.csv?{TwoWeeks}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
