using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// The friction report computed inside ClickHouse equals the in-process one, file for file: the same fixtures are loaded
/// into a plain table and into a Distributed table over two real servers, and every output the ClickHouse path writes
/// must match the in-process pipeline's byte for byte (the in-process pipeline is the independent reference; its
/// own numbers are checked by hand in TinyDefaultTests and TinyCompatTests).
/// </summary>
[Collection(ClickHouseCollection.Name)]
public class ClickHouseEquivalenceTests(ClickHouseServers servers)
{
    private static readonly string[] Files =
    [
        OutputFileNames.GraphMl, OutputFileNames.GraphJson, OutputFileNames.Chokepoints, OutputFileNames.FragileFlows,
        OutputFileNames.NodeMap, OutputFileNames.Metrics, OutputFileNames.SessionStats, OutputFileNames.TransitionPairs, OutputFileNames.Loops,
        OutputFileNames.DecisionTable,
    ];

    public static TheoryData<string, CompatMode, BetweennessMode> Cases() => new()
    {
        { ClickHouseDatasets.Tiny, CompatMode.Default, BetweennessMode.Probability },
        { ClickHouseDatasets.Tiny, CompatMode.TeloMesh, BetweennessMode.Reference },
        { ClickHouseDatasets.TinyFraction, CompatMode.Default, BetweennessMode.Probability },
        { ClickHouseDatasets.TinyMillis, CompatMode.Default, BetweennessMode.Probability },
        { ClickHouseDatasets.Synthetic, CompatMode.Default, BetweennessMode.Probability },
        { ClickHouseDatasets.Synthetic, CompatMode.Default, BetweennessMode.Hops },
        { ClickHouseDatasets.Synthetic, CompatMode.TeloMesh, BetweennessMode.Reference },
        { ClickHouseDatasets.SyntheticAll, CompatMode.Default, BetweennessMode.Probability },
        { ClickHouseDatasets.SyntheticAll, CompatMode.TeloMesh, BetweennessMode.Reference },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_output_file_equals_the_in_process_analysis(string table, CompatMode compat, BetweennessMode betweenness)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        using var client = servers.First.Client();
        await AssertSameOutputsAsync(table, AnalysisOptions.Default with { Compat = compat, Betweenness = betweenness },
            new ClickHouseEventSource(client, "default", Mapping(table)));
    }

    public static TheoryData<string, CompatMode, BetweennessMode> ShardCases() => new()
    {
        { ClickHouseDatasets.TinyAll, CompatMode.Default, BetweennessMode.Probability },
        { ClickHouseDatasets.TinyAll, CompatMode.TeloMesh, BetweennessMode.Reference },
        { ClickHouseDatasets.SyntheticAll, CompatMode.Default, BetweennessMode.Probability },
        { ClickHouseDatasets.SyntheticAll, CompatMode.TeloMesh, BetweennessMode.Reference },
        { ClickHouseDatasets.SyntheticMacro, CompatMode.Default, BetweennessMode.Probability },
    };

