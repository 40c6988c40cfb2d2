namespace TeloMesh.Core.Friction;

/// <summary>
/// The 95 % Wilson score interval of a proportion (docs/metrics.md section 8): the range of exit rates that the observed
/// one would not reject at the 5 % level. It stays inside [0, 1] and is wide when there are few observations, which is
/// the point: a pair seen 3 times and one seen 30,000 times no longer look equally sure.
/// </summary>
public static class WilsonInterval
{
    /// <summary>The 97.5 % quantile of the standard normal distribution, as docs/metrics.md gives it.</summary>
    public const double Z = 1.959963984540054;

    /// <summary>Below this many occurrences a pair is marked "few observations" in every view.</summary>
    public const int FewObservations = 30;

    /// <summary>The interval of <paramref name="successes"/> out of <paramref name="n"/> (both 0 for no observations).</summary>
    public static (double Low, double High) Of(int successes, int n)
    {
        if (n <= 0) return (0, 0);
        var p = (double)successes / n;
        const double z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
