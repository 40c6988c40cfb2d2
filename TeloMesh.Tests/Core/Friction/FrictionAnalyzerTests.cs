using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Friction;

/// <summary>
/// docs/metrics.md section 4 friction: exit rates, the numpy-linear 90th percentile, chokepoints, fragile flows and row order.
/// Most cases give each page a chosen betweenness so that score = exit_rate x betweenness is easy to follow; the
/// all-zero and fragile-flow cases use the real betweenness of their graphs.
/// </summary>
public class FrictionAnalyzerTests
{
    private static FrictionReport Analyze(CompatMode mode, (string Page, double Value)[] betweenness,
        params (string Session, string User, string Steps)[] sessions)
    {
        var set = Sessionizer.Build(SessionCsv.Events(sessions));
        var b = new double[set.Events.Pages.Count];
        foreach (var (page, value) in betweenness) b[set.Events.Pages.Find(page)] = value;
        return FrictionAnalyzer.Analyze(set, b, mode, 0.9);
    }

    private static FrictionReport AnalyzeWithGraph(CompatMode mode, params string[] paths)
    {
        var set = Sessionizer.Build(SessionCsv.Paths(paths));
        var graph = JourneyGraphBuilder.Build(set, mode);
        var betweennessMode = mode == CompatMode.TeloMesh ? BetweennessMode.Reference : BetweennessMode.Probability;
        return FrictionAnalyzer.Analyze(set, Betweenness.Compute(graph, betweennessMode, mode), mode, 0.9);
    }

    [Fact]
    public void Exit_rates_users_lost_and_unique_users_lost()
    {
        // s1 u1: home, cart:Add, checkout:Buy | s2 u1, s3 u2, s4 u1: home, cart:Add | s5 u3: home, cart:Add, cart:Remove
        // (home, View):     5 steps (one per session), last in none            -> 0 / 5
        // (cart, Add):      5 steps, last in s2, s3, s4 (users u1, u2, u1)     -> 3 / 5, users_lost 3, unique 2
        // (checkout, Buy):  1 step, last in s1                                 -> 1 / 1
        // (cart, Remove):   1 step, last in s5                                 -> 1 / 1
        // Betweenness home 1, cart 0.5, checkout 1: scores 0, 0.6 x 0.5 = 0.3, 1, 0.5.
        var report = Analyze(CompatMode.Default, [("/home", 1), ("/cart", 0.5), ("/checkout", 1)],
            ("s1", "u1", "/home /cart:Add /checkout:Buy"),
            ("s2", "u1", "/home /cart:Add"),
            ("s3", "u2", "/home /cart:Add"),
            ("s4", "u1", "/home /cart:Add"),
            ("s5", "u3", "/home /cart:Add /cart:Remove"));

        var rows = report.Points.Select(p => (p.Page, p.Event, p.Occurrences, p.Exits, p.UsersLost, p.UniqueUsersLost, p.Betweenness)).ToList();
        // Sorted by score: checkout 1, cart:Remove 0.5, cart:Add 0.3, home 0.
        Assert.Equal(
        [
            ("/checkout", "Buy", 1, 1, 1, 1, 1.0),
            ("/cart", "Remove", 1, 1, 1, 1, 0.5),
            ("/cart", "Add", 5, 3, 3, 2, 0.5),
            ("/home", "View", 5, 0, 0, 0, 1.0),
        ], rows);
        Assert.Equal([1.0, 1.0, 3.0 / 5, 0.0], report.Points.Select(p => p.ExitRate));
        Assert.Equal([1.0, 0.5, 0.3, 0.0], report.Points.Select(p => p.Score), (x, y) => Math.Abs(x - y) < 1e-15);
        // Non-zero scores [0.3, 0.5, 1]: h = 2 x 0.9 = 1.8, i = 1, t = 0.8 -> 1 - (1 - 0.5) x 0.2 = 0.9: only checkout.
        Assert.Equal(0.9, report.ChokepointThreshold, 12);
        Assert.Equal([("/checkout", "Buy")], report.Chokepoints.Select(p => (p.Page, p.Event)));
    }

