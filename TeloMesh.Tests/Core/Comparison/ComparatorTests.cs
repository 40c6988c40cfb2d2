using TeloMesh.Core.Comparison;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Comparison;

/// <summary>
/// docs/metrics.md section 9 on sessions small enough to count by hand. SessionCsv writes every step one minute after the
/// previous one from 2025-01-01 00:00 UTC, so the sessions listed first fall in an earlier window than the rest.
/// </summary>
public class ComparatorTests
{
    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ComparisonResult Compare(int minSupport, int stepsInA, GoalSet goals, params (string, string, string)[] sessions)
    {
        var set = Sessionizer.Build(SessionCsv.Events(sessions));
        var a = new Slice(Start, Start.AddMinutes(stepsInA));
        var b = new Slice(Start.AddMinutes(stepsInA), null);
        return Comparator.Compare(SliceCounts.Count(set, goals, a.Members(set)), SliceCounts.Count(set, goals, b.Members(set)), a.ToString(),
            b.ToString(), !goals.IsEmpty, minSupport);
    }

    /// <summary>
    /// A (9 steps): a1 H P G, a2 H P, a3 H X, a4 H P. B: b1 H P, b2 H X, b3 H X, b4 H P G. Goal page G, minimum support 2.
    /// <list type="bullet">
    /// <item>exit (H): 0 of 4 in both: se = 0, z = 0, p = 1. exit (P): A 2 of 3 (a2, a4), B 1 of 2 (b1): p̂ = 3/5,
    /// se = sqrt(0.24 · (1/3 + 1/2)) = sqrt(0.2), z = (1/2 - 2/3)/0.4472136 = -0.3726780, p = erfc(0.2635231) = 0.7093881.</item>
    /// <item>conversion (H): 1 of 4 in both: z = 0, p = 1. (P): A 1 of 3, B 1 of 2: z = +0.3726780, p = 0.7093881.</item>
    /// <item>transition H -> P: A 3 of H's 4 transitions out, B 2 of 4: p̂ = 5/8, se = sqrt(15/64 · 1/2) = 0.3423266,
    /// z = -0.25/0.3423266 = -0.7302967, p = 0.4652088; H -> X: 1 of 4 against 2 of 4, z = +0.7302967, same p.</item>
    /// <item>Hidden (n below 2 in a slice): exit and conversion of X (n_A = 1) and G (1 and 1), transition P -> G (P has 1
    /// transition out in each): 5.</item>
    /// </list>
    /// Six tests; every p·6/rank is at least 0.4652088 · 6/2 = 1.40, so every q is 1 and none is significant. Order by
    /// impact: H -> P and H -> X (|±1/4| · 4 = 1, destinations in order), then conversion (P) (|1/2 - 1/3| · 2 =
    /// 0.33333333333333337 in doubles) before exit (P) (|1/2 - 2/3| · 2 = 0.33333333333333326), then exit (H) before
    /// conversion (H) (impact 0, by kind).
    /// </summary>
    [Fact]
    public void Every_test_worked_by_hand()
    {
        var result = Compare(2, 9, new GoalSet(["G"], []),
            ("a1", "u1", "H P G"), ("a2", "u2", "H P"), ("a3", "u3", "H X"), ("a4", "u4", "H P"),
            ("b1", "u5", "H P"), ("b2", "u6", "H X"), ("b3", "u7", "H X"), ("b4", "u8", "H P G"));
        Assert.Equal(
            [(ChangeKind.Transition, "H", "", "P"), (ChangeKind.Transition, "H", "", "X"), (ChangeKind.Conversion, "P", "View", ""),
             (ChangeKind.Exit, "P", "View", ""), (ChangeKind.Exit, "H", "View", ""), (ChangeKind.Conversion, "H", "View", "")],
            result.Changes.Select(c => (c.Kind, c.Page, c.Event, c.ToPage)));
        var exitP = result.Changes.Single(c => c.Kind == ChangeKind.Exit && c.Page == "P");
        Assert.Equal((2L, 3L, 1L, 2L), (exitP.CountA, exitP.TotalA, exitP.CountB, exitP.TotalB));
        Assert.Equal(-0.3726780, exitP.Z, 1e-6);
        Assert.Equal(0.7093881, exitP.P, 1e-6);
        Assert.False(exitP.Worse); // its exit rate fell
        Assert.True(result.Changes.Single(c => c.Kind == ChangeKind.Conversion && c.Page == "P").Z > 0);
        var hp = result.Changes[0];
        Assert.Equal((3L, 4L, 2L, 4L), (hp.CountA, hp.TotalA, hp.CountB, hp.TotalB));
        Assert.Equal(-0.7302967, hp.Z, 1e-6);
        Assert.Equal(0.4652088, hp.P, 1e-6);
        Assert.All(result.Changes, c => Assert.Equal(1, c.Q));
        Assert.Equal((0.0, 1.0), (result.Changes[4].Z, result.Changes[4].P));
        Assert.Equal(5, result.Hidden);
        Assert.False(result.Changes[4].Worse); // an exit rate that did not move is not worse
        // With a minimum support of 4 only the tests with 4 observations in both slices are left: (H) exit and conversion,
        // H -> P and H -> X; the exit and conversion tests of P (3 and 2) are hidden too, so 5 + 2.
        var four = Compare(4, 9, new GoalSet(["G"], []),
            ("a1", "u1", "H P G"), ("a2", "u2", "H P"), ("a3", "u3", "H X"), ("a4", "u4", "H P"),
            ("b1", "u5", "H P"), ("b2", "u6", "H X"), ("b3", "u7", "H X"), ("b4", "u8", "H P G"));
        Assert.Equal((4, 7), (four.Changes.Count, four.Hidden));
        Assert.Equal((4L, 1L, 4L, 1L), (result.A.Sessions, result.A.Converted, result.B.Sessions, result.B.Converted));
    }

