using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// The one-file report and the evidence of a chokepoint (docs/metrics.md section 15) of a ClickHouse table equal those of the
/// same events in memory (whose numbers ReportHtmlExportTests and EvidenceTests work out by hand): the report byte for
/// byte, the evidence session for session, step for step; on one server and on two shards, for gap-rule and session-column
/// sessions, with goals, grouping rules and a filtered view.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public class ClickHouseReportTests(ClickHouseServers servers)
{
    private static readonly DateTime Written = new(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc);

    private OpenClickHouseSource Open(string table, bool sharded) => new(new ClickHouseConnection { Url = new Uri(servers.First.Url) },
        new ClickHouseTable
        {
            Table = table,
            Columns = ColumnMapping.Table with { Session = table.StartsWith(ClickHouseDatasets.Tiny, StringComparison.Ordinal) ? "session_id" : null },
        },
        sharded ? [new Uri(servers.First.Url), new Uri(servers.Second.Url)] : []);

    private static AnalysisOptions Options(string table, string how)
    {
        var options = how.Contains("no goals", StringComparison.Ordinal) ? AnalysisOptions.Default : AnalysisOptions.Default with
        {
            Goals = new GoalSet([table.StartsWith(ClickHouseDatasets.Tiny, StringComparison.Ordinal) ? "/checkout" : "/checkout/confirmation"], []),
        };
        if (how.Contains("grouped", StringComparison.Ordinal)) options = options with { PageRules = TeloMesh.Core.Grouping.PageRules.Parse("/product/* => /product/:id") };
        if (how.Contains("filtered", StringComparison.Ordinal))
        {
            var ticks = ClickHouseDatasets.Events(table).Ticks.ToArray();
            options = options with { Filter = new Slice(null, new DateTime((ticks.Min() + ticks.Max()) / 2, DateTimeKind.Utc)) };
        }
        return options;
    }

    [Theory]
    [InlineData(ClickHouseDatasets.Synthetic, false)]
    [InlineData(ClickHouseDatasets.SyntheticAll, true)]
    [InlineData(ClickHouseDatasets.Tiny, false)]
    public async Task The_report_of_a_table_equals_the_report_of_its_events_in_memory(string table, bool sharded)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var options = Options(table, "");
        var expected = AnalysisPipeline.Analyze(ClickHouseDatasets.Events(table), options);
        var inMemory = await Report.BuildAsync(new EventTableSource(expected.LocalSessions!.Events), expected, "report", Written, sourceName: "events");
        using var open = Open(table, sharded);
        var source = new WarehouseJourneySource(open.Source, int.MaxValue);
        var actual = await AnalysisPipeline.AnalyzeAsync(source, options);
        var fromTable = await Report.BuildAsync(source, actual, "report", Written, sourceName: "events");
        Assert.NotNull(fromTable.EntryPaths);
        Assert.Equal(inMemory.EntryPaths!.Links, fromTable.EntryPaths!.Links);
        Assert.Equal(ReportHtmlExport.Render(inMemory), ReportHtmlExport.Render(fromTable));
    }

    [Theory]
    [InlineData(ClickHouseDatasets.Synthetic, false, "")]
    [InlineData(ClickHouseDatasets.SyntheticAll, true, "")]
    [InlineData(ClickHouseDatasets.Tiny, false, "")]
    [InlineData(ClickHouseDatasets.Tiny, false, "no goals")]
    [InlineData(ClickHouseDatasets.Synthetic, false, "no goals")]
    [InlineData(ClickHouseDatasets.Synthetic, false, "grouped, filtered")]
    [InlineData(ClickHouseDatasets.SyntheticAll, true, "grouped, filtered")]
    public async Task The_evidence_of_each_chokepoint_equals_the_sessions_in_memory(string table, bool sharded, string how)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var options = Options(table, how);
        var expected = AnalysisPipeline.Analyze(ClickHouseDatasets.Events(table), options);
        using var open = Open(table, sharded);
        var source = new WarehouseJourneySource(open.Source, int.MaxValue);
        var actual = await AnalysisPipeline.AnalyzeAsync(source, options);
        var chokepoints = expected.Friction.Chokepoints.Take(3).ToList();
        Assert.NotEmpty(chokepoints);
        foreach (var point in chokepoints)
        {
            var inMemory = await new EventTableSource(expected.LocalSessions!.Events).EvidenceAsync(expected.Aggregates, point.Page, point.Event, 5);
            var fromTable = await source.EvidenceAsync(actual.Aggregates, point.Page, point.Event, 5);
            Assert.True(inMemory.SessionsThrough > 0 && inMemory.Sessions.Count > 0, $"{point.Page} ({point.Event}) has sessions");
            Assert.Equal((inMemory.SessionsThrough, inMemory.EndedThere), (fromTable.SessionsThrough, fromTable.EndedThere));
            Assert.Equal(inMemory.Sessions.Select(s => (s.SessionId, s.UserId, s.EndedThere)), fromTable.Sessions.Select(s => (s.SessionId, s.UserId, s.EndedThere)));
            for (var i = 0; i < inMemory.Sessions.Count; i++) Assert.Equal(inMemory.Sessions[i].Steps, fromTable.Sessions[i].Steps);
            // Without goals (and unfiltered), the sessions that end on a pair are its exits (docs/metrics.md section 4).
            if (how == "no goals") Assert.Equal(point.Exits, inMemory.EndedThere);
        }
        var none = await source.EvidenceAsync(actual.Aggregates, "/nowhere", "View", 5);
        Assert.Equal((0, 0, 0), (none.SessionsThrough, none.EndedThere, none.Sessions.Count));
    }
}
