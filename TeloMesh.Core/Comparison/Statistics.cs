namespace TeloMesh.Core.Comparison;

/// <summary>
/// The statistics of a comparison (docs/metrics.md section 9): the complementary error function, the pooled
/// two-proportion z-test and Benjamini-Hochberg q-values.
/// </summary>
public static class Statistics
{
    /// <summary>
    /// erfc(x) to about 1e-14 relative. Below 2 it is 1 - erf(x), erf from its series
    /// 2/√π · e^(-x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), all of whose terms are positive (erfc is at least 0.0047 there,
    /// so the subtraction loses under three digits); from 2 on, Lentz's evaluation of the continued fraction
    /// e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). Negative x: 2 - erfc(-x).
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2 - Erfc(-x);
        if (x < 2)
        {
            double term = x, sum = x;
            for (var n = 1; n < 200 && term > sum * 1e-17; n++)
            {
                term *= 2 * x * x / (2 * n + 1);
                sum += term;
            }
            return 1 - 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * sum;
        }
        if (x > 28) return 0; // e^(-784) is below the smallest double
        // Lentz: f = b0 + a1/(b1 + a2/(b2 + ...)) with b = x and a_k = k/2.
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 10_000; k++)
        {
            var a = k / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        // Past x = 26.6 the result is a subnormal double, with fewer digits, but still above 0 (a p-value of 1e-320).
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }

    /// <summary>
    /// The pooled two-proportion z-test of <paramref name="kA"/>/<paramref name="nA"/> against
    /// <paramref name="kB"/>/<paramref name="nB"/>: p̂ = (k_A + k_B)/(n_A + n_B), se = sqrt(p̂(1 - p̂)(1/n_A + 1/n_B)),
    /// z = (k_B/n_B - k_A/n_A)/se, two-sided p = erfc(|z|/√2); z = 0 and p = 1 when se = 0.
    /// </summary>
    public static (double Z, double P) TwoProportion(long kA, long nA, long kB, long nB)
    {
        var pooled = (double)(kA + kB) / (nA + nB);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        if (se == 0 || double.IsNaN(se)) return (0, 1);
        var z = ((double)kB / nB - (double)kA / nA) / se;
        return (z, Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>
    /// Benjamini-Hochberg q-values of <paramref name="p"/> (same order): with the p-values ranked 1..m ascending,
    /// q of rank i = min over ranks j ≥ i of p_j · m / j, at most 1.
    /// </summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> p)
    {
        var m = p.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ThenBy(i => i).ToArray();
        var q = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var i = order[rank - 1];
            running = Math.Min(running, p[i] * m / rank);
            q[i] = running;
        }
        return q;
    }
}
