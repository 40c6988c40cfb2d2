using System.Globalization;

namespace TeloMesh.Tests;

/// <summary>
/// docs/metrics.md's formulas written out once more, independently of the product's code, for tests whose expected
/// values follow from a definition rather than from a hand calculation on every row.
/// </summary>
internal static class SpecFormulas
{
    /// <summary>Section 8: the 95 % Wilson score interval of <paramref name="exits"/> out of <paramref name="n"/>, step by step.</summary>
    public static (double Low, double High) Wilson(int exits, int n)
    {
        const double z = 1.959963984540054;
        double p = (double)exits / n;
        double centre = (p + z * z / (2.0 * n)) / (1 + z * z / n);
        double half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>The three interval cells of an <c>event_chokepoints.csv</c> row: exit_rate_low, exit_rate_high, score_low.</summary>
    public static string IntervalCells(int exits, int n, double betweenness)
    {
        var (low, high) = Wilson(exits, n);
        return string.Join(",", new[] { low, high, low * betweenness }.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }
}