    [Fact]
    public void Percentile_of_one_to_four()
    {
        // n = 4. q 0.9: h = 2.7, i = 2, t = 0.7 >= 0.5 -> 4 - (4 - 3) x 0.3 = 3.7 (numpy: 3.7).
        Assert.Equal(3.7, Percentile.Linear([1, 2, 3, 4], 0.9), 12);
        // Input order does not matter: sorted first.
        Assert.Equal(3.7, Percentile.Linear([4, 1, 3, 2], 0.9), 12);
        // q 0.5: h = 1.5, i = 1, t = 0.5 -> 3 - 1 x 0.5 = 2.5 exactly.
        Assert.Equal(2.5, Percentile.Linear([1, 2, 3, 4], 0.5));
        // q 0: h = 0 -> v[0] = 1; q 1: h = 3, i = 3, b = v[min(4, 3)] -> 4.
        Assert.Equal(1.0, Percentile.Linear([1, 2, 3, 4], 0));
        Assert.Equal(4.0, Percentile.Linear([1, 2, 3, 4], 1));
    }

    [Fact]
    public void Percentile_below_the_midpoint_uses_a_plus_d_t()
    {
        // [10, 20] q 0.25: h = 0.25, i = 0, t = 0.25 < 0.5 -> 10 + 10 x 0.25 = 12.5.
        Assert.Equal(12.5, Percentile.Linear([10, 20], 0.25));
    }

    [Fact]
    public void Percentile_of_one_value_is_that_value_and_of_none_is_nan()
    {
        // n = 1: h = 0, a = b = v[0].
        Assert.Equal(5.0, Percentile.Linear([5], 0.9));
        Assert.True(double.IsNaN(Percentile.Linear([], 0.9)));
    }

    [Fact]
    public void Percentile_on_ties_lands_exactly_on_the_tied_value()
    {
        // [1, 3, 3, 3, 3]: h = 4 x 0.9 = 3.6, i = 3, a = v[3] = 3, b = v[4] = 3, d = 0 -> 3 - 0 = 3 exactly.
        Assert.Equal(3.0, Percentile.Linear([1, 3, 3, 3, 3], 0.9));
        // The tiny case: [0 x5, 1/6, 1/3, 1/3]: h = 6.3, i = 6, a = b = 1/3 -> 1/3 exactly.
        Assert.Equal(1.0 / 3, Percentile.Linear([0, 0, 0, 0, 0, 1.0 / 6, 1.0 / 3, 1.0 / 3], 0.9));
        // [2, 2, 2, 7]: h = 2.7, i = 2, a = 2, b = 7, t = 0.7 -> 7 - 5 x 0.3 = 5.5: between the tie and the top.
        Assert.Equal(5.5, Percentile.Linear([2, 2, 2, 7], 0.9), 12);
    }

    [Theory]
    [InlineData(CompatMode.Default)]
    [InlineData(CompatMode.TeloMesh)]
    public void Scores_tied_at_the_threshold_are_all_chokepoints(CompatMode mode)
    {
        // a, b, c: one step each, each a session's last -> rate 1, x 0.5 = 0.5.
        // d: 2 steps (s4, s5), last in s5 -> 1/2, x 0.5 = 0.25. start: never last -> 0. end: rate 1 x betweenness 0 -> 0.
        // Default, non-zero [0.25, 0.5, 0.5, 0.5]: h = 2.7, i = 2, a = b = 0.5 -> 0.5.
        // Compat, all [0, 0, 0.25, 0.5, 0.5, 0.5]: h = 4.5, i = 4, a = b = 0.5 -> 0.5.
        // Chokepoints: the three 0.5 scores; d (0.25) is below.
        var report = Analyze(mode, [("/start", 0.25), ("/a", 0.5), ("/b", 0.5), ("/c", 0.5), ("/d", 0.5)],
            ("s1", "u1", "/start /a"),
            ("s2", "u2", "/start /b"),
            ("s3", "u3", "/start /c"),
            ("s4", "u4", "/start /d /end"),
            ("s5", "u5", "/start /d"));

        Assert.Equal(0.5, report.ChokepointThreshold);
        Assert.Equal(["/a", "/b", "/c"], report.Chokepoints.Select(p => p.Page));
        Assert.Equal(0.25, report.Points.Single(p => p.Page == "/d").Score);
        // No session has two chokepoint steps.
        Assert.Empty(report.FragileFlows);
    }

