using TeloMesh.Core.Export;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Journeys;

/// <summary>Transition pairs and loops (docs/metrics.md section 10), worked by hand.</summary>
public class JourneyTablesTests
{
    /// <summary>
    /// Three sessions (one per user, the gap rule):
    /// u: /a 0 s, /b 10 s, /a 40 s, /b (click) 60 s — /a->/b after 10 and 20 s, /b->/a after 30 s, ping-pongs (/a, /b) and (/b, /a);
    /// v: /a 0 s, /b 5 s, /b (click) 6 s, /c 26 s — /a->/b 5 s, /b->/b 1 s, /b->/c 20 s, no ping-pong (/b, /b, /c is not one);
    /// w: /a 0 s, /b 60 s.
    /// </summary>
    internal const string Csv = """
        user_id,timestamp,page,event
        u,2025-01-01T00:00:00Z,/a,view
        u,2025-01-01T00:00:10Z,/b,view
        u,2025-01-01T00:00:40Z,/a,view
        u,2025-01-01T00:01:00Z,/b,click
        v,2025-01-01T00:00:00Z,/a,view
        v,2025-01-01T00:00:05Z,/b,view
        v,2025-01-01T00:00:06Z,/b,click
        v,2025-01-01T00:00:26Z,/c,view
        w,2025-01-01T00:00:00Z,/a,view
        w,2025-01-01T00:01:00Z,/b,view
        """;

    private static readonly AnalysisResult Result = AnalysisPipeline.Analyze(TestFiles.Read(Csv).Events, AnalysisOptions.Default);

    [Fact]
    public void Each_page_pair_has_its_transitions_sessions_share_and_times()
    {
        var rows = JourneyTables.TransitionPairs(Result.Aggregates, Result.Friction);
        // /a->/b: 4 transitions in 3 sessions (u twice), all of /a's: probability 1; gaps 5, 10, 20, 60 s: median (10 + 20) / 2 = 15,
        // p95 the ceil(0.95 x 4) = 4th value, 60. Out of /b one each to /a, /b and /c: 1/3 each. Ties by from, then to.
        Assert.Equal(
            [
                ("/a", "/b", 4, 3, 1.0, 15.0, 60.0),
                ("/b", "/a", 1, 1, 1.0 / 3, 30.0, 30.0),
                ("/b", "/b", 1, 1, 1.0 / 3, 1.0, 1.0),
                ("/b", "/c", 1, 1, 1.0 / 3, 20.0, 20.0),
            ],
            rows.Select(r => (r.FromPage, r.ToPage, r.Transitions, r.Sessions, r.Probability, r.MedianSeconds, r.P95Seconds)));
        // Flags and scores are the friction's: a page is a chokepoint page when one of its pairs is a chokepoint; the score is the node map's.
        foreach (var r in rows)
        {
            Assert.Equal(Result.Friction.Points.Any(p => p.Page == r.FromPage && p.IsChokepoint), r.FromChokepoint);
            Assert.Equal(Result.Friction.Points.Where(p => p.Page == r.ToPage).Max(p => p.Score), r.ToScore);
        }
    }

    [Fact]
    public void A_ping_pong_is_three_consecutive_steps_a_b_a()
    {
        Assert.Equal([("/a", "/b", 1, 1), ("/b", "/a", 1, 1)],
            JourneyTables.Loops(Result.Aggregates).Select(l => (l.Page, l.OtherPage, l.Sessions, l.Occurrences)));
    }

    [Fact]
    public void A_session_counts_once_and_every_ping_pong_counts()
    {
        // x: /a /b /a /b /a: (/a, /b) twice and (/b, /a) once, in one session.
        var result = AnalysisPipeline.Analyze(TestFiles.Read("user_id,timestamp,page,event\n" + string.Join('\n',
            new[] { "/a", "/b", "/a", "/b", "/a" }.Select((p, i) => $"x,2025-01-01T00:0{i}:00Z,{p},view"))).Events, AnalysisOptions.Default);
        Assert.Equal([("/a", "/b", 1, 2), ("/b", "/a", 1, 1)],
            JourneyTables.Loops(result.Aggregates).Select(l => (l.Page, l.OtherPage, l.Sessions, l.Occurrences)));
        var ab = JourneyTables.TransitionPairs(result.Aggregates, result.Friction).Single(r => r.FromPage == "/a");
        Assert.Equal((2, 1, 60.0), (ab.Transitions, ab.Sessions, ab.MedianSeconds));
    }

