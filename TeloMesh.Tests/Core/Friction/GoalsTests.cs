using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Friction;

/// <summary>
/// docs/metrics.md section 8 on five sessions small enough to solve on paper. With goal page G:
/// <code>
/// s1 u1: A B G      -> A, B, GOAL
/// s2 u2: A B        -> A, B, EXIT
/// s3 u3: A C        -> A, C, EXIT
/// s4 u4: B G        -> B, GOAL
/// s5 u5: A C A B G  -> A, C, A, B, GOAL
/// </code>
/// Counts: A 5 times (4 starts), B 4 times (1 start), C twice, G three times. A -> B 3, A -> C 2; B -> GOAL 3, B -> EXIT 1;
/// C -> A 1, C -> EXIT 1. So P(A, B) = 3/5, P(A, C) = 2/5, P(B, GOAL) = 3/4, P(B, EXIT) = 1/4, P(C, A) = P(C, EXIT) = 1/2,
/// π(A) = 4/5, π(B) = 1/5, π(GOAL) = 0.
/// <para>
/// c(B) = 3/4; c(C) = c(A)/2; c(A) = 3/5 · 3/4 + 2/5 · c(A)/2, so c(A) = 9/16 and c(C) = 9/32.
/// Model conversion = 4/5 · 9/16 + 1/5 · 3/4 = 3/5 = the observed 3 converting sessions in 5.
/// </para>
/// </summary>
public class GoalsTests
{
    private static readonly (string, string, string)[] FiveSessions =
    [
        ("s1", "u1", "A B G"), ("s2", "u2", "A B"), ("s3", "u3", "A C"), ("s4", "u4", "B G"), ("s5", "u5", "A C A B G"),
    ];

    private static FrictionReport Analyze(double reduction = 0.1, GoalSet? goals = null, int minSupport = 1)
    {
        var set = Sessionizer.Build(SessionCsv.Events(FiveSessions));
        // Betweenness 1 everywhere, so a score is its exit rate.
        var betweenness = Enumerable.Repeat(1.0, set.Events.Pages.Count).ToArray();
        return FrictionAnalyzer.Analyze(set, betweenness, new FrictionOptions(MinSupport: minSupport, GainReduction: reduction),
            new AggregationKey(SessionOptions.Default.Gap, goals ?? new GoalSet(["G"], [])));
    }

    private static FrictionPoint Point(FrictionReport report, string page) => report.Points.Single(p => p.Page == page);

    [Fact]
    public void A_converting_session_loses_nobody_and_every_pair_gets_its_sessions_and_conversions()
    {
        var report = Analyze();
        // Exits now count only s2 (ends at B) and s3 (ends at C); the three sessions that end at G converted.
        Assert.Equal((0, 1, 1, 0), (Point(report, "A").Exits, Point(report, "B").Exits, Point(report, "C").Exits, Point(report, "G").Exits));
        Assert.Equal((5, 4, 2, 3), (Point(report, "A").Occurrences, Point(report, "B").Occurrences, Point(report, "C").Occurrences,
            Point(report, "G").Occurrences));
        // Sessions with the pair / those that convert: A in s1 s2 s3 s5 (s1, s5 convert), B in s1 s2 s4 s5 (three convert),
        // C in s3 s5 (s5 converts), G in s1 s4 s5 (all).
        Assert.Equal((4, 2, 0.5), (Point(report, "A").Goal!.Sessions, Point(report, "A").Goal!.Conversions, Point(report, "A").Goal!.ConversionRate));
        Assert.Equal((4, 3, 0.75), (Point(report, "B").Goal!.Sessions, Point(report, "B").Goal!.Conversions, Point(report, "B").Goal!.ConversionRate));
        Assert.Equal((2, 1, 0.5), (Point(report, "C").Goal!.Sessions, Point(report, "C").Goal!.Conversions, Point(report, "C").Goal!.ConversionRate));
        Assert.Equal((3, 3, 1.0), (Point(report, "G").Goal!.Sessions, Point(report, "G").Goal!.Conversions, Point(report, "G").Goal!.ConversionRate));
        Assert.True(Point(report, "G").IsGoal);
        Assert.False(Point(report, "A").IsGoal);
        // The goal page is never friction: no exits, score 0, no chokepoint. C (1 exit in 2) and B (1 in 4) are.
        Assert.False(Point(report, "G").IsChokepoint);
        Assert.Equal(0.0, Point(report, "G").Score);
        Assert.Equal((3, 5, 0.6), (report.Goals!.Converted, report.Goals.Sessions, report.Goals.ConversionRate));
    }

