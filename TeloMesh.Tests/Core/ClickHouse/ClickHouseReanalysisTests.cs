using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// Re-analysing a ClickHouse table with other options reuses the counts while the table's events are unchanged (same fingerprint), and the
/// result still equals the in-process analysis with those options; a changed table or session gap is read again.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseReanalysisTests(ClickHouseServers servers)
{
    private static readonly string Tiny = File.ReadAllText(TestFiles.Fixture("tiny", "events.csv"));

    private async Task<(ClickHouseHttpClient Client, ClickHouseEventSource Source)> FreshTableAsync(string table, EventTable events)
    {
        var client = servers.First.Client();
        await client.ExecuteAsync($"DROP TABLE IF EXISTS default.{table}");
        await ClickHouseLoader.LoadAsync(client, "default", table, events);
        return (client, new ClickHouseEventSource(client, "default",
            new ClickHouseTable { Table = table, Columns = ColumnMapping.Table with { Session = events.HasSessionIds ? "session_id" : null } }));
    }

    [Fact]
    public async Task Other_options_reuse_the_counts_and_give_the_in_process_numbers()
    {
        var events = ClickHouseDatasets.SyntheticEvents;
        var (client, source) = await FreshTableAsync("reuse_synthetic", events);
        using var _ = client;
        var first = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), AnalysisOptions.Default);

        var hops = AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops };
        var second = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), hops, previous: first);
        Assert.Same(first.Aggregates, second.Aggregates);
        ClickHouseEquivalenceTests.AssertSameOutputs(events, hops, second);

        // A lower percentile makes more chokepoints: the fragile flows are asked for again, over the same counts.
        var wider = AnalysisOptions.Default with { ChokepointPercentile = 0.5 };
        var third = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), wider, previous: second);
        Assert.Same(first.Aggregates, third.Aggregates);
        Assert.True(third.Friction.Chokepoints.Count() > first.Friction.Chokepoints.Count());
        ClickHouseEquivalenceTests.AssertSameOutputs(events, wider, third);

        // Another session gap cuts other sessions: read again.
        var gap = AnalysisOptions.Default with { SessionGap = TimeSpan.FromMinutes(5) };
        Assert.NotSame(first.Aggregates, (await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), gap, previous: third)).Aggregates);
    }

    [Fact]
    public async Task New_goals_count_again_and_a_new_reduction_reuses_the_counts()
    {
        var events = ClickHouseDatasets.SyntheticEvents;
        var (client, source) = await FreshTableAsync("reuse_goals", events);
        using var _ = client;
        var first = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), AnalysisOptions.Default);
        var goals = AnalysisOptions.Default with { Goals = new TeloMesh.Core.Journeys.GoalSet(["/checkout/confirmation"], []) };
        var second = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), goals, previous: first);
        // Goals change which sessions lose someone: counted again in ClickHouse; the graph and betweenness are kept.
        Assert.NotSame(first.Aggregates, second.Aggregates);
        Assert.Same(first.Graph, second.Graph);
        Assert.Same(first.BetweennessResult, second.BetweennessResult);
        ClickHouseEquivalenceTests.AssertSameOutputs(events, goals, second);

        // Only the reduction changes: no aggregation in ClickHouse at all, and the gains follow.
        var reduced = goals with { GainReduction = 0.25 };
        var third = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), reduced, previous: second);
        Assert.Same(second.Aggregates, third.Aggregates);
        ClickHouseEquivalenceTests.AssertSameOutputs(events, reduced, third);
    }

    [Fact]
    public async Task A_table_with_more_events_is_read_again()
    {
        var (client, source) = await FreshTableAsync("reuse_grown", TestFiles.Read(Tiny).Events);
        using var _ = client;
        var first = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), AnalysisOptions.Default);
        Assert.Equal(28, first.Aggregates.TotalEvents);
        await client.ExecuteAsync("INSERT INTO default.reuse_grown (user_id, timestamp, page, event, session_id) " +
            "VALUES ('u9', toDateTime('2025-03-02 10:00:00'), '/home', 'Page View', 's9')");
        var again = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source), AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops }, previous: first);
        Assert.Equal(29, again.Aggregates.TotalEvents);
        ClickHouseEquivalenceTests.AssertSameOutputs(TestFiles.Read(Tiny + "u9,2025-03-02T10:00:00Z,/home,Page View,s9\n").Events,
            AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops }, again);
    }
}
