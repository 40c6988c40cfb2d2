using TeloMesh.Core.Metrics;

namespace TeloMesh.Tests.Core.Graph;

/// <summary>The power-law fit of docs/metrics.md section 14 against values whose answer is known.</summary>
public class PowerLawFitTests
{
    [Theory]
    // ζ(2) = π²/6, ζ(3) = Apéry's constant, ζ(2, 2) = π²/6 − 1, ζ(2.5) = 1.341487257250917...
    [InlineData(2.0, 1.0, 1.6449340668482264)]
    [InlineData(3.0, 1.0, 1.2020569031595942)]
    [InlineData(2.0, 2.0, 0.6449340668482264)]
    [InlineData(2.5, 1.0, 1.3414872572509171)]
    public void The_hurwitz_zeta_function_has_its_known_values(double s, double q, double expected) =>
        Assert.Equal(expected, PowerLawFit.HurwitzZeta(s, q), 10);

    /// <summary>
    /// 2,000 values drawn, by inverting the exact distribution written out here (p(x) = x^-2.5 / ζ(2.5), summed up to 10^6),
    /// from a discrete power law with α = 2.5 from 1: the fit finds α near 2.5, a small x_min, and does not rule it out.
    /// </summary>
    [Fact]
    public void Values_drawn_from_a_power_law_are_fitted_as_one()
    {
        const double Zeta25 = 1.3414872572509171;
        var random = new Random(42);
        var values = new int[2000];
        for (var i = 0; i < values.Length; i++)
        {
            var u = random.NextDouble();
            var x = 1;
            var cumulative = 1 / Zeta25;
            while (cumulative < u && x < 1_000_000) cumulative += Math.Pow(++x, -2.5) / Zeta25;
            values[i] = x;
        }
        var fit = PowerLawFit.Fit(values, bootstraps: 50)!;
        Assert.InRange(fit.Alpha, 2.4, 2.6);
        Assert.InRange(fit.XMin, 1, 3);
        Assert.True(fit.IsPowerLaw, $"p = {fit.PValue}");
    }

