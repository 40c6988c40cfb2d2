using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>
/// A dataset view filtered to one slice of its sessions, with the filter in the URL. On the tiny fixture, the sessions
/// starting from 2 March are s_A2, s_B2, s_B3 and s_D2: 4 of 8, with the pairs (/home, Page View), (/product, Page View),
/// (/help, Page View), (/search, Click), (/search, Search), (/product, Scroll) and (/cart, Add to Cart): 7 rows, and no
/// (/checkout, Checkout), which only s_A1 (1 March) reaches.
/// </summary>
public sealed class ViewFilterTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static readonly DateTime March2 = new(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_query_names_the_filter_and_back()
    {
        var filter = ViewFilter.FromQuery(new Dictionary<string, string?>
        {
            ["filter-from"] = "2025-03-02",
            ["filter-to"] = "2025-03-09T12:00:00Z",
            ["filter-column"] = "platform",
            ["filter-value"] = "ios",
        });
        Assert.Equal(new Slice(March2, new DateTime(2025, 3, 9, 12, 0, 0, DateTimeKind.Utc), "platform", "ios"), filter);
        Assert.Equal("x?a=1&filter-from=2025-03-02&filter-to=2025-03-09T12%3A00%3A00Z&filter-column=platform&filter-value=ios", ViewFilter.Apply("x?a=1", filter));
        Assert.Equal(filter, ViewFilter.FromUri("http://localhost/" + ViewFilter.Apply("datasets/d/friction", filter)));
        Assert.Equal("x", ViewFilter.Apply("x", Slice.All));
        Assert.Equal(Slice.All, ViewFilter.FromUri("http://localhost/datasets/d/friction?q=cart"));
        Assert.Equal("-2025-03-02-to-the-end", ViewFilter.FileSuffix(new Slice(From: March2)));
    }

    [Theory]
    [InlineData("filter-from=soon", "The view's filter-from 'soon' is not a date")]
    [InlineData("filter-column=platform", "names no value")]
    [InlineData("filter-from=2025-03-02&filter-to=2025-03-01", "The view's period ends before it starts (2025-03-02 is not before 2025-03-01).")]
    public void A_bad_filter_says_what_is_wrong(string query, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidInputException>(() => ViewFilter.FromUri("http://localhost/x?" + query)).Message);

    private IRenderedComponent<Friction> Friction(string query)
    {
        _context.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("datasets/tiny/friction" + query);
        return _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
    }

    [Fact]
    public void A_filter_in_the_url_shows_only_its_sessions_and_the_tabs_and_export_keep_it()
    {
        var page = Friction("?filter-from=2025-03-02");
        page.WaitForAssertion(() => Assert.Equal("7 of 7 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("Only sessions starting 2025-03-02 to the end: 4 of 8", Squeeze(page.Find("[data-testid=view-filter-chip]").TextContent));
        Assert.DoesNotContain("/checkout", page.Find(".friction-grid").TextContent, StringComparison.Ordinal);
        Assert.EndsWith("filter-from=2025-03-02", page.Find("[data-testid=export-friction]").GetAttribute("href"), StringComparison.Ordinal);
        Assert.All(page.FindAll("[data-tab]"), tab => Assert.EndsWith("?filter-from=2025-03-02", tab.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_filter_every_session_shows_and_the_bar_offers_one()
    {
        var page = Friction("");
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("Showing all 8 sessions.", Squeeze(page.Find("[data-testid=view-filter-state]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=view-filter-chip]"));
    }

    [Fact]
    public void The_filter_form_puts_its_filter_in_the_url_or_says_what_is_wrong()
    {
        var page = Friction("");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=view-filter-edit]")), TimeSpan.FromSeconds(10));
        page.Find("[data-testid=view-filter-edit]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input[data-testid=view-filter-from]")));
        page.Find("input[data-testid=view-filter-to]").Change("2025-03-02");
        page.Find("input[data-testid=view-filter-from]").Change("2025-03-03");
        page.Find("[data-testid=view-filter-apply]").Click();
        page.WaitForAssertion(() => Assert.Contains("ends before it starts", page.Find("[data-testid=view-filter-problem]").TextContent,
            StringComparison.Ordinal));

        page.Find("input[data-testid=view-filter-from]").Change("2025-03-01");
        page.Find("[data-testid=view-filter-apply]").Click();
        var uri = _context.Bunit.Services.GetRequiredService<NavigationManager>().Uri;
        Assert.Equal(new Slice(new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), March2), ViewFilter.FromUri(uri));
    }

    [Fact]
    public void A_bad_filter_in_the_url_is_explained_on_the_page()
    {
        var page = Friction("?filter-from=yesterday");
        page.WaitForAssertion(() => Assert.Contains("'yesterday' is not a date", page.Find("[data-testid=analysis-error]").TextContent,
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_filter_no_session_matches_is_explained_on_the_page()
    {
        var page = Friction("?filter-to=2025-01-01");
        page.WaitForAssertion(() => Assert.Contains("No session matches the filter (the start to 2025-01-01)",
            page.Find("[data-testid=analysis-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    /// <summary>Over HTTP, an export with the filter in its query holds the filtered view's rows, and its file name says so.</summary>
    [Fact]
    public async Task An_export_with_a_filter_holds_the_filtered_rows()
    {
        await using var dashboard = new InProcessDashboard();
        await dashboard.UploadAsync("tiny", await File.ReadAllBytesAsync(TestFiles.Fixture("tiny", "events.csv")));
        var http = dashboard.Http;
        var all = await http.GetStringAsync("/api/datasets/tiny/export/friction.csv");
        var response = await http.GetAsync("/api/datasets/tiny/export/friction.csv?filter-from=2025-03-02");
        var filtered = await response.Content.ReadAsStringAsync();
        Assert.Contains("/checkout", all, StringComparison.Ordinal);
        Assert.DoesNotContain("/checkout", filtered, StringComparison.Ordinal);
        Assert.Equal(8, filtered.Trim().Split('\n').Length); // the header and 7 pairs
        Assert.Contains("tiny-friction-2025-03-02-to-the-end", response.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        var bad = await http.GetAsync("/api/datasets/tiny/export/friction.csv?filter-from=soon");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