    [Theory]
    [InlineData("/a /b|/a /b")] // one edge a->b: no pair has an interior page, betweenness all 0
    [InlineData("/a /b /c|/a /b /c")] // b is on (a,c) but never a last step; c is last but an end page: scores all 0
    public void All_zero_scores_default_has_no_chokepoints(string sessions)
    {
        // No non-zero score to take a percentile of: threshold NaN, nothing is a chokepoint, no flow is fragile.
        var report = AnalyzeWithGraph(CompatMode.Default, sessions.Split('|'));

        Assert.All(report.Points, p => Assert.Equal(0.0, p.Score));
        Assert.True(double.IsNaN(report.ChokepointThreshold));
        Assert.Empty(report.Chokepoints);
        Assert.Empty(report.FragileFlows);
    }

    [Theory]
    [InlineData("/a /b|/a /b", 2)]
    [InlineData("/a /b /c|/a /b /c", 3)]
    public void All_zero_scores_compat_makes_every_pair_a_chokepoint(string sessions, int pairs)
    {
        // Compat takes the percentile over all scores, all 0 -> threshold 0, and every score >= 0 is a chokepoint.
        // Each session has 2 (or 3) steps, all chokepoints, so both sessions are fragile.
        var report = AnalyzeWithGraph(CompatMode.TeloMesh, sessions.Split('|'));

        Assert.Equal(pairs, report.Points.Count);
        Assert.All(report.Points, p => Assert.Equal(0.0, p.Score));
        Assert.Equal(0.0, report.ChokepointThreshold);
        Assert.All(report.Points, p => Assert.True(p.IsChokepoint));
        Assert.Equal(["s00", "s01"], report.FragileFlows.Select(f => f.SessionId));
    }

    [Fact]
    public void Repeated_chokepoint_pair_counts_twice_and_makes_the_session_fragile()
    {
        // s1 u1: home, p:E, home, p:E | s2 u2: home, p:E, q | s3 u3: home, q.
        // Edges: home->p 3, p->home 1, p->q 1, home->q 1. Probability lengths: home->p ln(4/3), home->q ln 4,
        // p->home = p->q = ln 2 (+ eps each). (home,q): direct ~1.386, via p ~0.288 + 0.693 = 0.981 -> via p.
        // No other pair has an interior page: raw p = 1, betweenness p = 1, home = q = 0.
        // (p, E): 3 steps, last in s1 -> 1/3 x 1 = 1/3; (home, View) never last -> 0; (q, View) 1 x 0 = 0.
        // Non-zero [1/3] -> threshold 1/3; chokepoint (p, E) only. s1 has it twice -> fragile; s2 once; s3 never.
        var set = Sessionizer.Build(SessionCsv.Events(
            ("s1", "u1", "/home /p:E /home /p:E"),
            ("s2", "u2", "/home /p:E /q"),
            ("s3", "u3", "/home /q")));
        var graph = JourneyGraphBuilder.Build(set);
        var betweenness = Betweenness.Compute(graph, BetweennessMode.Probability);
        var report = FrictionAnalyzer.Analyze(set, betweenness, CompatMode.Default, 0.9);

        Assert.Equal(1.0, betweenness[graph.Pages.Find("/p")]);
        Assert.Equal(1.0 / 3, report.ChokepointThreshold);
        Assert.Equal([("/p", "E")], report.Chokepoints.Select(p => (p.Page, p.Event)));
        var flow = Assert.Single(report.FragileFlows);
        Assert.Equal(("s1", "u1", 2), (flow.SessionId, flow.UserId, flow.ChokepointCount));
        Assert.Equal([false, true, false, true], flow.Steps.Select(s => s.IsChokepoint));
        Assert.Equal([0, 1, 2, 3], flow.Steps.Select(s => s.StepIndex));
        Assert.Equal(2.0 / 3, flow.TotalScore, 15);
    }