    /// <summary>
    /// The files' order is the SPEC's, not the order pages were first met in: users ua-ug meet (/z, /y) first, then
    /// (/m, /c), (/m, /b) and (/a, /d); the loops' sessions add more (counted below). Loops: uh /z /y /z; ui /m /c /m /c /m ((/m, /c) twice, (/c, /m)
    /// once); uj and uk /a /b /a. Sorted by sessions, then occurrences, then names: (/a, /b) 2 sessions, (/m, /c) 1 session
    /// with 2, then (/c, /m) and (/z, /y) with 1 each, by page.
    /// </summary>
    [Fact]
    public void Rows_are_ordered_as_the_spec_says_whatever_order_they_were_met_in()
    {
        string[][] sessions =
        [
            ["ua", "/z", "/y"], ["ub", "/m", "/c"], ["uc", "/m", "/c"], ["ud", "/m", "/b"], ["ue", "/m", "/b"], ["uf", "/a", "/d"], ["ug", "/a", "/d"],
            ["uh", "/z", "/y", "/z"], ["ui", "/m", "/c", "/m", "/c", "/m"], ["uj", "/a", "/b", "/a"], ["uk", "/a", "/b", "/a"],
        ];
        var csv = "user_id,timestamp,page,event\n" + string.Join('\n', sessions.SelectMany(s => s.Skip(1).Select((page, i) =>
            $"{s[0]},2025-01-01T00:0{i}:00Z,{page},view")));
        var result = AnalysisPipeline.Analyze(TestFiles.Read(csv).Events, AnalysisOptions.Default);
        var pairs = JourneyTables.TransitionPairs(result.Aggregates, result.Friction).Select(r => (r.FromPage, r.ToPage, r.Transitions)).ToList();
        // Every pair with its count: (/m, /c) 2 + ui's 2 = 4, (/c, /m) 2, (/a, /b) 2, (/b, /a) 2, (/z, /y) 1 + 1, (/y, /z) 1.
        Assert.Equal(
            [("/m", "/c", 4), ("/a", "/b", 2), ("/a", "/d", 2), ("/b", "/a", 2), ("/c", "/m", 2), ("/m", "/b", 2), ("/z", "/y", 2), ("/y", "/z", 1)],
            pairs);
        Assert.Equal([("/a", "/b", 2, 2), ("/m", "/c", 1, 2), ("/c", "/m", 1, 1), ("/z", "/y", 1, 1)],
            JourneyTables.Loops(result.Aggregates).Select(l => (l.Page, l.OtherPage, l.Sessions, l.Occurrences)));
    }

    [Fact]
    public void The_95th_percentile_is_the_nearest_rank_taken_in_integers()
    {
        // 20 values 1..20 s: ceil(0.95 x 20) = 19, so the 19th value, 19 s (in floating point 0.95 x 20 is a hair above 19).
        var twenty = GapHistogram.Of([.. Enumerable.Range(1, 20).Select(s => s * TimeSpan.TicksPerSecond)]);
        Assert.Equal(19.0, twenty.P95Seconds);
        Assert.Equal(10.5, twenty.MedianSeconds);
        // 21 values: ceil(19.95) = 20th; the median the 11th.
        var odd = GapHistogram.Of([.. Enumerable.Range(1, 21).Select(s => s * TimeSpan.TicksPerSecond)]);
        Assert.Equal((20.0, 11.0), (odd.P95Seconds, odd.MedianSeconds));
        var one = GapHistogram.Of([(7 * TimeSpan.TicksPerSecond, 1)]);
        Assert.Equal((7.0, 7.0), (one.P95Seconds, one.MedianSeconds));
        // Repeated values as counts: 3 x 1 s and 1 x 9 s: median (1 + 1) / 2, p95 the 4th value.
        var counted = GapHistogram.Of([(9 * TimeSpan.TicksPerSecond, 1), (TimeSpan.TicksPerSecond, 2), (TimeSpan.TicksPerSecond, 1)]);
        Assert.Equal((4, 1.0, 9.0), (counted.Count, counted.MedianSeconds, counted.P95Seconds));
    }

    [Fact]
    public void Every_analysis_writes_both_files()
    {
        using var folder = new TestFiles.TempFolder();
        OutputWriter.WriteAll(folder.Path, Result, []);
        Assert.Equal(
            [
                "from_page,to_page,transitions,sessions,probability,median_seconds,p95_seconds,from_chokepoint,to_chokepoint,from_score,to_score",
            ],
            File.ReadAllLines(folder.File(OutputFileNames.TransitionPairs)).Take(1));
        Assert.StartsWith("/a,/b,4,3,1,15,60,", File.ReadAllLines(folder.File(OutputFileNames.TransitionPairs))[1], StringComparison.Ordinal);
        Assert.Equal(["page,other_page,sessions,occurrences", "/a,/b,1,1", "/b,/a,1,1"], File.ReadAllLines(folder.File(OutputFileNames.Loops)));
    }

    [Fact]
    public void Loops_of_one_page_that_tie_are_ordered_by_the_other_page()
    {
        // /a /c /a is met first, then /a /b /a: one session and one occurrence each, so the other page decides.
        var result = AnalysisPipeline.Analyze(SessionCsv.Paths("/a /c /a", "/a /b /a"), AnalysisOptions.Default);
        Assert.Equal([("/a", "/b"), ("/a", "/c")], JourneyTables.Loops(result.Aggregates).Select(l => (l.Page, l.OtherPage)));
    }
}