    /// <summary>
    /// 60 sessions in each slice: in A, 40 of "H P G" and 20 of "H P"; in B, 20 and 40. Exit (P): 20 of 60 against 40 of
    /// 60: p̂ = 1/2, se = sqrt(1/4 · 2/60) = 0.0912871, z = (2/3 - 1/3)/0.0912871 = 3.6514837, p = erfc(2.5819889) =
    /// 0.000260730. Conversion of sessions through H (and P): 40 of 60 against 20 of 60, z = -3.6514837, same p. The site
    /// conversion test is the same numbers. (H -> P and P -> G: every transition out of H goes to P, and out of P to G:
    /// 1 against 1, se = 0.)
    /// </summary>
    [Fact]
    public void Significant_changes_come_first_and_say_which_are_worse()
    {
        var sessions = new List<(string, string, string)>();
        for (var i = 0; i < 60; i++) sessions.Add(($"a{i:00}", $"u{i}", i < 40 ? "H P G" : "H P"));
        for (var i = 0; i < 60; i++) sessions.Add(($"b{i:00}", $"v{i}", i < 20 ? "H P G" : "H P"));
        var result = Compare(30, 40 * 3 + 20 * 2, new GoalSet(["G"], []), [.. sessions]);
        var exitP = result.Changes.Single(c => c.Kind == ChangeKind.Exit && c.Page == "P");
        Assert.Equal(3.6514837, exitP.Z, 1e-6);
        Assert.Equal(0.000260730, exitP.P, 1e-9);
        Assert.True(exitP.Significant);
        Assert.True(exitP.Worse);
        var conversionH = result.Changes.Single(c => c.Kind == ChangeKind.Conversion && c.Page == "H");
        Assert.True(conversionH.Worse);
        Assert.Equal(-3.6514837, conversionH.Z, 1e-6);
        // Significant first: the exit and the two conversions (impact 1/3 · 60 = 20 each, exit first by kind, then H before P).
        Assert.Equal([(ChangeKind.Exit, "P"), (ChangeKind.Conversion, "H"), (ChangeKind.Conversion, "P")],
            result.Changes.Take(3).Select(c => (c.Kind, c.Page)));
        Assert.Equal(-3.6514837, result.ConversionTest!.Value.Z, 1e-6);
        Assert.Equal((2.0 / 3, 1.0 / 3), (result.A.ConversionRate, result.B.ConversionRate));
    }

    [Fact]
    public void A_segment_column_or_value_that_does_not_exist_lists_what_there_is()
    {
        var set = Sessionizer.Build(TestFiles.Read("user_id,timestamp,page,event,platform\nu,2025-01-01T00:00:00Z,/a,view,web\nv,2025-01-01T00:00:00Z,/a,view,ios\n").Events);
        Assert.Equal([true, false], new Slice(Column: "platform", Value: "ios").Members(set).Select((m, s) => (m, set.Ids[s])).OrderBy(x => x.Item2).Select(x => x.m).Reverse());
        var noValue = Assert.Throws<InvalidInputException>(() => new Slice(Column: "platform", Value: "android").Members(set));
        Assert.Equal("The segment column 'platform' has no value 'android'. Its values: 'ios', 'web'.", noValue.Message);
        var noColumn = Assert.Throws<InvalidInputException>(() => new Slice(Column: "country", Value: "fr").Members(set));
        Assert.Equal("The events have no segment column 'country'. Their segment columns: platform.", noColumn.Message);
    }

    [Fact]
    public void The_csv_has_the_spec_columns_in_order()
    {
        var result = Compare(2, 9, new GoalSet(["G"], []),
            ("a1", "u1", "H P G"), ("a2", "u2", "H P"), ("a3", "u3", "H X"), ("a4", "u4", "H P"),
            ("b1", "u5", "H P"), ("b2", "u6", "H X"), ("b3", "u7", "H X"), ("b4", "u8", "H P G"));
        using var folder = new TestFiles.TempFolder();
        ComparisonCsv.Write(folder.File("comparison.csv"), result.Changes);
        var lines = File.ReadAllLines(folder.File("comparison.csv"));
        Assert.Equal("kind,page,event,to_page,count_a,total_a,count_b,total_b,rate_a,rate_b,difference,z,p,q,impact", lines[0]);
        // H -> P: 3 of 4, 2 of 4; rates 0.75 and 0.5, difference -0.25, impact 1.
        Assert.StartsWith("transition,H,,P,3,4,2,4,0.75,0.5,-0.25,-0.730296743340221", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1,1", lines[1], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length);
    }
}
