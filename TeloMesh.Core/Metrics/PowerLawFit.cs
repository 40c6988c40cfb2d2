namespace TeloMesh.Core.Metrics;

/// <summary>
/// A discrete power-law fit of the pages' degrees (docs/metrics.md section 14), as Clauset, Shalizi and Newman (2009)
/// describe it: for each candidate x_min the exponent α that maximises the likelihood of the values at or above it, the x_min
/// whose fit is closest to the data (Kolmogorov-Smirnov distance D), and a goodness-of-fit p-value: the share of
/// <see cref="Bootstraps"/> synthetic data sets (the tail drawn from the fitted law, the rest from the data below x_min) whose
/// own best fit is at least as far from them. Below 0.1 the power law is ruled out.
/// </summary>
/// <param name="Alpha">The exponent: P(x) ∝ x^-α for x ≥ x_min.</param>
/// <param name="XMin">Where the power-law tail starts.</param>
/// <param name="TailSize">Values at or above <see cref="XMin"/>.</param>
/// <param name="Distance">The KS distance between the tail and the fitted law.</param>
/// <param name="PValue">The share of synthetic data sets fitting worse (higher is more plausible).</param>
public sealed record PowerLawFit(double Alpha, int XMin, int TailSize, double Distance, double PValue, int Bootstraps)
{
    /// <summary>The p-value below which the power law is ruled out (Clauset, Shalizi and Newman's rule).</summary>
    public const double Plausible = 0.1;

    /// <summary>Fewer values than this: no fit is tried.</summary>
    public const int MinValues = 20;

    /// <summary>Whether the data are consistent with a power law.</summary>
    public bool IsPowerLaw => PValue >= Plausible;

    /// <summary>
    /// The fit of <paramref name="values"/> (positive integers; others are left out); null with fewer than
    /// <see cref="MinValues"/> values or fewer than three distinct ones. A tail holds at least a tenth of the values (and ten),
    /// so a fit to a handful of the largest says something about the graph. The synthetic data sets come from a random
    /// generator seeded with <paramref name="seed"/>, so the p-value is the same on every run.
    /// </summary>
    public static PowerLawFit? Fit(IReadOnlyList<int> values, int bootstraps = 200, int seed = 1)
    {
        var data = values.Where(v => v > 0).Order().ToArray();
        if (data.Length < MinValues || data.Distinct().Count() < 3) return null;
        var best = BestFit(data);
        if (best is not { } fit) return null;
        var random = new Random(seed);
        var below = data.Where(v => v < fit.XMin).ToArray();
        var tailShare = (double)fit.TailSize / data.Length;
        // The data sets are drawn in order from the one generator, then fitted on every core: the same p on every run.
        var sets = new int[bootstraps][];
        for (var b = 0; b < bootstraps; b++)
        {
            var synthetic = new int[data.Length];
            for (var i = 0; i < synthetic.Length; i++)
                synthetic[i] = below.Length == 0 || random.NextDouble() < tailShare ? Draw(random, fit.Alpha, fit.XMin) : below[random.Next(below.Length)];
            sets[b] = synthetic;
        }
        var worse = 0;
        Parallel.For(0, bootstraps, b =>
        {
            Array.Sort(sets[b]);
            if (BestFit(sets[b]) is { } own && own.Distance >= fit.Distance) Interlocked.Increment(ref worse);
        });
        return new PowerLawFit(fit.Alpha, fit.XMin, fit.TailSize, fit.Distance, bootstraps == 0 ? double.NaN : (double)worse / bootstraps, bootstraps);
    }

    /// <summary>At most this many x_min are tried, evenly spread over the candidates, so a graph of thousands of pages fits in about a second.</summary>
    public const int MaxCandidates = 50;

    /// <summary>
    /// Over the candidate x_min (distinct values leaving a large enough tail; at most <see cref="MaxCandidates"/>, evenly
    /// spread): the maximum-likelihood α and the smallest KS distance.
    /// </summary>
    private static (double Alpha, int XMin, int TailSize, double Distance)? BestFit(int[] sorted)
    {
        (double Alpha, int XMin, int TailSize, double Distance)? best = null;
        foreach (var xmin in Candidates(sorted))
        {
            var start = Array.IndexOf(sorted, xmin);
            var n = sorted.Length - start;
            var tail = new ArraySegment<int>(sorted, start, n);
            var alpha = MaximumLikelihood(tail, xmin);
            var distance = KsDistance(tail, xmin, alpha);
            if (best is null || distance < best.Value.Distance) best = (alpha, xmin, n, distance);
        }
        return best;
    }

