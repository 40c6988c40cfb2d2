using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The Paths page on the tiny fixture; its links are worked out by hand in PathsTests (from /product, 3 steps, top 1:
/// step 1 /product -> (end) 3, -> /cart 3, -> (other) 1; step 2 (other) -> (end), /cart -> (end), /cart -> (other),
/// /cart -> /checkout, one each; step 3 (other) -> (end) and /checkout -> (end), one each).
/// </summary>
public sealed class PathsPageTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private NavigationManager Navigation => _context.Bunit.Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<TeloMesh.Web.Components.Pages.Paths> Open(string query)
    {
        Navigation.NavigateTo("datasets/tiny/paths" + query);
        return _context.Bunit.Render<TeloMesh.Web.Components.Pages.Paths>(p => p.Add(x => x.Name, "tiny"));
    }

    [Fact]
    public void The_url_names_the_paths_and_the_diagram_draws_the_links_worked_by_hand()
    {
        var page = Open("?from=%2Fproduct&steps=3&top=1");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=path-band]")), TimeSpan.FromSeconds(10));
        Assert.StartsWith("7 sessions pass /product; the steps after it, 3 at most, the 1 pages", page.Find("[data-testid=paths-summary]").TextContent,
            StringComparison.Ordinal);
        Assert.Equal(
            [
                "1 /product -> (end) 3", "1 /product -> /cart 3", "1 /product -> (other) 1",
                "2 (other) -> (end) 1", "2 /cart -> (end) 1", "2 /cart -> (other) 1", "2 /cart -> /checkout 1",
                "3 (other) -> (end) 1", "3 /checkout -> (end) 1",
            ],
            page.FindAll("[data-testid=path-band]").Select(b =>
                $"{b.GetAttribute("data-step")} {b.GetAttribute("data-from")} -> {b.GetAttribute("data-to")} {b.GetAttribute("data-sessions")}")
                .OrderBy(b => b[0]).ThenBy(b => -int.Parse(b[(b.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
                .ThenBy(b => b, StringComparer.Ordinal));
        var cart = page.Find("[data-testid=path-node][data-step='1'][data-name='/cart']");
        Assert.Equal("/cart at step 1: 3 sessions (42.9 % of those through /product) · click to follow the paths from it", cart.QuerySelector("title")!.TextContent);
        Assert.EndsWith("api/datasets/tiny/export/paths.csv?from=%2Fproduct&steps=3&top=1",
            page.Find("[data-testid=export-paths-csv]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void Clicking_a_page_follows_the_paths_from_it_with_the_same_shape()
    {
        var page = Open("?from=%2Fproduct&steps=3&top=1");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=path-node]")), TimeSpan.FromSeconds(10));
        // A render after the nodes appear (the page's data settling) can replace the handler found: click again then.
        page.WaitForAssertion(() => page.Find("[data-testid=path-node][data-step='1'][data-name='/cart']").Click(), TimeSpan.FromSeconds(10));
        // The navigation completes after the click's handler (the router hears of it first).
        page.WaitForAssertion(() => Assert.Contains("from=%2Fcart", Navigation.Uri, StringComparison.Ordinal));
        var query = PathsSelection.FromUri(Navigation.Uri)!;
        Assert.Equal((PathDirection.From, 3, 1, false), (query.Direction, query.Steps, query.Top, query.KeepRepeats));
    }

    [Fact]
    public void Without_a_page_the_paths_start_where_most_sessions_start()
    {
        // Every tiny session starts on /home.
        var page = Open("");
        page.WaitForAssertion(() => Assert.StartsWith("8 sessions pass /home", page.Find("[data-testid=paths-summary]").TextContent,
            StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("?from=%2Fproduct&steps=99", "Steps must be from 1 to 20; 99 was given.")]
    [InlineData("?from=%2Fprodcut", "No step is on the page '/prodcut'. Nearest pages: '/product'")]
    [InlineData("?from=%2Fa&to=%2Fb", "not both")]
    public void A_bad_address_says_what_is_wrong(string query, string message)
    {
        var page = Open(query);
        page.WaitForAssertion(() => Assert.Contains(message, page.Find("[data-testid=paths-error]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_exports_hold_the_links_and_the_diagram()
    {
        using var folder = new TestFiles.TempFolder();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("TeloMesh:DataRoot", folder.File("data"));
            web.UseSetting("TeloMesh:OutputsRoot", folder.File("outputs"));
            web.UseSetting("TeloMesh:CreateDemoDataset", "false");
        });
        using var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await AntiforgeryUpload.PostAsync(http, "tiny", await File.ReadAllBytesAsync(TestFiles.Fixture("tiny", "events.csv")))).StatusCode);
        var response = await http.GetAsync("/api/datasets/tiny/export/paths.csv?to=%2Fcart&steps=4");
        Assert.Equal("step,from,to,sessions\n1,/cart,/product,3\n2,/product,/search,3\n3,/search,/home,3\n4,/home,(start),3",
            (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").Trim());
        Assert.Contains("tiny-paths-to-cart", response.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        var html = await http.GetStringAsync("/api/datasets/tiny/export/paths.html?from=%2Fproduct&steps=3");
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("7 sessions pass /product", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/datasets/tiny/export/paths.csv")).StatusCode);
    }
}
