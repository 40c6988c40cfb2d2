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
}
