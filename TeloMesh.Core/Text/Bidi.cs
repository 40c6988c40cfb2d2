namespace TeloMesh.Core.Text;

/// <summary>
/// Keeps a name's direction controls inside the name. A right-to-left override (U+202E) or another embedding,
/// override or isolate in a page, event, user or session name would otherwise turn the text after it around: the rest
/// of a CSV line in a spreadsheet, a tooltip, a table row. <see cref="Isolate"/> wraps such a name in first-strong
/// isolates (U+2068 ... U+2069), closing whatever it leaves open; names without those characters are returned as they are.
/// </summary>
public static class Bidi
{
    private const char Lre = '\u202A', Rlo = '\u202E', Lri = '\u2066', Fsi = '\u2068', Pdi = '\u2069';

    /// <summary>Whether <paramref name="text"/> holds an embedding, override or isolate control (U+202A-U+202E, U+2066-U+2069).</summary>
    public static bool HasControls(string text) =>
        text.AsSpan().IndexOfAnyInRange(Lre, Rlo) >= 0 || text.AsSpan().IndexOfAnyInRange(Lri, Pdi) >= 0;

    /// <summary>
    /// <paramref name="text"/> between isolates when it holds direction controls: one U+2068 more than the name has
    /// unmatched U+2069 (each of which would close an isolate around it early), and one U+2069 more than the isolates it
    /// opens and leaves open. The closing U+2069 also ends every embedding and override opened inside.
    /// </summary>
    public static string Isolate(string text)
    {
        if (!HasControls(text)) return text;
        int open = 0, stray = 0;
        foreach (var c in text)
        {
            if (c is >= Lri and <= Fsi) open++;
            else if (c == Pdi && open > 0) open--;
            else if (c == Pdi) stray++;
        }
        return new string(Fsi, stray + 1) + text + new string(Pdi, open + 1);
    }
}
