using Bunit;
using TeloMesh.Web.Components.Pages;

namespace TeloMesh.Tests.Web;

public sealed class PageTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Datasets_lists_each_dataset_with_a_link_to_its_friction_points()
    {
        var page = _context.Bunit.Render<Datasets>();
        Assert.Contains("tiny", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("a[href='datasets/tiny/friction']"));
    }

    [Fact]
    public void Friction_shows_the_summary_and_every_row_then_filters()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "tiny"));
        // Default mode on the tiny case (default-worked-by-hand.md): 8 pairs, 8 sessions end once each, 3 chokepoints.
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("8", page.Find("[data-metric='Sessions lost']").TextContent);
        Assert.Equal("3", page.Find("[data-metric='Chokepoints']").TextContent);
        Assert.Equal(3, page.FindAll("tbody .mud-chip").Count);

        page.Find("input[placeholder='Search pages and events']").Input("cart");
        page.WaitForAssertion(() => Assert.Equal("1 of 8 rows", page.Find("[data-testid=row-count]").TextContent));
    }

    [Fact]
    public void An_unknown_dataset_says_so()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "missing"));
        page.WaitForAssertion(() => Assert.Contains("cannot be analysed", page.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }
}