    /// <summary>
    /// The x_min tried on <paramref name="sorted"/> (ascending): each distinct value that leaves a tail of at least a tenth of
    /// the values (and at least 10); above <see cref="MaxCandidates"/>, that many of them evenly spread, first and last kept.
    /// </summary>
    internal static int[] Candidates(int[] sorted)
    {
        var minTail = Math.Max(10, sorted.Length / 10);
        var candidates = sorted.Distinct().Where(x => sorted.Length - Array.IndexOf(sorted, x) >= minTail).ToArray();
        return candidates.Length <= MaxCandidates ? candidates
            : [.. Enumerable.Range(0, MaxCandidates).Select(i => candidates[(int)((long)i * (candidates.Length - 1) / (MaxCandidates - 1))]).Distinct()];
    }

    /// <summary>α maximising −n ln ζ(α, x_min) − α Σ ln x, by golden-section search on [1.01, 10].</summary>
    internal static double MaximumLikelihood(IReadOnlyList<int> tail, int xmin)
    {
        var sumLog = tail.Sum(x => Math.Log(x));
        double LogLikelihood(double a) => -tail.Count * Math.Log(HurwitzZeta(a, xmin)) - a * sumLog;
        double lo = 1.01, hi = 10;
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double c = hi - ratio * (hi - lo), d = lo + ratio * (hi - lo);
        double fc = LogLikelihood(c), fd = LogLikelihood(d);
        for (var i = 0; i < 80; i++)
        {
            if (fc > fd)
            {
                hi = d;
                d = c;
                fd = fc;
                c = hi - ratio * (hi - lo);
                fc = LogLikelihood(c);
            }
            else
            {
                lo = c;
                c = d;
                fc = fd;
                d = lo + ratio * (hi - lo);
                fd = LogLikelihood(d);
            }
        }
        return (lo + hi) / 2;
    }

    /// <summary>max over the tail's values x of |S(x) − P(x)|, with P(x) = 1 − ζ(α, x + 1) / ζ(α, x_min) and S the tail's own share ≤ x.</summary>
    internal static double KsDistance(IReadOnlyList<int> sortedTail, int xmin, double alpha)
    {
        var norm = HurwitzZeta(alpha, xmin);
        var n = sortedTail.Count;
        var distance = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (i + 1 < n && sortedTail[i + 1] == sortedTail[i]) continue; // the last of equal values carries the step
            var empirical = (i + 1.0) / n;
            var model = 1 - HurwitzZeta(alpha, sortedTail[i] + 1) / norm;
            distance = Math.Max(distance, Math.Abs(empirical - model));
        }
        return distance;
    }

    /// <summary>
    /// A value of the discrete power law (α, x_min) by Clauset, Shalizi and Newman's approximation (their appendix D):
    /// x = ⌊(x_min − ½)(1 − u)^(−1/(α − 1)) + ½⌋, fast enough for the bootstrap's thousands of values.
    /// </summary>
    internal static int Draw(Random random, double alpha, int xmin)
    {
        var x = Math.Floor((xmin - 0.5) * Math.Pow(1 - random.NextDouble(), -1 / (alpha - 1)) + 0.5);
        return x >= int.MaxValue ? int.MaxValue : Math.Max(xmin, (int)x);
    }

    /// <summary>The Hurwitz zeta function ζ(s, q) = Σ_{k≥0} (q + k)^-s for s &gt; 1, q &gt; 0: ten terms, then Euler-Maclaurin.</summary>
    public static double HurwitzZeta(double s, double q)
    {
        const int N = 10;
        var sum = 0.0;
        for (var k = 0; k < N; k++) sum += Math.Pow(q + k, -s);
        var a = q + N;
        sum += Math.Pow(a, 1 - s) / (s - 1) + Math.Pow(a, -s) / 2;
        // Σ B_2j / (2j)! · s (s + 1) ... (s + 2j − 2) · a^(−s − 2j + 1), j = 1..4.
        double[] bernoulli = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30];
        var factor = s / a; // s · a^(−1), times a^(−s) below
        var term = Math.Pow(a, -s) * factor;
        var factorial = 2.0;
        for (var j = 1; j <= bernoulli.Length; j++)
        {
            sum += bernoulli[j - 1] / factorial * term;
            // next: · (s + 2j − 1)(s + 2j) / a², and (2j + 2)! = (2j)! (2j + 1)(2j + 2)
            term *= (s + 2 * j - 1) * (s + 2 * j) / (a * a);
            factorial *= (2 * j + 1) * (2 * j + 2);
        }
        return sum;
    }
}