    [Fact]
    public void The_model_conversion_equals_the_observed_one()
    {
        var report = Analyze();
        Assert.Equal(3.0 / 5, report.Goals!.ModelConversionRate, 1e-15);
    }

    [Fact]
    public void The_projected_gain_is_the_hand_solved_rise_in_conversion()
    {
        var report = Analyze();
        // B (reduction 0.1): P'(B, EXIT) = 0.9/4, P'(B, GOAL) = 3/4 · (1 + 0.1 · (1/4)/(3/4)) = 31/40, so c'(B) = 31/40.
        // Nothing comes back to B, and a session reaches B with probability 4/5 · 3/4 + 1/5 = 4/5 (from A: h = 3/5 + 2/5 · 1/2 · h,
        // h = 3/4). Gain = 4/5 · (31/40 - 30/40) = 1/50 per session: 20 per 1,000, 5 · 1/50 = 0.1 conversions.
        Assert.Equal(20, Point(report, "B").Goal!.ProjectedGain, 1e-9);
        Assert.Equal(0.1, Point(report, "B").Goal!.ProjectedConversions, 1e-12);
        // C: α = 0.1 · (1/2)/(1/2), P'(C, A) = 0.55. Solved directly: c'(A) = 9/20 + 2/5 · 0.55 c'(A), c'(A) = 0.45/0.78 = 15/26;
        // model' = 4/5 · 15/26 + 1/5 · 3/4 = 159/260 against 156/260: the gain is 3/260 per session.
        Assert.Equal(3000.0 / 260, Point(report, "C").Goal!.ProjectedGain, 1e-9);
        Assert.Equal(15.0 / 260, Point(report, "C").Goal!.ProjectedConversions, 1e-12);
        // A has no exits, G is the goal: nothing to gain.
        Assert.Equal((0.0, 0.0), (Point(report, "A").Goal!.ProjectedGain, Point(report, "G").Goal!.ProjectedGain));
    }

    [Fact]
    public void The_gain_follows_the_reduction()
    {
        // Reduction 1/2 at B: P'(B, EXIT) = 1/8, P'(B, GOAL) = 3/4 · (1 + (1/2)(1/4)/(3/4)) = 7/8; gain = 4/5 · 1/8 = 1/10.
        Assert.Equal(100, Point(Analyze(0.5), "B").Goal!.ProjectedGain, 1e-9);
        // Reduction 1: no one ends at B, c'(B) = 1, gain = 4/5 · 1/4 = 1/5.
        Assert.Equal(200, Point(Analyze(1), "B").Goal!.ProjectedGain, 1e-9);
    }

    [Fact]
    public void A_goal_event_converts_like_a_goal_page()
    {
        // Goal event "View", the event of every step: each session converts at its first step, so its sequence is just
        // GOAL: π(GOAL) = 1, conversion 1, no exits anywhere and nothing to gain.
        var report = Analyze(goals: new GoalSet([], ["View"]));
        Assert.Equal((5, 1.0, 1.0), (report.Goals!.Converted, report.Goals.ConversionRate, report.Goals.ModelConversionRate));
        Assert.All(report.Points, p => Assert.Equal((0, true, 0.0), (p.Exits, p.IsGoal, p.Goal!.ProjectedGain)));
    }

