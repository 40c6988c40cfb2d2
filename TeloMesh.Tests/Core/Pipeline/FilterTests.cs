using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;
using TeloMesh.Tests.Core.ClickHouse;

namespace TeloMesh.Tests.Core.Pipeline;

/// <summary>
/// A filtered view (<see cref="AnalysisOptions.Filter"/>): only the sessions of one slice, each by its first step
/// (docs/metrics.md section 9), analysed as if they were the whole dataset.
/// </summary>
public class FilterTests
{
    private static EventTable Tiny() => CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events;

    /// <summary>
    /// The tiny fixture from 2 March: sessions s_A2 (/home, /product, /help), s_B2 (/home, /search Click, /product),
    /// s_B3 (/home, /search, /product) and s_D2 (/home, /search, /product Scroll, /cart): 4 sessions, 3 + 3 + 3 + 4 = 13
    /// events, users A, B and D. (/product, Page View) occurs in s_A2, s_B2 and s_B3 and ends s_B2 and s_B3: 2 of 3.
    /// (/home, Page View) occurs 4 times and ends none. /home -> /search 3 times (s_B2, s_B3, s_D2), /home -> /product once.
    /// </summary>
    [Fact]
    public void From_2_march_the_tiny_fixture_gives_the_numbers_worked_by_hand()
    {
        var result = AnalysisPipeline.Analyze(Tiny(), AnalysisOptions.Default with
        {
            Filter = new Slice(From: new DateTime(2025, 3, 2, 0, 0, 0, DateTimeKind.Utc)),
        });
        Assert.Equal((4, 13, 3), (result.SessionCount, result.Aggregates.TotalEvents, result.Aggregates.UniqueUsers));
        var points = result.Friction.Points.ToDictionary(p => (p.Page, p.Event));
        Assert.Equal((3, 2), (points[("/product", "Page View")].Occurrences, points[("/product", "Page View")].Exits));
        Assert.Equal((4, 0), (points[("/home", "Page View")].Occurrences, points[("/home", "Page View")].Exits));
        Assert.False(points.ContainsKey(("/checkout", "Checkout"))); // only in s_A1, on 1 March
        var edges = result.Graph.Edges.ToDictionary(e => $"{result.Graph.Pages[e.From]}->{result.Graph.Pages[e.To]}", e => e.Weight);
        Assert.Equal(3, edges["/home->/search"]);
        Assert.Equal(1, edges["/home->/product"]);
        Assert.Equal(new DateTime(2025, 3, 2, 9, 0, 0, DateTimeKind.Utc).Ticks, result.Aggregates.FirstEventTicks);
        Assert.Equal(new DateTime(2025, 3, 3, 10, 2, 0, DateTimeKind.Utc).Ticks, result.Aggregates.LastEventTicks);
    }

    [Fact]
    public void A_filter_no_session_matches_says_so()
    {
        var e = Assert.Throws<InvalidInputException>(() => AnalysisPipeline.Analyze(Tiny(), AnalysisOptions.Default with
        {
            Filter = new Slice(To: new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        }));
        Assert.Equal("No session matches the filter (the start to 2025-01-01): none of the 8 sessions starts there.", e.Message);
    }

    public static TheoryData<string> Filters() => ["window", "segment", "both"];

    /// <summary>
    /// The independent reference: a file holding only the kept sessions' events, analysed whole. Its gap-rule session ids
    /// are numbered afresh, so the files compared are those without session ids.
    /// </summary>
    [Theory]
    [MemberData(nameof(Filters))]
    public void A_filtered_view_equals_the_analysis_of_a_file_of_its_sessions_only(string kind)
    {
        var csv = ClickHouseDatasets.SegmentedSyntheticCsv();
        var events = TestFiles.Read(csv).Events;
        var sessions = Sessionizer.Build(events, SessionOptions.Default);
        var middle = new DateTime(events.Ticks[events.Count / 2], DateTimeKind.Utc);
        var filter = kind switch
        {
            "window" => new Slice(From: middle),
            "segment" => new Slice(Column: "platform", Value: "ios"),
            _ => new Slice(To: middle, Column: "platform", Value: "web"),
        };
        var kept = filter.Members(sessions);
        var keptRows = new bool[events.Count];
        for (var s = 0; s < sessions.Count; s++)
            if (kept[s]) foreach (var row in sessions.Steps(s)) keptRows[row] = true;
        var lines = csv.Split('\n');
        var subset = string.Join('\n', lines.Take(1).Concat(lines.Skip(1).Where((_, row) => row < keptRows.Length && keptRows[row])));

        var options = AnalysisOptions.Default with { Goals = new GoalSet(["/checkout/confirmation"], []) };
        var expected = AnalysisPipeline.Analyze(TestFiles.Read(subset).Events, options);
        var actual = AnalysisPipeline.Analyze(events, options with { Filter = filter });
        Assert.InRange(actual.SessionCount, 100, sessions.Count - 100);
        Assert.Equal(kept.Count(k => k), actual.SessionCount);
        AssertSameFiles(expected, actual);
    }

    /// <summary>A re-analysis never serves one view's numbers for another: to a filter and back, each equals a fresh analysis.</summary>
    [Fact]
    public void Re_analysis_to_a_filter_and_back_equals_fresh_analyses()
    {
        var events = ClickHouseDatasets.SegmentedSyntheticEvents;
        var all = AnalysisPipeline.Analyze(events, AnalysisOptions.Default);
        var mobile = AnalysisOptions.Default with { Filter = new Slice(Column: "platform", Value: "ios") };
        var filtered = AnalysisPipeline.Analyze(events, mobile, previous: all);
        AssertSameFiles(AnalysisPipeline.Analyze(events, mobile), filtered);
        Assert.True(filtered.SessionCount < all.SessionCount);
        var withGoal = mobile with { Goals = new GoalSet(["/checkout/confirmation"], []) };
        AssertSameFiles(AnalysisPipeline.Analyze(events, withGoal), AnalysisPipeline.Analyze(events, withGoal, previous: filtered));
        AssertSameFiles(all, AnalysisPipeline.Analyze(events, AnalysisOptions.Default, previous: filtered));
    }

    private static void AssertSameFiles(AnalysisResult expected, AnalysisResult actual)
    {
        using var a = new TestFiles.TempFolder();
        using var b = new TestFiles.TempFolder();
        OutputWriter.WriteAll(a.Path, expected, []);
        OutputWriter.WriteAll(b.Path, actual, []);
        foreach (var file in new[] { OutputFileNames.GraphMl, OutputFileNames.GraphJson, OutputFileNames.Chokepoints, OutputFileNames.NodeMap, OutputFileNames.Metrics })
            Assert.True(File.ReadAllText(a.File(file)) == File.ReadAllText(b.File(file)), $"{file} differs");
        Assert.Equal(expected.Friction.Summary, actual.Friction.Summary);
        Assert.Equal(expected.Friction.Goals, actual.Friction.Goals);
        Assert.Equal((expected.Aggregates.TotalEvents, expected.Aggregates.UniqueUsers, expected.Aggregates.FirstEventTicks, expected.Aggregates.LastEventTicks),
            (actual.Aggregates.TotalEvents, actual.Aggregates.UniqueUsers, actual.Aggregates.FirstEventTicks, actual.Aggregates.LastEventTicks));
    }
}
