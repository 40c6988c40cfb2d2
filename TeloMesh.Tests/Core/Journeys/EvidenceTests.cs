using TeloMesh.Core.Export;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Journeys;

/// <summary>
/// The evidence of a (page, event) pair (docs/metrics.md section 15), worked by hand. Six sessions, one a user, written one
/// minute apart from 2025-01-01T00:00:00Z:
/// s3 /cart /home (minutes 0-1), s2 /home /cart:Add /pay (2-4), s1 /home /cart (5-6), s4 /home (7),
/// s0 /home /cart /cart:Add (8-10), s5 /home /cart (11-12).
/// (/cart, View) is passed by s3, s1, s0 and s5 (s2 has only (/cart, Add)): 4 sessions; s1 and s5 end on it (s0 ends on
/// (/cart, Add)): 2. Evidence order: those that ended there first, each group by session id: s1, s5, then s0, s3.
/// </summary>
public class EvidenceTests
{
    private static readonly AnalysisResult Result = AnalysisPipeline.Analyze(SessionCsv.Events(
        ("s3", "u3", "/cart /home"), ("s2", "u2", "/home /cart:Add /pay"), ("s1", "u1", "/home /cart"), ("s4", "u4", "/home"),
        ("s0", "u0", "/home /cart /cart:Add"), ("s5", "u5", "/home /cart")), AnalysisOptions.Default);

    private static EvidenceSample Sample(int count) =>
        new EventTableSource(Result.LocalSessions!.Events).EvidenceAsync(Result.Aggregates, "/cart", "View", count).GetAwaiter().GetResult();

    private static long At(int minute) => new DateTime(2025, 1, 1, 0, minute, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void The_sessions_through_the_pair_are_counted_and_those_that_ended_there_come_first()
    {
        var sample = Sample(3);
        Assert.Equal((4, 2), (sample.SessionsThrough, sample.EndedThere));
        Assert.Equal([("s1", "u1", true), ("s5", "u5", true), ("s0", "u0", false)], sample.Sessions.Select(s => (s.SessionId, s.UserId, s.EndedThere)));
        Assert.Equal([new EvidenceStep(0, At(5), "/home", "View"), new EvidenceStep(1, At(6), "/cart", "View")], sample.Sessions[0].Steps);
        Assert.Equal([new EvidenceStep(0, At(8), "/home", "View"), new EvidenceStep(1, At(9), "/cart", "View"), new EvidenceStep(2, At(10), "/cart", "Add")],
            sample.Sessions[2].Steps);
        Assert.Equal(["s1", "s5", "s0", "s3"], Sample(20).Sessions.Select(s => s.SessionId));
    }

    [Fact]
    public async Task A_pair_nobody_passes_has_no_sessions()
    {
        var none = await new EventTableSource(Result.LocalSessions!.Events).EvidenceAsync(Result.Aggregates, "/pay", "Add");
        Assert.Equal((0, 0, 0), (none.SessionsThrough, none.EndedThere, none.Sessions.Count));
    }

    [Fact]
    public void The_csv_gives_the_numbers_then_an_empty_line_then_the_steps()
    {
        // Numbers made up for the file's shape: 4 visits, 2 exits.
        var point = new FrictionPoint("/cart", "View", 4, 2, 0.5, 2, 0.25, 0.125, true) { ExitRateLow = 0.15, ExitRateHigh = 0.85, ScoreLow = 0.0375 };
        using var stream = new MemoryStream();
        EvidenceCsv.Write(stream, point, 3, Sample(2));
        Assert.Equal(
            [
                "metric,value", "page,/cart", "event,View", "is_chokepoint,1", "rank,3", "occurrences,4", "exits,2", "exit_rate,0.5",
                "exit_rate_low,0.15", "exit_rate_high,0.85", "betweenness,0.25", "score,0.125", "score_low,0.0375",
                "sessions_through,4", "sessions_ended_there,2", "sessions_shown,2",
                "",
                "session_id,user_id,ended_here,step,timestamp,page,event,on_pair",
                "s1,u1,1,0,2025-01-01T00:05:00Z,/home,View,0", "s1,u1,1,1,2025-01-01T00:06:00Z,/cart,View,1",
                "s5,u5,1,0,2025-01-01T00:11:00Z,/home,View,0", "s5,u5,1,1,2025-01-01T00:12:00Z,/cart,View,1",
                "",
            ],
            System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n'));
    }

    [Fact]
    public async Task A_filtered_view_shows_only_its_own_sessions()
    {
        // Sessions starting at minute 5 or later: s1, s4, s0 and s5; through /cart: s1, s0, s5.
        var view = AnalysisPipeline.Analyze(SessionCsv.Events(
            ("s3", "u3", "/cart /home"), ("s2", "u2", "/home /cart:Add /pay"), ("s1", "u1", "/home /cart"), ("s4", "u4", "/home"),
            ("s0", "u0", "/home /cart /cart:Add"), ("s5", "u5", "/home /cart")), AnalysisOptions.Default with { Filter = new Slice(new DateTime(2025, 1, 1, 0, 5, 0, DateTimeKind.Utc)) });
        var sample = await new EventTableSource(view.LocalSessions!.Events).EvidenceAsync(view.Aggregates, "/cart", "View");
        Assert.Equal(["s1", "s5", "s0"], sample.Sessions.Select(s => s.SessionId));
        Assert.Equal((3, 2), (sample.SessionsThrough, sample.EndedThere));
    }
}
