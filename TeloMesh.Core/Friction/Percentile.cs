namespace TeloMesh.Core.Friction;

/// <summary>numpy's default (linear) percentile, reproduced bit for bit as docs/metrics.md section 4 spells it out.</summary>
public static class Percentile
{
    /// <summary>The <paramref name="q"/> quantile (0..1) of <paramref name="values"/>; NaN for no values.</summary>
    public static double Linear(IEnumerable<double> values, double q)
    {
        var v = values.ToArray();
        if (v.Length == 0) return double.NaN;
        Array.Sort(v);
        var n = v.Length;
        var h = (n - 1) * q;
        var i = (int)Math.Floor(h);
        var t = h - i;
        var a = v[i];
        var b = v[Math.Min(i + 1, n - 1)];
        var d = b - a;
        // numpy's _lerp: this form is exact at both ends and monotone.
        return t >= 0.5 ? b - d * (1 - t) : a + d * t;
    }
}
