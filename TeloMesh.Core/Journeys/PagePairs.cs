namespace TeloMesh.Core.Journeys;

/// <summary>
/// A (from page, to page) of consecutive steps (docs/metrics.md section 10): its transitions (every event), the distinct
/// sessions with it, and the time between the two steps of each transition. Page ids index <see cref="JourneyAggregates.Pages"/>.
/// </summary>
public sealed record PagePairCount(int From, int To, int Transitions, int Sessions, GapHistogram Gaps);

/// <summary>
/// A ping-pong <c>a -> b -> a</c> in three consecutive steps, a ≠ b (docs/metrics.md section 10): the distinct sessions with
/// one and how many there are in all. <see cref="Page"/> is a, <see cref="Other"/> is b.
/// </summary>
public readonly record struct LoopCount(int Page, int Other, int Sessions, int Occurrences);

/// <summary>
/// Time gaps as distinct values with their counts, in ascending order: exact medians and percentiles from counts that
/// add up (over the shards of a table, say), without keeping every gap.
/// </summary>
public sealed class GapHistogram
{
    private readonly long[] _ticks;
    private readonly int[] _counts;

    private GapHistogram(long[] ticks, int[] counts)
    {
        _ticks = ticks;
        _counts = counts;
        foreach (var c in counts) Count += c;
    }

    /// <summary>No gaps.</summary>
    public static GapHistogram Empty { get; } = new([], []);

    /// <summary>How many gaps.</summary>
    public int Count { get; }

    /// <summary>The distinct values (ticks) with their counts, ascending.</summary>
    public IEnumerable<(long Ticks, int Count)> Values => _ticks.Zip(_counts);

    /// <summary>The histogram of <paramref name="gaps"/> (sorted in place).</summary>
    public static GapHistogram Of(List<long> gaps)
    {
        gaps.Sort();
        var ticks = new List<long>();
        var counts = new List<int>();
        foreach (var g in gaps)
        {
            if (ticks.Count > 0 && ticks[^1] == g) counts[^1]++;
            else
            {
                ticks.Add(g);
                counts.Add(1);
            }
        }
        return new GapHistogram([.. ticks], [.. counts]);
    }

    /// <summary>The histogram of (value, count) pairs in any order, repeated values added up.</summary>
    public static GapHistogram Of(IEnumerable<(long Ticks, int Count)> values)
    {
        var summed = new SortedDictionary<long, int>();
        foreach (var (t, c) in values) summed[t] = summed.GetValueOrDefault(t) + c;
        return new GapHistogram([.. summed.Keys], [.. summed.Values]);
    }

    /// <summary>The value of 0-based rank <paramref name="rank"/> in ascending order.</summary>
    public long At(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, Count);
        var seen = 0;
        for (var i = 0; ; i++)
        {
            seen += _counts[i];
            if (rank < seen) return _ticks[i];
        }
    }

    /// <summary>The middle value in seconds, the mean of the two middle ones for an even count; NaN without gaps.</summary>
    public double MedianSeconds => Count == 0 ? double.NaN
        : Count % 2 == 1 ? Seconds(At(Count / 2))
        : (At(Count / 2 - 1) + At(Count / 2)) / 2.0 / TimeSpan.TicksPerSecond;

    /// <summary>
    /// The 95th percentile in seconds by nearest rank: sorted v, v[ceil(0.95 n) - 1], with the ceiling taken in integers
    /// (0.95 x 20 is 19.000000000000004 in floating point, whose ceiling would be 20); NaN without gaps.
    /// </summary>
    public double P95Seconds => Count == 0 ? double.NaN : Seconds(At((int)((95L * Count + 99) / 100) - 1));

    private static double Seconds(long ticks) => (double)ticks / TimeSpan.TicksPerSecond;
}