    /// <summary>Each shard aggregates its own users; the sums here must equal the analysis of all events at once.</summary>
    [Theory]
    [MemberData(nameof(ShardCases))]
    public async Task Aggregated_on_each_shard_every_output_file_equals_the_in_process_analysis(string table, CompatMode compat,
        BetweennessMode betweenness)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        using var open = new OpenClickHouseSource(new ClickHouseConnection { Url = new Uri(servers.First.Url) }, Mapping(table),
            [new Uri(servers.First.Url), new Uri(servers.Second.Url)]);
        Assert.IsType<ShardedClickHouseSource>(open.Source);
        await AssertSameOutputsAsync(table, AnalysisOptions.Default with { Compat = compat, Betweenness = betweenness }, open.Source);
        Assert.Equal(ClickHouseDatasets.Events(table).Count, await open.Source.CountAsync());
        // The shards' fingerprints add up to the Distributed table's, so a re-analysis can tell the events are unchanged.
        var gap = AnalysisOptions.Default.SessionGap;
        Assert.Equal(await open.Source.FingerprintAsync(gap), (await open.Source.AggregateAsync(new TeloMesh.Core.Journeys.AggregationKey(gap))).Fingerprint);
    }

    public static TheoryData<string, string, string, bool> GoalCases() => new()
    {
        { ClickHouseDatasets.Tiny, "/checkout", "", false },
        { ClickHouseDatasets.Tiny, "", "Add to Cart", false },
        { ClickHouseDatasets.Synthetic, "/checkout/confirmation", "", false },
        { ClickHouseDatasets.Synthetic, "/checkout/confirmation", "Add to Cart", false },
        { ClickHouseDatasets.TinyAll, "/checkout", "", true },
        { ClickHouseDatasets.SyntheticAll, "/checkout/confirmation", "Search", true },
    };

    /// <summary>
    /// With goals (docs/metrics.md section 8) every file still equals the in-process analysis byte for byte: exits of
    /// converting sessions, sessions and conversions per pair, the chain's state transitions (so every projected gain, to
    /// the last bit) and the sessions lost at chokepoints, on one server and aggregated on each shard.
    /// </summary>
    [Theory]
    [MemberData(nameof(GoalCases))]
    public async Task With_goals_every_output_file_equals_the_in_process_analysis(string table, string goalPage, string goalEvent, bool sharded)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var options = AnalysisOptions.Default with
        {
            Goals = new TeloMesh.Core.Journeys.GoalSet(goalPage.Length > 0 ? [goalPage] : [], goalEvent.Length > 0 ? [goalEvent] : []),
        };
        using var open = new OpenClickHouseSource(new ClickHouseConnection { Url = new Uri(servers.First.Url) }, Mapping(table),
            sharded ? [new Uri(servers.First.Url), new Uri(servers.Second.Url)] : []);
        await AssertSameOutputsAsync(table, options, open.Source);
    }

    public static TheoryData<string, string, bool> GroupingCases() => new()
    {
        // A glob, a regular expression with a group (first match wins: /checkout/payment is taken by the glob), and shards.
        { ClickHouseDatasets.Synthetic, "/product/* => /product/:id\n/checkout/* => /checkout/:step\n~/(blog|category)/.* => /$1", false },
        { ClickHouseDatasets.SyntheticAll, "/product/** => /product\n~/help(/.*)? => /help", true },
        // Session ids from a column, with goals too.
        { ClickHouseDatasets.Tiny, "~/(product|cart) => /shop\n/home => /start", false },
    };

    /// <summary>
    /// Grouping rules (docs/metrics.md section 11) applied in ClickHouse (the renamed pages sent with each query) give every
    /// file the in-process analysis gives with the same rules, on one server and on each shard.
    /// </summary>
    [Theory]
    [MemberData(nameof(GroupingCases))]
    public async Task With_grouping_rules_every_output_file_equals_the_in_process_analysis(string table, string rules, bool sharded)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var options = AnalysisOptions.Default with { PageRules = TeloMesh.Core.Grouping.PageRules.Parse(rules) };
        if (table == ClickHouseDatasets.Tiny) options = options with { Goals = new TeloMesh.Core.Journeys.GoalSet(["/checkout"], []) };
        using var open = new OpenClickHouseSource(new ClickHouseConnection { Url = new Uri(servers.First.Url) }, Mapping(table),
            sharded ? [new Uri(servers.First.Url), new Uri(servers.Second.Url)] : []);
        var result = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(open.Source, int.MaxValue), options);
        AssertSameOutputs(ClickHouseDatasets.Events(table), options, result);
        Assert.True(result.Aggregates.Pages.Count < ClickHouseDatasets.Events(table).Pages.Count, "the rules group some pages");
    }

    /// <summary>
    /// Journey resilience (docs/metrics.md section 14): per page of the removal order, the sessions it is the first page of,
    /// counted in ClickHouse as in memory: session ids and the gap rule, shards, a filtered view, grouping rules.
    /// </summary>
    [Theory]
    [InlineData(ClickHouseDatasets.Tiny, false, false)]
    [InlineData(ClickHouseDatasets.Synthetic, false, false)]
    [InlineData(ClickHouseDatasets.SyntheticAll, true, false)]
    [InlineData(ClickHouseDatasets.Synthetic, false, true)]
    public async Task The_sessions_each_removal_breaks_are_counted_as_in_memory(string table, bool sharded, bool filteredAndGrouped)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var options = filteredAndGrouped
            ? AnalysisOptions.Default with
            {
                PageRules = TeloMesh.Core.Grouping.PageRules.Parse("/product/* => /product/:id"),
                // The sessions starting in the first half of the data's time span.
                Filter = new TeloMesh.Core.Journeys.Slice(null, new DateTime((ClickHouseDatasets.Events(table).Ticks.ToArray().Min() +
                    ClickHouseDatasets.Events(table).Ticks.ToArray().Max()) / 2, DateTimeKind.Utc)),
            }
            : AnalysisOptions.Default;
        var expected = AnalysisPipeline.Analyze(ClickHouseDatasets.Events(table), options);
        var order = TeloMesh.Core.Metrics.Resilience.RemovalOrder([.. expected.Graph.NodeOrder.Select(n => (expected.Graph.Pages[n], expected.Betweenness[n]))]);
        var inMemory = await new TeloMesh.Core.Journeys.EventTableSource(expected.LocalSessions!.Events).FirstRemovedAsync(expected.Aggregates, order);
        using var open = new OpenClickHouseSource(new ClickHouseConnection { Url = new Uri(servers.First.Url) }, Mapping(table),
            sharded ? [new Uri(servers.First.Url), new Uri(servers.Second.Url)] : []);
        var source = new WarehouseJourneySource(open.Source, int.MaxValue);
        var actual = await AnalysisPipeline.AnalyzeAsync(source, options);
        Assert.Equal(inMemory, await source.FirstRemovedAsync(actual.Aggregates, order));
        Assert.Equal(expected.SessionCount, inMemory.Sum());
        Assert.Equal(0, inMemory[^1]);
    }

    /// <summary>The pages as stored with their events, which grouping rules are suggested from: as a file's, on one server and on shards.</summary>
    [Theory]
    [InlineData(ClickHouseDatasets.Synthetic, false)]
    [InlineData(ClickHouseDatasets.SyntheticAll, true)]
    public async Task The_pages_as_stored_come_back_with_their_events_as_a_files(string table, bool sharded)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        using var open = new OpenClickHouseSource(new ClickHouseConnection { Url = new Uri(servers.First.Url) }, Mapping(table),
            sharded ? [new Uri(servers.First.Url), new Uri(servers.Second.Url)] : []);
        var expected = await new TeloMesh.Core.Journeys.EventTableSource(ClickHouseDatasets.Events(table)).PagesAsync();
        Assert.Equal(expected, await open.Source.PagesAsync());
        Assert.Equal(ClickHouseDatasets.Events(table).Count, expected.Sum(p => p.Events));
    }

    /// <summary>
    /// An event-only table (no page column) with the page role mapped to the event column (docs/metrics.md section 11):
    /// every file equals the in-process analysis of the same events read with the same mapping.
    /// </summary>
    [Fact]
    public async Task An_event_only_table_mapped_as_a_file_gives_every_output_file_of_the_in_process_analysis()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.EventOnly);
        using var client = servers.First.Client();
        var mapping = new ClickHouseTable { Table = ClickHouseDatasets.EventOnly, Columns = ColumnMapping.Table with { Page = "event" } };
        await AssertSameOutputsAsync(ClickHouseDatasets.EventOnly, AnalysisOptions.Default, new ClickHouseEventSource(client, "default", mapping));
    }

    private static async Task AssertSameOutputsAsync(string table, AnalysisOptions options, IJourneyAggregateSource source) =>
        AssertSameOutputs(ClickHouseDatasets.Events(table), options, await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(source, int.MaxValue), options));

    /// <summary>Every output file of <paramref name="actual"/> equals the in-process analysis of <paramref name="events"/>.</summary>
    internal static void AssertSameOutputs(TeloMesh.Core.Events.EventTable events, AnalysisOptions options, AnalysisResult actual)
    {
        var expected = AnalysisPipeline.Analyze(events, options);
        using var inProcess = new TestFiles.TempFolder();
        using var inClickHouse = new TestFiles.TempFolder();
        OutputWriter.WriteGraph(inProcess.Path, expected.Graph);
        OutputWriter.WriteMetrics(inProcess.Path, expected.Metrics);
        OutputWriter.WriteFriction(inProcess.Path, expected.Friction);
        OutputWriter.WriteJourneys(inProcess.Path, expected);
        OutputWriter.WriteAll(inClickHouse.Path, actual, []);
        foreach (var file in Files)
            Assert.True(File.ReadAllText(inProcess.File(file)) == File.ReadAllText(inClickHouse.File(file)),
                $"{file} differs:\n--- in process\n{File.ReadAllText(inProcess.File(file))}\n--- in ClickHouse\n{File.ReadAllText(inClickHouse.File(file))}");

        // The funnel layout's counts (docs/metrics.md section 10): per page and step, the sessions first reaching it there.
        static string[] PageSteps(AnalysisResult result) =>
            [.. result.Aggregates.PageSteps.Select(c => $"{result.Aggregates.Pages[c.Page]} {c.Step} {c.Sessions}").Order(StringComparer.Ordinal)];
        Assert.Equal(PageSteps(expected), PageSteps(actual));
        Assert.NotEmpty(actual.Aggregates.PageSteps);
        // Graph health (docs/metrics.md section 14) comes from the aggregates: the same numbers, to the last bit.
        Assert.Equal(TeloMesh.Core.Metrics.GraphHealth.Compute(expected.Aggregates), TeloMesh.Core.Metrics.GraphHealth.Compute(actual.Aggregates));
        Assert.Equal(expected.Friction.Summary, actual.Friction.Summary);
        Assert.Equal(expected.Friction.Goals, actual.Friction.Goals);
        if (options.Goals.IsEmpty) Assert.Null(actual.Friction.Goals);
        else Assert.InRange(actual.Friction.Goals!.Converted, 1, actual.SessionCount - 1);
        Assert.Equal(expected.Friction.FragileFlows.Count, actual.FragileFlowCount);
        Assert.True(actual.AllFragileFlows);
        Assert.NotEmpty(actual.Friction.FragileFlows);
        Assert.Equal(expected.SessionCount, actual.Aggregates.Sessions);
        Assert.Equal(expected.Friction.FragileFlows.SelectMany(f => f.Steps.Select(s => s.TimestampTicks)),
            actual.Friction.FragileFlows.SelectMany(f => f.Steps.Select(s => s.TimestampTicks)));
    }

    private static ClickHouseTable Mapping(string table) => new()
    {
        Table = table,
        Columns = ColumnMapping.Table with
        {
            Session = table.StartsWith(ClickHouseDatasets.Tiny, StringComparison.Ordinal) ? "session_id" : null,
            Timestamp = table == ClickHouseDatasets.TinyMillis ? "ts_ms" : "timestamp",
        },
    };

    [Fact]
    public async Task A_bounded_sample_holds_the_first_flows_by_session_and_counts_them_all()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SyntheticAll);
        var expected = AnalysisPipeline.Analyze(ClickHouseDatasets.SyntheticEvents, AnalysisOptions.Default).Friction.FragileFlows;
        using var client = servers.First.Client();
        var actual = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(new ClickHouseEventSource(client, "default", Mapping(ClickHouseDatasets.SyntheticAll)), 3), AnalysisOptions.Default);
        Assert.True(expected.Count > 3);
        Assert.Equal(expected.Count, actual.FragileFlowCount);
        Assert.False(actual.AllFragileFlows);
        Assert.Equal(expected.Take(3).Select(f => (f.SessionId, f.UserId, f.ChokepointCount, f.TotalScore, f.Steps.Count)),
            actual.Friction.FragileFlows.Select(f => (f.SessionId, f.UserId, f.ChokepointCount, f.TotalScore, f.Steps.Count)));
    }

    [Fact]
    public async Task On_shards_a_bounded_sample_holds_the_first_flows_of_all_shards()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SyntheticAll);
        var expected = AnalysisPipeline.Analyze(ClickHouseDatasets.SyntheticEvents, AnalysisOptions.Default).Friction.FragileFlows;
        using var open = new OpenClickHouseSource(new ClickHouseConnection { Url = new Uri(servers.First.Url) }, Mapping(ClickHouseDatasets.SyntheticAll),
            [new Uri(servers.Second.Url), new Uri(servers.First.Url)]);
        var actual = await AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(open.Source, 5), AnalysisOptions.Default);
        Assert.Equal(expected.Count, actual.FragileFlowCount);
        Assert.Equal(expected.Take(5).Select(f => (f.SessionId, f.UserId, f.ChokepointCount, f.TotalScore, f.Steps.Count)),
            actual.Friction.FragileFlows.Select(f => (f.SessionId, f.UserId, f.ChokepointCount, f.TotalScore, f.Steps.Count)));
    }

    [Fact]
    public async Task The_distributed_table_reads_each_shard_once_and_each_shard_holds_part_of_the_users()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SyntheticAll);
        using var first = servers.First.Client();
        using var second = servers.Second.Client();
        var all = (await first.QueryAsync($"SELECT count(), uniqExact(user_id) FROM default.{ClickHouseDatasets.SyntheticAll}"))[0];
        var a = (await first.QueryAsync($"SELECT count(), uniqExact(user_id) FROM default.{ClickHouseDatasets.SyntheticShard}"))[0];
        var b = (await second.QueryAsync($"SELECT count(), uniqExact(user_id) FROM default.{ClickHouseDatasets.SyntheticShard}"))[0];
        Assert.Equal(ClickHouseDatasets.SyntheticEvents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), all[0]);
        Assert.Equal(int.Parse(all[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(a[0], System.Globalization.CultureInfo.InvariantCulture) + int.Parse(b[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("150", a[1]);
        Assert.Equal("150", b[1]);
    }
}
