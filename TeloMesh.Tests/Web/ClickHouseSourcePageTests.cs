using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Events;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
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

    [Fact]
    public async Task With_shard_addresses_the_dataset_is_aggregated_on_each_shard()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.TinyAll);
        var page = Render(ClickHouseDatasets.TinyAll);
        page.Find("input[data-testid=ch-shards]").Input($"{servers.First.Url}, {servers.Second.Url}");
        page.Find("input[data-testid=ch-name]").Input("sharded");
        page.Find("button[data-testid=ch-analyse]").Click();
        var navigation = _context.Bunit.Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("datasets/sharded/friction", navigation.Uri), TimeSpan.FromSeconds(20));
        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        Assert.Equal([servers.First.Url, servers.Second.Url], ClickHouseDataset.TryRead(store.Paths("sharded"))!.Shards);
        var info = store.Datasets().Single(d => d.Name == "sharded").Info!;
        Assert.Equal((28, 4, 8), (info.Events, info.Users, info.Sessions));
        Assert.Contains("aggregated on its 2 shards", info.SourceFile);
    }

    /// <summary>A view that counts through a hundred billion rows: any analysis of it runs until it is cancelled.</summary>
    private async Task<string> EndlessTableAsync()
    {
        using var client = servers.First.Client();
        await client.ExecuteAsync("CREATE VIEW IF NOT EXISTS default.endless AS SELECT toString(number % 1000) AS user_id, " +
            "toDateTime(number) AS timestamp, 'p' AS page, 'e' AS event FROM numbers(100000000000)");
        return "endless";
    }

    [Fact]
    public async Task Cancel_stops_a_long_analysis_and_keeps_the_description()
    {
        var page = Render(await EndlessTableAsync(), sessionColumn: "");
        page.Find("input[data-testid=ch-name]").Input("endless");
        page.Find("button[data-testid=ch-analyse]").Click();
        page.WaitForAssertion(() => Assert.Contains("Aggregating in ClickHouse table default.endless", page.Find("[data-testid=ch-status]").TextContent),
            TimeSpan.FromSeconds(10));
        // Progress re-renders the page while the analysis runs, which can replace the handler found: click again then.
        page.WaitForAssertion(() => page.Find("button[data-testid=ch-cancel]").Click(), TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Contains("Analysis cancelled; the queries it had started in ClickHouse were told to stop",
            page.Find("[data-testid=clickhouse-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-testid=ch-cancel]"));
        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        Assert.Contains(store.Datasets(), d => d.Name == "endless" && !d.IsAnalysed);
        using var client = servers.First.Client();
        // A killed query stops at its next block; a per-user array of a view this large can take the server a while on a
        // busy machine, so the queries are given 30 s to go.
        await WaitUntilAsync(async () => (await client.QueryAsync(
            "SELECT count() FROM system.processes WHERE query LIKE '%default%endless%' AND query NOT LIKE '%system.processes%'"))[0][0] == "0", seconds: 30);
    }

    [Fact]
    public async Task Leaving_the_page_stops_a_test_connection_in_clickhouse()
    {
        var page = Render(await EndlessTableAsync(), sessionColumn: "");
        page.Find("button[data-testid=ch-test]").Click();
        using var client = servers.First.Client();
        const string running = "SELECT count() FROM system.processes WHERE query LIKE '%default%endless%' AND query NOT LIKE '%system.processes%'";
        await WaitUntilAsync(async () => (await client.QueryAsync(running))[0][0] != "0");
        page.Instance.Dispose();
        await WaitUntilAsync(async () => (await client.QueryAsync(running))[0][0] == "0");
    }

    /// <summary>
    /// Re-analysing with other options reuses the counts while the table's events are unchanged, and reads it again
    /// when they changed, even to as many events: here every /cart becomes /basket.
    /// </summary>
    [Fact]
    public async Task Reanalysis_reuses_the_counts_of_an_unchanged_table_and_reads_a_changed_one_again()
    {
        var tiny = File.ReadAllText(TestFiles.Fixture("tiny", "events.csv"));
        using var client = servers.First.Client();
        await client.ExecuteAsync("DROP TABLE IF EXISTS default.swap_tiny");
        await ClickHouseLoader.LoadAsync(client, "default", "swap_tiny", TestFiles.Read(tiny).Events);
        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        var dataset = new ClickHouseDataset { Url = servers.First.Url, Table = "swap_tiny", Columns = ColumnMapping.Table with { Session = "session_id" } };
        var first = (AnalysisResult)(await store.AddClickHouseAsync("swap", dataset, AnalysisOptions.Default)).Result;
        Assert.Contains("/cart", first.Graph.Pages.Values);

        var hops = AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops };
        var reused = (AnalysisResult)(await store.AnalyzeAsync("swap", hops)).Result;
        Assert.Same(first.Aggregates, reused.Aggregates);
        Assert.Equal(BetweennessMode.Hops, reused.Options.Betweenness);

        await client.ExecuteAsync("DROP TABLE default.swap_tiny");
        await ClickHouseLoader.LoadAsync(client, "default", "swap_tiny", TestFiles.Read(tiny.Replace("/cart", "/basket", StringComparison.Ordinal)).Events);
        var reread = (AnalysisResult)(await store.AnalyzeAsync("swap", hops)).Result;
        Assert.Equal(28, reread.Aggregates.TotalEvents);
        Assert.Contains("/basket", reread.Graph.Pages.Values);
        Assert.DoesNotContain("/cart", reread.Graph.Pages.Values);
    }

    /// <summary>
    /// The Compare page's store counts a ClickHouse dataset's slices in the table: CompareShop's two weeks give the numbers
    /// worked out by hand there, as its file does, and its platform column slices it too.
    /// </summary>
    [Fact]
    public async Task A_clickhouse_dataset_compares_two_weeks_like_its_file()
    {
        using var client = servers.First.Client();
        await client.ExecuteAsync("DROP TABLE IF EXISTS default.compare_shop");
        await ClickHouseLoader.LoadAsync(client, "default", "compare_shop", TestFiles.Read(CompareShop.Csv()).Events);
        var store = _context.Bunit.Services.GetRequiredService<AnalysisStore>();
        await store.AddClickHouseAsync("warehouse-shop", new ClickHouseDataset { Url = servers.First.Url, Table = "compare_shop" }, AnalysisOptions.Default);

        var result = await store.CompareSlicesAsync("warehouse-shop", new Slice(new DateTime(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc), new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc)),
            new Slice(new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc), null));
        Assert.Equal((40L, 40L, 6, 3), (result.A.Sessions, result.B.Sessions, result.Changes.Count, result.Hidden));
        var top = result.Changes[0];
        Assert.Equal((ChangeKind.Transition, "/cart", "/checkout", 28L, 36L, 12L, 32L), (top.Kind, top.Page, top.ToPage, top.CountA, top.TotalA, top.CountB, top.TotalB));
        Assert.Equal(0.0022673, top.Q, 7);
        // The loader keeps the platform column, so the table is sliced by it as the file is: 20 ios sessions in week B.
        var platform = Assert.Single(await store.SegmentsAsync("warehouse-shop"));
        Assert.Equal("platform", platform.Name);
        Assert.Equal([("ios", 40), ("web", 40)], platform.Values);
        var ios = await store.CompareSlicesAsync("warehouse-shop", new Slice(new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc), null, "platform", "ios"),
            new Slice(new DateTime(2025, 3, 10, 0, 0, 0, DateTimeKind.Utc), null, "platform", "web"));
        Assert.Equal((20L, 20L), (ios.A.Sessions, ios.B.Sessions));
        Assert.StartsWith("Slice A (2030-01-01 to the end) has no sessions.", (await Assert.ThrowsAsync<InvalidInputException>(() =>
            store.CompareSlicesAsync("warehouse-shop", new Slice(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)), new Slice()))).Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 10)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.True(await condition(), $"the condition did not hold within {seconds} s");
    }
}
