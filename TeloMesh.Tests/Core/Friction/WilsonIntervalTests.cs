using TeloMesh.Core.Friction;

namespace TeloMesh.Tests.Core.Friction;

/// <summary>docs/metrics.md section 8's Wilson interval, against values worked out by hand.</summary>
public class WilsonIntervalTests
{
    [Fact]
    public void No_exit_in_one_occurrence_spans_zero_to_z_squared_over_one_plus_z_squared()
    {
        // p = 0: centre = (z²/2)/(1 + z²) and half = z · (z/2)/(1 + z²) are equal, so low = 0 and
        // high = z²/(1 + z²) = 3.8414588/4.8414588 = 0.7934507.
        var (low, high) = WilsonInterval.Of(0, 1);
        Assert.Equal(0, low);
        Assert.Equal(0.7934507, high, 1e-7);
    }

    [Fact]
    public void Two_exits_in_six()
    {
        // p = 1/3, z²/n = 0.6402431; centre = (0.3333333 + 0.3201216)/1.6402431 = 0.3983892;
        // half = 1.959964 · sqrt(0.0370370 + 0.0266770)/1.6402431 = 1.959964 · 0.2524162/1.6402431 = 0.3016178.
        var (low, high) = WilsonInterval.Of(2, 6);
        Assert.Equal(0.0967714, low, 1e-6);
        Assert.Equal(0.7000070, high, 1e-6);
    }

    [Fact]
    public void Every_exit_clamps_at_one_and_many_observations_narrow_the_interval()
    {
        Assert.Equal(1, WilsonInterval.Of(5, 5).High);
        var (few, _) = WilsonInterval.Of(3, 10);
        var (many, manyHigh) = WilsonInterval.Of(3000, 10_000);
        Assert.True(many - few > 0.15, $"{few} {many}");
        // 30 % of 10,000: about ± 1.96 · sqrt(0.3 · 0.7 / 10,000) = ± 0.009.
        Assert.Equal(0.018, manyHigh - many, 1e-3);
        Assert.Equal((0.0, 0.0), WilsonInterval.Of(0, 0));
    }
}
