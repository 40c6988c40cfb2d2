using AngleSharp.Dom;
using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Microsoft.AspNetCore.Components;
using TeloMesh.Tests.Core.Hostile;
using TeloMesh.Web.Components.Pages;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The hostile names (<c>Fixtures/hostile/hostile-names.csv</c>: scripts, markup, formulas, a right-to-left override,
/// a NUL) on every dataset page: shown as text, never as an element of their own.
/// </summary>
public sealed class HostilePageTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync()
    {
        _context.AddDataset("hostile", File.ReadAllText(HostileDatasets.Fixture("hostile-names.csv")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    /// <summary>
    /// The names as compared here: HTML parsing drops a NUL from text and turns it into U+FFFD in an attribute (bUnit's
    /// DOM is parsed from markup; Blazor in the browser sets text nodes directly), so both are left out of comparisons.
    /// </summary>
    private static string Plain(string text) => text.Replace("\u0000", "", StringComparison.Ordinal).Replace("\uFFFD", "", StringComparison.Ordinal);

    private static readonly string[] Shown = [.. HostileContentTests.Names.Select(Plain)];

    private static void AssertInert<T>(IRenderedComponent<T> page) where T : IComponent
    {
        // Serialised markup keeps < inside attribute values (data-page="<script>..."), which is harmless: what matters is
        // that no element came from a name, and that text nodes hold the names escaped.
        Assert.Empty(page.FindAll("script, img, iframe, [onerror], [onload]"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Markup, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Texts(IEnumerable<IElement> elements) => elements.Select(e => Plain(e.TextContent.Trim()));

    [Fact]
    public void Friction_points_show_every_hostile_page_and_event_as_text()
    {
        var page = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "hostile"));
        page.WaitForAssertion(() => Assert.Equal("8 of 8 rows", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        AssertInert(page);
        var cells = Texts(page.FindAll("tbody td")).ToHashSet(StringComparer.Ordinal);
        Assert.All(Shown, name => Assert.Contains(name, cells));
        // Each page and event name in its own <bdi>, as on every page that shows names.
        var isolated = Texts(page.FindAll("tbody td bdi")).ToHashSet(StringComparer.Ordinal);
        Assert.All(Shown, name => Assert.Contains(name, isolated));
    }

    [Fact]
    public void Fragile_flows_show_the_names_as_text_each_isolated_from_the_text_around_it()
    {
        var page = _context.Bunit.Render<FragileFlows>(p => p.Add(x => x.Name, "hostile"));
        // Every session passes nine chokepoint steps (HostileContentTests): eight fragile flows.
        page.WaitForAssertion(() => Assert.Equal("8 of 8 fragile flows", page.Find("[data-testid=flow-count]").TextContent), TimeSpan.FromSeconds(10));
        AssertInert(page);
        var isolated = Texts(page.FindAll("[data-testid=flow] bdi")).ToHashSet(StringComparer.Ordinal);
        Assert.All(Shown, name => Assert.Contains(name, isolated)); // as pages, events, users and sessions
        Assert.Contains(page.FindAll("[data-chokepoint=true]"), chip => chip.TextContent.Contains("\u202Egnp.exe (", StringComparison.Ordinal));
    }

    [Fact]
    public void The_heatmap_labels_and_details_hold_the_names_as_text()
    {
        _context.Bunit.SetRendererInfo(new RendererInfo("Server", true));
        _context.Bunit.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 400));
        var page = _context.Bunit.Render<Heatmap>(p => p.Add(x => x.Name, "hostile"));
        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll(".heat-node").Count), TimeSpan.FromSeconds(10));
        AssertInert(page);
        Assert.Equal(Shown.Order(StringComparer.Ordinal),
            page.FindAll(".heat-node").Select(n => Plain(n.GetAttribute("data-page")!)).Order(StringComparer.Ordinal));
        Assert.Equal(8, page.FindAll(".heat-node bdi").Count); // each label isolated from the text around it
    }
}
