using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// A comparison of two slices (docs/metrics.md section 9) counted inside ClickHouse equals the one counted in memory
/// from the same events: <c>comparison.csv</c> byte for byte, both slices' sessions and conversions, the overlap and what
/// the minimum support hid, on one server and on two shards, for gap-rule sessions and session-column sessions, with
/// and without goals. The in-memory counts are the independent reference (checked by hand in ComparatorTests and
/// SliceTests). The <c>platform</c> column changes within sessions, so only a session's first step may decide its slice.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public class ClickHouseComparisonTests(ClickHouseServers servers)
{
    public static TheoryData<string, bool, string, bool> Cases() => new()
    {
        { ClickHouseDatasets.SegmentedSynthetic, false, "halves", false },
        { ClickHouseDatasets.SegmentedSynthetic, false, "halves", true },
        { ClickHouseDatasets.SegmentedSynthetic, false, "overlapping", true },
        { ClickHouseDatasets.SegmentedSynthetic, false, "segment", true },
        { ClickHouseDatasets.SegmentedSynthetic, false, "segment in a window", false },
        { ClickHouseDatasets.SegmentedAll, true, "halves", true },
        { ClickHouseDatasets.SegmentedAll, true, "segment", false },
        { ClickHouseDatasets.SegmentedTiny, false, "halves", true },
        { ClickHouseDatasets.SegmentedTiny, false, "segment", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Both_slices_counted_in_ClickHouse_give_the_comparison_counted_in_memory(string table, bool sharded, string slices, bool goals)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var events = ClickHouseDatasets.Events(table);
        var sessions = Sessionizer.Build(events, SessionOptions.Default);
        var (a, b) = Slices(sessions, slices);
        var goalSet = goals ? new GoalSet([table == ClickHouseDatasets.SegmentedTiny ? "/checkout" : "/checkout/confirmation"], []) : GoalSet.None;
        // The tiny example has a handful of sessions: every rate is tested there.
        var support = table == ClickHouseDatasets.SegmentedTiny ? 1 : Comparator.DefaultMinSupport;
        var expectedCounts = SlicePair.Count(sessions, goalSet, a, b);
        var expected = Comparisons.Compare(expectedCounts, a, b, goals, support);

        using var open = Open(table, sharded);
        var key = new AggregationKey(SessionOptions.Default.Gap, goalSet);
        var actualCounts = await new WarehouseJourneySource(open.Source).CountSlicesAsync(key, a, b);
        var actual = await Comparisons.CompareSlicesAsync(new WarehouseJourneySource(open.Source), key, a, b, support);

        Assert.Equal((expected.A, expected.B, expected.Overlap, expected.Hidden, expected.ConversionTest), (actual.A, actual.B, actual.Overlap, actual.Hidden, actual.ConversionTest));
        Assert.Equal((expectedCounts.FirstStart, expectedCounts.LastStart), (actualCounts.FirstStart, actualCounts.LastStart));
        Assert.NotEmpty(expected.Changes);
        Assert.Equal(Csv(expected), Csv(actual));
        if (slices == "overlapping") Assert.True(actual.Overlap > 0);
        if (goals && table != ClickHouseDatasets.SegmentedTiny) Assert.InRange(actual.A.Converted, 1, actual.A.Sessions - 1);
    }

    /// <summary>The slices of a case, from the sessions' first and last start (so they hold sessions whatever the fixture's dates).</summary>
    private static (Slice A, Slice B) Slices(SessionSet sessions, string kind)
    {
        var starts = Enumerable.Range(0, sessions.Count).Select(s => sessions.Events.Ticks[sessions.Steps(s)[0]]).Order().ToList();
        var first = new DateTime(starts[0], DateTimeKind.Utc);
        var end = new DateTime(starts[^1], DateTimeKind.Utc).AddSeconds(1);
        var middle = new DateTime(starts[starts.Count / 2], DateTimeKind.Utc);
        var quarter = new DateTime(starts[starts.Count / 4], DateTimeKind.Utc);
        return kind switch
        {
            "halves" => (new Slice(first, middle), new Slice(middle, end)),
            "overlapping" => (new Slice(first, middle.AddTicks(1)), new Slice(quarter, end)),
            "segment" => (new Slice(Column: "platform", Value: "ios"), new Slice(Column: "PLATFORM", Value: "web")),
            _ => (new Slice(quarter, end, "platform", "android"), new Slice(quarter, end, "platform", "web")),
        };
    }

    public static TheoryData<string, bool, string, bool> FilterCases() => new()
    {
        { ClickHouseDatasets.SegmentedSynthetic, false, "halves", false },
        { ClickHouseDatasets.SegmentedSynthetic, false, "segment", true },
        { ClickHouseDatasets.SegmentedSynthetic, false, "segment in a window", true },
        { ClickHouseDatasets.SegmentedAll, true, "halves", true },
        { ClickHouseDatasets.SegmentedAll, true, "segment", false },
        { ClickHouseDatasets.SegmentedTiny, false, "halves", true },
        { ClickHouseDatasets.SegmentedTiny, false, "segment", false },
    };

    /// <summary>
    /// A filtered view (slice B of a case kept as the whole dataset) aggregated in ClickHouse writes the files of the
    /// same view analysed in memory (FilterTests checks that against a file of the kept sessions), byte for byte.
    /// </summary>
    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task A_filtered_view_aggregated_in_ClickHouse_equals_the_one_in_memory(string table, bool sharded, string slices, bool goals)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var events = ClickHouseDatasets.Events(table);
        var (_, filter) = Slices(Sessionizer.Build(events, SessionOptions.Default), slices);
        var options = TeloMesh.Core.Pipeline.AnalysisOptions.Default with
        {
            Filter = filter,
            // The tiny fixture's later half never reaches /checkout; /cart it does.
            Goals = goals ? new GoalSet([table == ClickHouseDatasets.SegmentedTiny ? "/cart" : "/checkout/confirmation"], []) : GoalSet.None,
        };
        using var open = Open(table, sharded);
        var actual = await TeloMesh.Core.Pipeline.AnalysisPipeline.AnalyzeAsync(new WarehouseJourneySource(open.Source, int.MaxValue), options);
        var expected = TeloMesh.Core.Pipeline.AnalysisPipeline.Analyze(events, options);
        Assert.True(actual.SessionCount < Sessionizer.Build(events, SessionOptions.Default).Count);
        using var inMemory = new TestFiles.TempFolder();
        using var inClickHouse = new TestFiles.TempFolder();
        OutputWriter.WriteAll(inMemory.Path, expected, []);
        OutputWriter.WriteAll(inClickHouse.Path, actual, []);
        foreach (var file in new[] { OutputFileNames.GraphMl, OutputFileNames.GraphJson, OutputFileNames.Chokepoints, OutputFileNames.FragileFlows,
                     OutputFileNames.NodeMap, OutputFileNames.Metrics, OutputFileNames.SessionStats, OutputFileNames.TransitionPairs, OutputFileNames.Loops })
            Assert.True(File.ReadAllText(inMemory.File(file)) == File.ReadAllText(inClickHouse.File(file)),
                $"{file} differs:\n--- in memory\n{File.ReadAllText(inMemory.File(file))}\n--- in ClickHouse\n{File.ReadAllText(inClickHouse.File(file))}");
        Assert.Equal(expected.Friction.Summary, actual.Friction.Summary);
        Assert.Equal(expected.Friction.Goals, actual.Friction.Goals);
        Assert.Equal((expected.SessionCount, expected.Aggregates.TotalEvents, expected.Aggregates.UniqueUsers, expected.Aggregates.FirstEventTicks,
            expected.Aggregates.LastEventTicks), (actual.SessionCount, actual.Aggregates.TotalEvents, actual.Aggregates.UniqueUsers,
            actual.Aggregates.FirstEventTicks, actual.Aggregates.LastEventTicks));
        Assert.Equal(expected.Friction.FragileFlows.Count, actual.FragileFlowCount);
    }

    [Theory]
    [InlineData(ClickHouseDatasets.SegmentedSynthetic, false)]
    [InlineData(ClickHouseDatasets.SegmentedAll, true)]
    [InlineData(ClickHouseDatasets.SegmentedTiny, false)]
    public async Task The_segment_columns_and_their_values_are_counted_by_first_step_as_in_memory(string table, bool sharded)
    {
        await ClickHouseDatasets.EnsureAsync(servers, table);
        var expected = Segments.Of(Sessionizer.Build(ClickHouseDatasets.Events(table), SessionOptions.Default), 2);
        using var open = Open(table, sharded);
        var actual = await open.Source.SegmentsAsync(new AggregationKey(SessionOptions.Default.Gap), 2);
        Assert.Equal(Describe(expected), Describe(actual));
        // The 7th rows have no platform; sessions starting on one count as empty, the third platform as "others".
        if (table != ClickHouseDatasets.SegmentedTiny) Assert.True(expected[0].Empty > 0 && expected[0].Others > 0);
    }

    private static string Describe(IReadOnlyList<SegmentColumn> columns) =>
        string.Join("; ", columns.Select(c => $"{c.Name}: {string.Join(", ", c.Values.Select(v => $"{v.Value} {v.Sessions}"))}, others {c.Others}, empty {c.Empty}"));

    [Fact]
    public async Task A_column_the_table_lacks_or_a_value_it_never_takes_is_named_with_what_there_is()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.SegmentedSynthetic);
        using var open = Open(ClickHouseDatasets.SegmentedSynthetic, sharded: false);
        var source = new WarehouseJourneySource(open.Source);
        var key = new AggregationKey(SessionOptions.Default.Gap);
        var column = await Assert.ThrowsAsync<InvalidInputException>(() =>
            source.CountSlicesAsync(key, new Slice(Column: "country", Value: "fr"), Slice.All));
        Assert.Contains("no segment column 'country'. Its segment columns: platform.", column.Message);
        var value = await Assert.ThrowsAsync<InvalidInputException>(() =>
            source.CountSlicesAsync(key, Slice.All, new Slice(Column: "platform", Value: "tv")));
        Assert.Contains("has no value 'tv'. Its values: 'android', 'ios', 'web'.", value.Message);
        // A window without sessions says where they start.
        var empty = await Assert.ThrowsAsync<InvalidInputException>(() => Comparisons.CompareSlicesAsync(source, key,
            new Slice(new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(1990, 2, 1, 0, 0, 0, DateTimeKind.Utc)), Slice.All));
        Assert.Matches(@"^Slice A \(1990-01-01 to 1990-02-01\) has no sessions\. The dataset's sessions start between \d{4}-", empty.Message);
    }

    private OpenClickHouseSource Open(string table, bool sharded) => new(new ClickHouseConnection { Url = new Uri(servers.First.Url) },
        new ClickHouseTable
        {
            Table = table,
            Columns = ColumnMapping.Table with { Session = table == ClickHouseDatasets.SegmentedTiny ? "session_id" : null },
        },
        sharded ? [new Uri(servers.First.Url), new Uri(servers.Second.Url)] : []);

    private static string Csv(ComparisonResult result)
    {
        using var folder = new TestFiles.TempFolder();
        ComparisonCsv.Write(folder.File("comparison.csv"), result.Changes);
        return File.ReadAllText(folder.File("comparison.csv"));
    }
}