    /// <summary>Geometric values (each next one half as likely): their tail falls off far faster than any power law.</summary>
    [Fact]
    public void Geometric_values_are_not_a_power_law()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 2000).Select(_ =>
        {
            var x = 1;
            while (random.NextDouble() < 0.5) x++;
            return x;
        }).ToArray();
        var fit = PowerLawFit.Fit(values, bootstraps: 50)!;
        Assert.False(fit.IsPowerLaw, $"α {fit.Alpha}, x_min {fit.XMin}, p = {fit.PValue}");
    }

    [Fact]
    public void Too_few_values_or_too_few_distinct_ones_are_not_fitted()
    {
        Assert.Null(PowerLawFit.Fit([.. Enumerable.Range(1, PowerLawFit.MinValues - 1)]));
        Assert.Null(PowerLawFit.Fit([.. Enumerable.Repeat(3, 100), .. Enumerable.Repeat(4, 100)]));
    }

    /// <summary>The 2,000 values of <see cref="Values_drawn_from_a_power_law_are_fitted_as_one"/> and the geometric ones, sorted.</summary>
    public static TheoryData<string> Samples => ["power law", "geometric"];

    private static int[] Sample(string name)
    {
        var random = new Random(name == "geometric" ? 7 : 42);
        return [.. Enumerable.Range(0, 2000).Select(_ =>
        {
            var x = 1;
            if (name == "geometric")
                while (random.NextDouble() < 0.5) x++;
            else
            {
                var u = random.NextDouble();
                var cumulative = 1 / 1.3414872572509171;
                while (cumulative < u && x < 1_000_000) cumulative += Math.Pow(++x, -2.5) / 1.3414872572509171;
            }
            return x;
        }).Order()];
    }

    /// <summary>−n ln ζ(α, x_min) − α Σ ln x over the tail: the discrete power law's log-likelihood, from its definition.</summary>
    private static double LogLikelihood(int[] tail, int xmin, double alpha) =>
        -tail.Length * Math.Log(PowerLawFit.HurwitzZeta(alpha, xmin)) - alpha * tail.Sum(x => Math.Log(x));

    /// <summary>max over the tail's values of |S(x) − P(x)|: S the share of the tail at or below x, P(x) = 1 − ζ(α, x + 1) / ζ(α, x_min).</summary>
    private static double Distance(int[] tail, int xmin, double alpha) =>
        tail.Distinct().Max(x => Math.Abs((double)tail.Count(v => v <= x) / tail.Length
            - (1 - PowerLawFit.HurwitzZeta(alpha, x + 1) / PowerLawFit.HurwitzZeta(alpha, xmin))));

    /// <summary>The α of largest likelihood, by a grid of step 0.001 over [1.01, 10] (no search shared with the code under test).</summary>
    private static double GridAlpha(int[] tail, int xmin) =>
        Enumerable.Range(0, 8991).Select(i => 1.01 + i * 0.001).MaxBy(a => LogLikelihood(tail, xmin, a));

    /// <summary>
    /// Worked from the definitions (Clauset, Shalizi and Newman 2009): the fitted α maximises the tail's likelihood, the
    /// distance is the tail's KS distance from the fitted law, and every other x_min allowed (a tail of at least a tenth of
    /// the values and ten) fits with its own best α no closer.
    /// </summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void The_fit_is_the_maximum_likelihood_alpha_at_the_x_min_of_least_distance(string sample)
    {
        var values = Sample(sample);
        var fit = PowerLawFit.Fit(values, bootstraps: 0)!;
        var tail = values.Where(v => v >= fit.XMin).ToArray();
        Assert.Equal(tail.Length, fit.TailSize);
        Assert.Equal(GridAlpha(tail, fit.XMin), fit.Alpha, 0.001);
        Assert.Equal(Distance(tail, fit.XMin, fit.Alpha), fit.Distance, 12);
        var candidates = values.Distinct().Where(x => values.Count(v => v >= x) >= Math.Max(10, values.Length / 10)).ToList();
        Assert.Contains(fit.XMin, candidates);
        foreach (var xmin in candidates)
        {
            var own = values.Where(v => v >= xmin).ToArray();
            Assert.True(fit.Distance <= Distance(own, xmin, GridAlpha(own, xmin)) + 1e-4, $"x_min {xmin} fits closer than {fit.XMin}");
        }
    }

    [Fact]
    public void The_p_value_is_the_share_of_the_bootstraps_that_fit_no_better()
    {
        var values = Sample("power law");
        var fit = PowerLawFit.Fit(values, bootstraps: 40)!;
        Assert.Equal(40, fit.Bootstraps);
        Assert.InRange(fit.PValue, 0, 1);
        Assert.Equal(Math.Round(fit.PValue * 40), fit.PValue * 40, 9); // a count of 40
        Assert.Equal(fit.PValue, PowerLawFit.Fit(values, bootstraps: 40)!.PValue); // seeded: the same on every run
        Assert.True(double.IsNaN(PowerLawFit.Fit(values, bootstraps: 0)!.PValue));
        // Below 0.1 the power law is ruled out (docs/metrics.md section 14); 0.1 itself is not.
        Assert.True(fit with { PValue = PowerLawFit.Plausible } is { IsPowerLaw: true });
        Assert.True(fit with { PValue = 0.0999 } is { IsPowerLaw: false });
    }

    /// <summary>
    /// The bootstrap's draws (Clauset, Shalizi and Newman's approximation, x = ⌊(x_min − ½)(1 − u)^(−1/(α − 1)) + ½⌋): none
    /// below x_min; at x_min the approximation gives P(u &gt; ((x_min + ½)/(x_min − ½))^−(α − 1)) = 1 − 1.4^−1.5 = 0.396 for
    /// α 2.5 and x_min 3 (the exact law: 3^−2.5 / ζ(2.5, 3) = 0.389); and their tail has α near 2.5.
    /// </summary>
    [Fact]
    public void The_bootstraps_draw_from_the_fitted_law()
    {
        var random = new Random(3);
        var draws = Enumerable.Range(0, 20_000).Select(_ => PowerLawFit.Draw(random, 2.5, 3)).ToArray();
        Assert.Equal(3, draws.Min());
        Assert.InRange(draws.Count(x => x == 3) / 20_000.0, 0.396 - 0.015, 0.396 + 0.015);
        Assert.InRange(PowerLawFit.MaximumLikelihood(draws, 3), 2.4, 2.6);
    }

    /// <summary>
    /// 200 pages of degrees 1..200: a tail must keep 20 of them (a tenth), so x_min may be 1..181, 181 candidates, thinned
    /// to 50 at i x 180 / 49 (integer division): 1, 4 (180 / 49 = 3), 8 (360 / 49 = 7), ..., 181.
    /// </summary>
    [Fact]
    public void Many_candidates_are_thinned_to_fifty_evenly_spread_keeping_the_first_and_the_last()
    {
        var candidates = PowerLawFit.Candidates([.. Enumerable.Range(1, 200)]);
        Assert.Equal(50, candidates.Length);
        Assert.Equal([1, 4, 8], candidates[..3]);
        Assert.Equal(181, candidates[^1]);
        Assert.Equal([.. Enumerable.Range(0, 50).Select(i => 1 + (i * 180 / 49))], candidates);

        // 50 pages of degrees 1..50: a tail of at least 10 (a tenth is 5), so 1..41: 41 candidates, all kept.
        Assert.Equal([.. Enumerable.Range(1, 41)], PowerLawFit.Candidates([.. Enumerable.Range(1, 50)]));
        // Repeated degrees count once: 30 pages of degree 1, 20 of degree 2, 10 of degree 3 leave tails of 60, 30 and 10.
        Assert.Equal([1, 2, 3], PowerLawFit.Candidates([.. Enumerable.Repeat(1, 30), .. Enumerable.Repeat(2, 20), .. Enumerable.Repeat(3, 10)]));
    }
}
