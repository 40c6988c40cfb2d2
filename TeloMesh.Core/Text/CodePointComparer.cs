namespace TeloMesh.Core.Text;

/// <summary>
/// Orders strings by Unicode code point, as Python sorts them. .NET's ordinal comparison orders UTF-16 code units,
/// which puts characters outside the Basic Multilingual Plane (emoji, stored as surrogates D800-DFFF) before
/// U+E000-U+FFFF; docs/metrics.md's "ordinal order" is code point order, so the original's orderings are reproduced.
/// </summary>
public sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var common = Math.Min(x.Length, y.Length);
        var i = x.AsSpan(0, common).CommonPrefixLength(y.AsSpan(0, common));
        if (i == common)
            return x.Length.CompareTo(y.Length);
        int a = x[i], b = y[i];
        // Surrogates (D800-DFFF) encode code points above FFFF: move them above E000-FFFF.
        if (a >= 0xD800 && b >= 0xD800)
        {
            a = a >= 0xE000 ? a - 0x800 : a + 0x2000;
            b = b >= 0xE000 ? b - 0x800 : b + 0x2000;
        }
        return a.CompareTo(b);
    }
}
