using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Comparison;

/// <summary>
/// A comparison from start to end for every source (docs/metrics.md section 9): the source counts both slices (in
/// memory, or in ClickHouse where only the counts come back), a slice without sessions is a mistake that says where the
/// sessions are, and <see cref="Comparator"/> tests the counts. The command line and the dashboard both call this.
/// </summary>
public static class Comparisons
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Slices <paramref name="a"/> and <paramref name="b"/> of one dataset, its sessions made by the rules (gap, goals) of <paramref name="key"/>.</summary>
    /// <param name="sameSessions">Aggregates of the source with the same gap, whose sessions may be counted (see <see cref="IJourneySource.CountSlicesAsync"/>).</param>
    public static async Task<ComparisonResult> CompareSlicesAsync(IJourneySource source, AggregationKey key, Slice a, Slice b,
        int minSupport = Comparator.DefaultMinSupport, JourneyAggregates? sameSessions = null, CancellationToken cancellationToken = default)
    {
        var counted = await source.CountSlicesAsync(key, a, b, sameSessions, cancellationToken).ConfigureAwait(false);
        return Compare(counted, a, b, !key.Goals.IsEmpty, minSupport);
    }

    /// <summary>Slices <paramref name="a"/> and <paramref name="b"/> as counted: a slice without sessions is an <see cref="InvalidInputException"/>.</summary>
    public static ComparisonResult Compare(SlicePair counted, Slice a, Slice b, bool withGoals, int minSupport = Comparator.DefaultMinSupport)
    {
        Require(counted.A, a, "A", counted);
        Require(counted.B, b, "B", counted);
        return Comparator.Compare(counted.A, counted.B, a.ToString(), b.ToString(), withGoals, minSupport) with { Overlap = counted.Both };
    }

    /// <summary>Every session of dataset <paramref name="a"/> (the baseline) against every session of dataset <paramref name="b"/>, counted the same way (gap, rules, goals).</summary>
    public static async Task<ComparisonResult> CompareDatasetsAsync(DatasetSide a, DatasetSide b, int minSupport = Comparator.DefaultMinSupport,
        CancellationToken cancellationToken = default)
    {
        if (a.Key.Goals != b.Key.Goals || a.Key.SessionGap != b.Key.SessionGap || a.Key.PageRules != b.Key.PageRules)
            throw new ArgumentException("Both datasets of a comparison must be counted the same way: session gap, grouping rules and goals.", nameof(b));
        var countA = a.Source.CountSlicesAsync(a.Key, Slice.All, Slice.All, a.SameSessions, cancellationToken);
        var countB = b.Source.CountSlicesAsync(b.Key, Slice.All, Slice.All, b.SameSessions, cancellationToken);
        await Task.WhenAll(countA, countB).ConfigureAwait(false);
        return Comparator.Compare((await countA.ConfigureAwait(false)).A, (await countB.ConfigureAwait(false)).A, $"dataset '{a.Name}'",
            $"dataset '{b.Name}'", !a.Key.Goals.IsEmpty, minSupport);
    }

    /// <summary>A slice without sessions is a mistake in its bounds: say where the sessions are.</summary>
    private static void Require(SliceCounts counts, Slice slice, string name, SlicePair counted)
    {
        if (counts.Sessions > 0) return;
        var span = counted.FirstStart is { } first && counted.LastStart is { } last
            ? $"The dataset's sessions start between {first.ToString("u", C)} and {last.ToString("u", C)}."
            : "The dataset has no sessions.";
        throw new InvalidInputException($"Slice {name} ({slice}) has no sessions. {span}");
    }
}

/// <summary>One dataset of a comparison of two: its source, how its sessions are made (gap, goals), its name and, if any, aggregates whose sessions may be counted.</summary>
public sealed record DatasetSide(IJourneySource Source, AggregationKey Key, string Name, JourneyAggregates? SameSessions = null);
