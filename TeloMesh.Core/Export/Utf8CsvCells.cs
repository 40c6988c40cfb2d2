using System.Text;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.Export;

/// <summary>
/// The CSV cells of a string pool, encoded once: UTF-8, protected against formula injection and quoted exactly as
/// <see cref="SafeCsv"/> writes them. Writing a ten-million-row file then copies bytes instead of encoding the same
/// hundred page names ten million times.
/// </summary>
public sealed class Utf8CsvCells
{
    private readonly byte[][] _cells;

    public Utf8CsvCells(StringPool pool)
    {
        _cells = new byte[pool.Count][];
        for (var i = 0; i < pool.Count; i++) _cells[i] = Encode(pool[i]);
    }

    public ReadOnlySpan<byte> this[int id] => _cells[id];

    /// <summary>
    /// One cell: a leading <c>'</c> for text that starts like a formula, quotes when needed, inner quotes doubled; with
    /// <paramref name="isolate"/>, direction controls kept inside the cell (<see cref="Text.Bidi.Isolate"/>) for a file
    /// people read. <c>session_flows.csv</c>, which later stages read back, keeps names exact.
    /// </summary>
    public static byte[] Encode(string text, bool isolate = false)
    {
        if (isolate) text = Text.Bidi.Isolate(text);
        var injection = text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var quote = injection || text.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        if (!quote) return Encoding.UTF8.GetBytes(text);
        var body = (injection ? "'" : "") + text.Replace("\"", "\"\"", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes("\"" + body + "\"");
    }
}
