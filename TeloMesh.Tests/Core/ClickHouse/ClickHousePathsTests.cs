using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// Paths from and to a page (docs/metrics.md section 10) counted in ClickHouse equal those counted in memory from the same
/// events (PathsTests works those out by hand): every link, on one server and on two shards (whose top pages are chosen
/// from their sums), for gap-rule and session-column sessions, with goals, kept repeats, left-out events and a filter.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public class ClickHousePathsTests(ClickHouseServers servers)
{
    public static TheoryData<string, bool, string, string> Cases() => new()
    {
        { ClickHouseDatasets.SegmentedSynthetic, false, "/cart", "from" },
        { ClickHouseDatasets.SegmentedSynthetic, false, "/cart", "from, goal, top 3" },
        { ClickHouseDatasets.SegmentedSynthetic, false, "/checkout", "to, 8 steps" },
        { ClickHouseDatasets.SegmentedSynthetic, false, "/help", "to, goal, 8 steps" },
        { ClickHouseDatasets.SegmentedAll, true, "/help", "to, goal" },
        { ClickHouseDatasets.SegmentedSynthetic, false, "/home", "from, repeats, leave out, filtered" },
        { ClickHouseDatasets.SegmentedAll, true, "/cart", "from, goal, top 3" },
        { ClickHouseDatasets.SegmentedAll, true, "/checkout", "to, 8 steps" },
        { ClickHouseDatasets.SegmentedTiny, false, "/product", "from, goal, top 1" },
        { ClickHouseDatasets.SegmentedTiny, false, "/cart", "to, 8 steps" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Paths_counted_in_ClickHouse_equal_the_paths_counted_in_memory(string table, bool sharded, string page, string how)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var events = ClickHouseDatasets.Events(table);
        var query = new PathQuery(page, how.StartsWith("to", StringComparison.Ordinal) ? PathDirection.To : PathDirection.From,
            Steps: how.Contains("8 steps", StringComparison.Ordinal) ? 8 : 5,
            Top: how.Contains("top 3", StringComparison.Ordinal) ? 3 : how.Contains("top 1", StringComparison.Ordinal) ? 1 : 10,
            KeepRepeats: how.Contains("repeats", StringComparison.Ordinal))
        {
            LeaveOut = how.Contains("leave out", StringComparison.Ordinal) ? new HashSet<string> { "Scroll", "Search" } : new HashSet<string>(),
        };
        var goals = how.Contains("goal", StringComparison.Ordinal)
            ? new GoalSet([table == ClickHouseDatasets.SegmentedTiny ? "/checkout" : "/checkout/confirmation"], []) : GoalSet.None;
        var key = new AggregationKey(SessionOptions.Default.Gap, goals,
            how.Contains("filtered", StringComparison.Ordinal) ? new Slice(Column: "platform", Value: "web") : null);
        var expected = await new EventTableSource(events).PathsAsync(key, query);
        using var open = Open(table, sharded);
        var actual = await new WarehouseJourneySource(open.Source).PathsAsync(key, query);
        Assert.True(expected.Sessions > 0 && expected.Links.Count > 3, $"{expected.Sessions} sessions, {expected.Links.Count} links");
        Assert.Equal(expected.Sessions, actual.Sessions);
        Assert.Equal(expected.Links, actual.Links);
        if (query.Top < 10 || how.Contains("goal", StringComparison.Ordinal))
            Assert.Contains(actual.Links, l => l.To is Paths.Other or Paths.Goal);
    }

    [Fact]
    public async Task A_page_no_step_is_on_names_the_nearest()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SegmentedAll);
        using var open = Open(ClickHouseDatasets.SegmentedAll, sharded: true);
        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            new WarehouseJourneySource(open.Source).PathsAsync(new AggregationKey(SessionOptions.Default.Gap), new PathQuery("/crt")));
        Assert.StartsWith("No step is on the page '/crt'. Nearest pages: '/cart'", e.Message, StringComparison.Ordinal);
    }

    private OpenClickHouseSource Open(string table, bool sharded) => new(new ClickHouseConnection { Url = new Uri(servers.First.Url) },
        new ClickHouseTable
        {
            Table = table,
            Columns = ColumnMapping.Table with { Session = table == ClickHouseDatasets.SegmentedTiny ? "session_id" : null },
        },
        sharded ? [new Uri(servers.First.Url), new Uri(servers.Second.Url)] : []);
}
