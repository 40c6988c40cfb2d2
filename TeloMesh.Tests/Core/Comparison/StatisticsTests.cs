using TeloMesh.Core.Comparison;

namespace TeloMesh.Tests.Core.Comparison;

/// <summary>docs/metrics.md section 9's statistics against values computed independently (CPython's math.erfc) and by hand.</summary>
public class StatisticsTests
{
    [Theory]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1, 0.15729920705028513)]
    [InlineData(1.5, 0.033894853524689274)]
    [InlineData(2, 0.004677734981047265)]
    [InlineData(2.5, 0.0004069520174449589)]
    [InlineData(3, 2.2090496998585438e-05)]
    [InlineData(5, 1.5374597944280351e-12)]
    [InlineData(8, 1.1224297172982928e-29)]
    [InlineData(12, 1.3562611692059042e-64)]
    [InlineData(26, 5.663192408856143e-296)]
    public void Erfc_matches_an_independent_implementation_to_1e_13_relative(double x, double expected)
    {
        Assert.Equal(1, Statistics.Erfc(x) / expected, 1e-13);
        Assert.Equal(2 - expected, Statistics.Erfc(-x), 1e-15);
    }

    /// <summary>
    /// Among the subnormal doubles, with the digits they have: erfc(x) = e^(-x²)/(x√π) (1 - 1/2x² + 3/4x⁴ - 15/8x⁶ + 105/16x⁸ ...),
    /// the asymptotic series (its error is under the first term left out, 945/32x¹⁰, about 2e-13 here), worked to 50 digits:
    /// erfc(26.8) = 2.48496215725e-314, erfc(27) = 5.23704892e-319. At 27.3, e^(-745.3) is below the smallest double: 0.
    /// </summary>
    [Fact]
    public void Erfc_keeps_its_digits_in_the_far_tail_down_to_the_smallest_double()
    {
        Assert.Equal(1, Statistics.Erfc(26.8) / 2.48496215725e-314, 1e-9);
        Assert.Equal(1, Statistics.Erfc(27) / 5.23704892e-319, 1e-5); // subnormal: steps of 4.9e-324, 1e-5 of the value
        Assert.Equal(0, Statistics.Erfc(27.3));
        Assert.Equal(0, Statistics.Erfc(double.PositiveInfinity));
    }

    [Fact]
    public void The_pooled_z_test_worked_by_hand()
    {
        // A: 30 of 100, B: 45 of 100. p̂ = 75/200 = 0.375, se = sqrt(0.375 · 0.625 · 0.02) = sqrt(0.0046875) = 0.0684653,
        // z = 0.15/0.0684653 = 2.1908902, p = erfc(2.1908902/√2) = erfc(1.5491933) = 0.0284597.
        var (z, p) = Statistics.TwoProportion(30, 100, 45, 100);
        Assert.Equal(2.1908902, z, 1e-6);
        Assert.Equal(0.0284597, p, 1e-6);
        // Nothing varies (every count 0 or every count n): se = 0, so z = 0 and p = 1.
        Assert.Equal((0.0, 1.0), Statistics.TwoProportion(0, 50, 0, 60));
        Assert.Equal((0.0, 1.0), Statistics.TwoProportion(50, 50, 60, 60));
        // A drop is a negative z with the same p as the rise.
        Assert.Equal((-z, p), Statistics.TwoProportion(45, 100, 30, 100));
    }

    [Fact]
    public void Benjamini_hochberg_takes_the_running_minimum_from_the_largest_p()
    {
        // m = 4, p sorted 0.01, 0.02, 0.03, 0.5: p·m/rank = 0.04, 0.04, 0.04, 0.5; running minimum from the top keeps them.
        Assert.Equal([0.04, 0.5, 0.04, 0.04], Statistics.BenjaminiHochberg([0.01, 0.5, 0.03, 0.02]), new Tolerance(1e-15));
        // p = 0.04, 0.03 (m = 2): 0.03·2/1 = 0.06, 0.04·2/2 = 0.04; the minimum from above makes the first 0.04 as well.
        Assert.Equal([0.04, 0.04], Statistics.BenjaminiHochberg([0.04, 0.03]), new Tolerance(1e-15));
        // Never above 1.
        Assert.Equal([1.0, 1.0], Statistics.BenjaminiHochberg([0.9, 1.0]));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
