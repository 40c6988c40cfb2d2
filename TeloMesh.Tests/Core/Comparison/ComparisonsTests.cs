using TeloMesh.Core.Comparison;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Tests.Core.Comparison;

/// <summary>
/// A comparison from start to end in memory (docs/metrics.md section 9): what each slice counts, the sessions both hold,
/// and the mistakes a slice or a pair of datasets can make. Four sessions one minute a step from 2025-01-01 00:00 UTC:
/// s0 H G (starts 00:00, converts), s1 H X (00:02), s2 H G (00:04, converts), s3 H (00:06); the goal is page G.
/// </summary>
public class ComparisonsTests
{
    private static readonly EventTable Events = SessionCsv.Events(("s0", "u", "H G"), ("s1", "u", "H X"), ("s2", "v", "H G"), ("s3", "w", "H"));

    private static readonly AggregationKey Key = new(TimeSpan.FromMinutes(30), new GoalSet(["G"], []));

    private static DateTime At(int minute) => new DateTime(2025, 1, 1, 0, minute, 0, DateTimeKind.Utc);

    private static Task<ComparisonResult> Compare(Slice a, Slice b) =>
        Comparisons.CompareSlicesAsync(new EventTableSource(Events), Key, a, b);

    [Fact]
    public async Task Each_slice_counts_the_sessions_that_start_in_it_and_their_conversions()
    {
        // [00:00, 00:03): s0 and s1, one converts; [00:03, end): s2 and s3, one converts. Disjoint: no session in both.
        var result = await Compare(new Slice(To: At(3)), new Slice(At(3)));
        Assert.Equal((2L, 1L, 2L, 1L), (result.A.Sessions, result.A.Converted, result.B.Sessions, result.B.Converted));
        Assert.Equal(("the start to 2025-01-01 00:03", "2025-01-01 00:03 to the end"), (result.A.Description, result.B.Description));
        Assert.Equal(0, result.Overlap);
        Assert.True(result.WithGoals);
    }

    [Fact]
    public async Task Slices_may_overlap_and_the_overlap_is_counted()
    {
        // All four against those from 00:03: s2 and s3 are in both.
        var result = await Compare(Slice.All, new Slice(At(3)));
        Assert.Equal((4L, 2L, 2L), (result.A.Sessions, result.B.Sessions, result.Overlap));
    }

    [Fact]
    public async Task A_slice_without_sessions_says_where_the_sessions_are()
    {
        var year = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var a = await Assert.ThrowsAsync<InvalidInputException>(() => Compare(new Slice(year), Slice.All));
        Assert.Equal("Slice A (2026-01-01 to the end) has no sessions. " +
            "The dataset's sessions start between 2025-01-01 00:00:00Z and 2025-01-01 00:06:00Z.", a.Message);
        // A window holds the sessions that start before its end: one ending at the first start holds none (a midnight is written as the date).
        var b = await Assert.ThrowsAsync<InvalidInputException>(() => Compare(Slice.All, new Slice(To: At(0))));
        Assert.StartsWith("Slice B (the start to 2025-01-01) has no sessions.", b.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_datasets_compare_all_their_sessions_counted_the_same_way()
    {
        var other = new EventTableSource(SessionCsv.Events(("t0", "x", "H X"), ("t1", "y", "H G")));
        var result = await Comparisons.CompareDatasetsAsync(new DatasetSide(new EventTableSource(Events), Key, "before"),
            new DatasetSide(other, Key, "after"));
        Assert.Equal(("dataset 'before'", 4L, 2L), (result.A.Description, result.A.Sessions, result.A.Converted));
        Assert.Equal(("dataset 'after'", 2L, 1L), (result.B.Description, result.B.Sessions, result.B.Converted));
        Assert.Equal((0L, true), (result.Overlap, result.WithGoals));
        var different = await Assert.ThrowsAsync<ArgumentException>(() => Comparisons.CompareDatasetsAsync(new DatasetSide(new EventTableSource(Events), Key, "before"),
            new DatasetSide(other, Key with { Goals = new GoalSet(["X"], []) }, "after")));
        Assert.StartsWith("Both datasets of a comparison must be counted the same way: session gap, grouping rules and goals.", different.Message, StringComparison.Ordinal);
        // Another gap or other grouping rules are refused the same way: sessions and pages would not mean the same on both sides.
        await Assert.ThrowsAsync<ArgumentException>(() => Comparisons.CompareDatasetsAsync(new DatasetSide(new EventTableSource(Events), Key, "before"),
            new DatasetSide(other, Key with { SessionGap = TimeSpan.FromMinutes(5) }, "after")));
        await Assert.ThrowsAsync<ArgumentException>(() => Comparisons.CompareDatasetsAsync(new DatasetSide(new EventTableSource(Events), Key, "before"),
            new DatasetSide(other, Key with { PageRules = TeloMesh.Core.Grouping.PageRules.Parse("X => Y") }, "after")));
        // Without goals there is no conversion to compare.
        var plain = Key with { Goals = GoalSet.None };
        Assert.False((await Comparisons.CompareDatasetsAsync(new DatasetSide(new EventTableSource(Events), plain, "before"),
            new DatasetSide(other, plain, "after"))).WithGoals);
    }
}