    [Fact]
    public void Rows_sort_by_score_then_page_then_event_in_code_point_order()
    {
        // Every session: start, then one page that is its last step (rate 1). Betweenness top 1, others 0.5, start 0.
        // Scores: top 1; z:A, z:Ａ, z:😀, Ａ, 😀 all 0.5; start 0 (never last).
        // The 0.5 ties go by page in code point order: "/z" (U+7A) < "/Ａ" (U+FF21) < "/😀" (U+1F600), and within /z by
        // event: "A" (U+41) < "Ａ" (U+FF21) < "😀" (U+1F600). UTF-16 ordinal order would put 😀 (D83D DE00) before Ａ.
        // Score comes first: "/top" leads although "/start" < "/top".
        var report = Analyze(CompatMode.Default, [("/top", 1), ("/Ａ", 0.5), ("/😀", 0.5), ("/z", 0.5)],
            ("s1", "u", "/start /top"),
            ("s2", "u", "/start /Ａ"),
            ("s3", "u", "/start /😀"),
            ("s4", "u", "/start /z:😀"),
            ("s5", "u", "/start /z:Ａ"),
            ("s6", "u", "/start /z:A"));

        Assert.Equal(
        [
            ("/top", "View", 1.0),
            ("/z", "A", 0.5),
            ("/z", "Ａ", 0.5),
            ("/z", "😀", 0.5),
            ("/Ａ", "View", 0.5),
            ("/😀", "View", 0.5),
            ("/start", "View", 0.0),
        ], report.Points.Select(p => (p.Page, p.Event, p.Score)));
        // The node map holds each page's best score, keyed in code point order too.
        Assert.Equal(["/start", "/top", "/z", "/Ａ", "/😀"], report.NodeMap.Keys);
        Assert.Equal([0.0, 1.0, 0.5, 0.5, 0.5], report.NodeMap.Values);
    }

    [Fact]
    public void Node_map_and_summary_of_a_page_with_two_events()
    {
        // s1 u1: home, cart:Add | s2 u2: home, cart:Add, cart:Remove. Betweenness home 1, cart 0.5.
        // (home, View):    2 steps, last in none -> 0 / 2 = 0,  score 0
        // (cart, Add):     2 steps, last in s1   -> 1 / 2,      score 0.5 x 0.5 = 0.25
        // (cart, Remove):  1 step,  last in s2   -> 1 / 1 = 1,  score 1 x 0.5 = 0.5
        // Node map: each page's highest score, /cart max(0.25, 0.5) = 0.5, /home 0.
        // Non-zero [0.25, 0.5]: h = 0.9, i = 0, t = 0.9 -> 0.5 - 0.25 x 0.1 = 0.475: only (cart, Remove), which ends s2.
        // Means over the three pairs, each counting once: exit rate (0 + 1/2 + 1) / 3 = 0.5, score (0 + 0.25 + 0.5) / 3 = 0.25.
        var report = Analyze(CompatMode.Default, [("/home", 1), ("/cart", 0.5)],
            ("s1", "u1", "/home /cart:Add"),
            ("s2", "u2", "/home /cart:Add /cart:Remove"));

        Assert.Equal(["/cart", "/home"], report.NodeMap.Keys);
        Assert.Equal([0.5, 0.0], report.NodeMap.Values);
        Assert.Equal(0.475, report.ChokepointThreshold, 12);
        Assert.Equal([("/cart", "Remove")], report.Chokepoints.Select(p => (p.Page, p.Event)));
        Assert.Equal(new FrictionSummary(SessionsLostAtChokepoints: 1, UsersLostAtChokepoints: 1, AverageExitRate: 0.5, AverageScore: 0.25,
            Chokepoints: 1, FragileFlowCount: 0), report.Summary);
    }

    [Theory]
    [InlineData(CompatMode.Default)]
    [InlineData(CompatMode.TeloMesh)]
    public void No_pairs_score_to_an_empty_report_with_zero_means(CompatMode mode)
    {
        // No pairs: no scores to take a percentile of (NaN, no chokepoints) and the means over no pairs are 0, not NaN.
        var scores = FrictionAnalyzer.Score(new JourneyAggregates(new StringPool(), new StringPool(), [], [], [], 0, 0, 0, 0, 0), [], mode);

        Assert.Empty(scores.Points);
        Assert.Empty(scores.NodeMap);
        Assert.True(double.IsNaN(scores.ChokepointThreshold));
        Assert.Equal((0.0, 0.0), (scores.AverageExitRate, scores.AverageScore));
    }
}
