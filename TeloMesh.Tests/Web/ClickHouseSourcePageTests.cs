using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Tests.Core.ClickHouse;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The ClickHouse page against a real server: "test connection" checks the table and mapping, "Analyse" stores a
/// description without credentials and gives a dataset analysed like any other.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseSourcePageTests(ClickHouseServers servers) : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<ClickHouseSource> Render(string table, string sessionColumn = "session_id")
    {
        var page = _context.Bunit.Render<ClickHouseSource>();
        page.Find("input[data-testid=ch-url]").Input(servers.First.Url);
        page.Find("input[data-testid=ch-table]").Input(table);
        page.Find("input[data-testid=ch-session-column]").Input(sessionColumn);
        return page;
    }

    [Fact]
    public void Test_connection_counts_the_events_of_the_mapped_table()
    {
        var page = Render(ClickHouseDatasets.Tiny);
        page.Find("button[data-testid=ch-test]").Click();
        page.WaitForAssertion(() => Assert.Contains($"Connected: default.tiny at {servers.First.Url} has every mapped column and 28 events to analyse.",
            page.Find("[data-testid=clickhouse-tested]").TextContent));
    }

    [Fact]
    public void A_missing_table_is_shown_as_the_servers_answer_in_words()
    {
        var page = Render("nope");
        page.Find("button[data-testid=ch-test]").Click();
        page.WaitForAssertion(() => Assert.Contains("has no table 'nope' in database 'default'", page.Find("[data-testid=clickhouse-error]").TextContent));
    }

    [Fact]
    public async Task Analyse_stores_the_description_and_gives_a_dataset_like_any_other()
    {
        var page = Render(ClickHouseDatasets.Tiny);
        page.Find("input[data-testid=ch-name]").Input("warehouse");
        page.Find("button[data-testid=ch-analyse]").Click();
        var navigation = _context.Bunit.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("datasets/warehouse/friction", navigation.Uri), TimeSpan.FromSeconds(20));

        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        var paths = store.Paths("warehouse");
        var description = File.ReadAllText(ClickHouseDataset.PathOf(paths));
        Assert.Contains("\"table\": \"tiny\"", description);
        Assert.DoesNotContain("password", description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(store.Datasets(), d => d.Name == "warehouse" && d.IsAnalysed && d.Info!.Format == "clickhouse");

        var analysis = await store.GetAsync("warehouse");
        Assert.Null(analysis.Ingest);
        Assert.Equal([("/cart", "Add to Cart"), ("/product", "Page View"), ("/product", "Scroll")],
            analysis.Result.Friction.Chokepoints.Select(p => (p.Page, p.Event)));
        Assert.Equal(8, analysis.Result.SessionCount);
        Assert.NotEmpty(analysis.Heatmap(TeloMesh.Core.Heatmap.HeatmapView.All).Nodes);

        // The friction page renders it like an uploaded dataset.
        var friction = _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "warehouse"));
        friction.WaitForAssertion(() => Assert.Contains("/cart", friction.Markup), TimeSpan.FromSeconds(10));
    }
}