    [Fact]
    public void A_pair_seen_only_after_a_conversion_is_no_state_and_gains_nothing()
    {
        // s6 u6: A G X. X comes after the conversion: it is in no sequence, so the chain is unchanged (π now over 6
        // sessions: A 5/6, B 1/6; c(A) = 3/5 · 3/4 + 2/5 · c(C) with C now seen in s3 and s5 as before, but A also starts s6,
        // whose next step G is GOAL: A -> B 3, A -> C 2, A -> GOAL 1, so c(A) = 3/6 · 3/4 + 2/6 · c(A)/2 + 1/6, c(A) = 13/20).
        // Model conversion = 5/6 · 13/20 + 1/6 · 3/4 = 4/6, the observed 4 converting sessions in 6.
        var set = Sessionizer.Build(SessionCsv.Events([.. FiveSessions, ("s6", "u6", "A G X")]));
        var report = FrictionAnalyzer.Analyze(set, Enumerable.Repeat(1.0, set.Events.Pages.Count).ToArray(), new FrictionOptions(),
            new AggregationKey(SessionOptions.Default.Gap, new GoalSet(["G"], [])));
        var x = Point(report, "X");
        Assert.Equal((0, 1, 1, 0.0), (x.Exits, x.Goal!.Sessions, x.Goal.Conversions, x.Goal.ProjectedGain));
        Assert.Equal(4.0 / 6, report.Goals!.ModelConversionRate, 1e-15);
    }

    [Fact]
    public void Without_goals_no_pair_has_goal_numbers()
    {
        var set = Sessionizer.Build(SessionCsv.Events(FiveSessions));
        var report = FrictionAnalyzer.Analyze(set, Enumerable.Repeat(0.5, set.Events.Pages.Count).ToArray(), new FrictionOptions());
        Assert.Null(report.Goals);
        Assert.All(report.Points, p => Assert.Null(p.Goal));
        // Without goals G's three visits all end a session: exit rate 1. The cautious score is exit_rate_low x betweenness (0.5).
        var g = Point(report, "G");
        Assert.Equal((1.0, 0.5), (g.ExitRate, g.Score));
        Assert.Equal(g.ExitRateLow * 0.5, g.ScoreLow);
        Assert.True(g.ExitRateLow is > 0.4 and < 0.5, $"{g.ExitRateLow}"); // 3 of 3: Wilson low = 3/(3 + z²) = 0.4385
    }

    [Fact]
    public void Minimum_support_keeps_rarely_seen_pairs_out_of_the_chokepoints()
    {
        // Non-zero scores: B 1/4, C 1/2. 90th percentile of {1/4, 1/2} = 1/4 + 0.9 · 1/4 = 0.475: C is the chokepoint.
        var all = Analyze();
        Assert.Equal(["C"], all.Chokepoints.Select(p => p.Page));
        // With a minimum support of 3, C (seen twice) is left out: the threshold is over {1/4} alone, and B is the chokepoint.
        var supported = Analyze(minSupport: 3);
        Assert.Equal(["B"], supported.Chokepoints.Select(p => p.Page));
        Assert.Equal(0.25, supported.ChokepointThreshold);
        Assert.Equal(3, supported.MinSupport);
    }

    [Fact]
    public void Every_exit_rate_carries_its_wilson_interval_and_cautious_score()
    {
        var report = Analyze();
        // C: 1 exit in 2. p = 1/2, z²/n = 1.920729..., centre = (1/2 + 0.960364...)/(2.920729...) = 1/2 exactly by symmetry;
        // half = z · sqrt(1/8 + z²/16) / (1 + z²/2) = 1.959964 · sqrt(0.125 + 0.2400912) / 2.9207294 = 1.1842646 / 2.9207294
        // = 0.4054688.
        var c = Point(report, "C");
        Assert.Equal(0.5 - 0.4054688, c.ExitRateLow, 1e-7);
        Assert.Equal(0.5 + 0.4054688, c.ExitRateHigh, 1e-7);
        Assert.Equal(c.ExitRateLow * 1.0, c.ScoreLow);
        Assert.True(c.FewObservations);
    }
}
