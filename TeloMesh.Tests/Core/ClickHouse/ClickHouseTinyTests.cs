using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// The tiny example analysed inside ClickHouse, checked against the numbers worked out by hand for it
/// (docs/metrics.md, the tiny example, as in TinyDefaultTests), not only against the in-process result.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public class ClickHouseTinyTests(ClickHouseServers servers)
{
    private async Task<AnalysisResult> AnalyzeAsync()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);
        using var client = servers.First.Client(ClickHouseServer.AnalystUser, ClickHouseServer.AnalystPassword);
        return await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(new ClickHouseEventSource(client, "default",
            new ClickHouseTable { Table = ClickHouseDatasets.Tiny, Columns = ColumnMapping.Table with { Session = "session_id" } })), AnalysisOptions.Default);
    }

    [Fact]
    public async Task Edges_chokepoints_flows_and_summary_match_the_worked_example()
    {
        var result = await AnalyzeAsync();
        string Page(int id) => result.Graph.Pages[id];
        var edges = result.Graph.Edges.ToDictionary(e => $"{Page(e.From)}->{Page(e.To)}", e => (e.Weight, result.Graph.EventNames[e.Event]));
        Assert.Equal((5, "Search"), edges["/home->/search"]);
        Assert.Equal((5, "Page View"), edges["/search->/product"]);
        Assert.Equal((2, "Scroll"), edges["/product->/product"]);
        Assert.Equal((3, "Add to Cart"), edges["/product->/cart"]);
        Assert.Equal((2, "Page View"), edges["/home->/product"]);
        Assert.Equal(28, result.Metrics.TotalEvents);
        Assert.Equal(
            [("/cart", "Add to Cart"), ("/product", "Page View"), ("/product", "Scroll")],
            result.Friction.Chokepoints.Select(p => (p.Page, p.Event)));
        Assert.All(result.Friction.Chokepoints, p => Assert.Equal(1.0 / 3, p.Score));
        Assert.Equal(["s_A1", "s_B1", "s_C1", "s_D2"], result.Friction.FragileFlows.Select(f => f.SessionId));
        var summary = result.Friction.Summary;
        Assert.Equal(4, summary.SessionsLostAtChokepoints);
        Assert.Equal(3, summary.UsersLostAtChokepoints);
        Assert.Equal(3.125 / 8, summary.AverageExitRate, 12);
        Assert.Equal(1.0 / 8, summary.AverageScore, 12);
    }

    [Fact]
    public async Task A_time_range_keeps_only_the_events_inside_it()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Tiny);
        var events = ClickHouseDatasets.TinyEvents;
        var from = new DateTime(events.Ticks.ToArray().Order().ElementAt(10), DateTimeKind.Utc);
        var expected = events.Ticks.ToArray().Count(t => t >= from.Ticks);
        using var client = servers.First.Client();
        var aggregates = await new ClickHouseEventSource(client, "default",
            new ClickHouseTable { Table = ClickHouseDatasets.Tiny, Columns = ColumnMapping.Table with { Session = "session_id" }, From = from }).AggregateAsync(new AggregationKey(TimeSpan.FromMinutes(30)));
        Assert.Equal(expected, aggregates.TotalEvents);
        Assert.True(expected < events.Count);
    }

    /// <summary>
    /// Section 2 in ClickHouse as in a file: u's row without a session id is a session of the gap rule, though the rule
    /// names it session_u_00 like u's given session; so 3 sessions of 4 steps, and one transition, /g -> /i.
    /// </summary>
    [Fact]
    public async Task A_gap_rule_session_named_like_a_given_one_stays_its_own_as_in_a_file()
    {
        var events = TestFiles.Read("""
            user_id,timestamp,page,event,session_id
            u,2025-03-01T15:00:00Z,/g,v,session_u_00
            v,2025-03-01T09:00:00Z,/x,v,session_v_07
            u,2025-03-01T12:00:00Z,/h,v,
            u,2025-03-01T15:01:00Z,/i,v,session_u_00
            """).Events;
        using var first = servers.First.Client();
        await first.ExecuteAsync("DROP TABLE IF EXISTS default.mixed_ids");
        await ClickHouseLoader.LoadAsync(first, "default", "mixed_ids", events);
        var aggregates = await new ClickHouseEventSource(first, "default",
            new ClickHouseTable { Table = "mixed_ids", Columns = ColumnMapping.Table with { Session = "session_id" } }).AggregateAsync(new AggregationKey(TimeSpan.FromMinutes(30)));
        var memory = await new EventTableSource(events).AggregateAsync(new AggregationKey(TimeSpan.FromMinutes(30)));
        Assert.Equal((3, 4), (aggregates.Sessions, aggregates.TotalEvents));
        Assert.Equal((memory.Sessions, memory.TotalEvents), (aggregates.Sessions, aggregates.TotalEvents));
        string Edges(JourneyAggregates a) => string.Join(" ", a.Transitions.Select(t => $"{a.Pages[t.From]}>{a.Pages[t.To]}").Order(StringComparer.Ordinal));
        Assert.Equal("/g>/i", Edges(aggregates));
        Assert.Equal(Edges(memory), Edges(aggregates));
    }
}
