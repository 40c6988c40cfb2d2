using TeloMesh.Core.Friction;

namespace TeloMesh.Tests.Core.Friction;

/// <summary>
/// docs/metrics.md section 4 spells the percentile out as numpy computes it, including which of the two interpolation
/// forms is used: b - d(1 - t) when t >= 0.5, else a + dt. The two forms are the same number in exact arithmetic but
/// not in doubles, so these cases pick values where the form shows in the result, worked by hand in binary.
/// </summary>
public class PercentileBitExactTests
{
    [Theory]
    // [1, 2^53 + 2] at q 0.5: h = 0.5, i = 0, t = 0.5, so the upper form. d = 2^53 + 1 is not a double and rounds
    // to even, 2^53; b - d x 0.5 = 2^53 + 2 - 2^52 = 2^52 + 2, exact. (a + dt would give 1 + 2^52, one unit lower.)
    [InlineData(new[] { 1.0, 9007199254740994.0 }, 0.5, 4503599627370498.0)]
    // [0.1, 1e16] at q 0: h = 0, t = 0, so the lower form: a + d x 0 = a = 0.1, the minimum exactly. (b - d(1 - t)
    // would give 1e16 - fl(1e16 - 0.1) = 1e16 - 1e16 = 0: the ulp at 1e16 is 2, so d has lost the 0.1.)
    [InlineData(new[] { 1e16, 0.1 }, 0.0, 0.1)]
    public void The_interpolation_form_follows_the_definition_to_the_last_bit(double[] values, double q, double expected) =>
        Assert.Equal(expected, Percentile.Linear(values, q));
}
