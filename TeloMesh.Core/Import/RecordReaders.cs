using System.Text;
using System.Text.Json;
using CsvHelper;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.Import;

/// <summary>Reads a vendor file's records, JSON lines or CSV (told apart by the first character), one at a time.</summary>
public static class RecordReaders
{
    /// <summary>The records of <paramref name="stream"/>, each with its 1-based line number and its text.</summary>
    public static IEnumerable<(long Line, string Raw, SourceRecord? Record, string? Error)> Read(Stream stream, Action<IReadOnlyList<string>>? header = null)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        var reader = new StreamReader(buffered, MarkedUtf8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var first = Peek(reader);
        return first == '{' ? JsonLines(reader) : first == '[' ? throw new InvalidInputException(
            "The file is one JSON array; export one JSON object per line (JSON lines), as Mixpanel, Amplitude and BigQuery do.")
            : Csv(reader, header);
    }

    /// <summary>The first character that is not white space, without consuming it; -1 at the end.</summary>
    internal static int Peek(StreamReader reader)
    {
        while (reader.Peek() is var c && c >= 0 && char.IsWhiteSpace((char)c)) reader.Read();
        return reader.Peek();
    }

    private static IEnumerable<(long, string, SourceRecord?, string?)> JsonLines(StreamReader reader)
    {
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (NotUtf8(line) is { } notText)
            {
                yield return (number, Shown(line), null, notText);
                continue;
            }
            var (document, error) = ParseJson(line);
            if (document is null)
            {
                yield return (number, line, null, error);
                continue;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    yield return (number, line, null, "not a JSON object");
                    continue;
                }
                yield return (number, line, new JsonRecord(document.RootElement), null);
            }
        }
    }

    /// <summary>
    /// UTF-8 that decodes each byte sequence that is not a character as U+FFFF (a noncharacter, which text never
    /// holds) instead of the usual U+FFFD, so a record whose bytes were not UTF-8 can be told from one that holds a
    /// real U+FFFD. It keeps UTF-8's byte order mark, so a file that starts with one is still read with it.
    /// </summary>
    private static readonly Encoding MarkedUtf8 = CreateMarkedUtf8();

    private const char NotACharacter = '\uFFFF';

    private static Encoding CreateMarkedUtf8()
    {
        var encoding = (Encoding)Encoding.UTF8.Clone();
        encoding.DecoderFallback = new DecoderReplacementFallback(NotACharacter.ToString());
        return encoding;
    }

    /// <summary>
    /// Why a record's text is refused as not UTF-8, or null: its names would be silently altered (and "café" split
    /// from "caf\uFFFD"), so it is rejected, as the CSV reader rejects such rows.
    /// </summary>
    private static string? NotUtf8(string text)
    {
        var at = text.IndexOf(NotACharacter, StringComparison.Ordinal);
        return at < 0 ? null
            : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"not valid UTF-8 text (bytes that are not a character at character {at + 1} of the record)");
    }

    /// <summary>The record's text for rejected_rows.csv, with each undecodable byte sequence shown as U+FFFD.</summary>
    private static string Shown(string text) => text.Replace(NotACharacter, '\uFFFD');

    private static (JsonDocument?, string?) ParseJson(string line)
    {
        try
        {
            return (JsonDocument.Parse(line), null);
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON: {e.Message.Split('.')[0]}");
        }
    }

    private static IEnumerable<(long, string, SourceRecord?, string?)> Csv(StreamReader reader, Action<IReadOnlyList<string>>? onHeader)
    {
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true, SkipEmptyLines = true }, leaveOpen: true);
        csv.ReadHeader();
        var header = csv.Headers.Select(h => h.Trim()).ToList();
        onHeader?.Invoke(header);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) columns.TryAdd(header[i], i);
        while (csv.Read())
        {
            var raw = Encoding.UTF8.GetString(csv.RawRecord);
            if (NotUtf8(raw) is { } notText)
            {
                yield return (csv.LineNumber, Shown(raw), null, notText);
                continue;
            }
            if (csv.FieldCount != header.Count)
            {
                yield return (csv.LineNumber, raw, null, $"expected {header.Count} fields, found {csv.FieldCount}");
                continue;
            }
            var fields = new string[csv.FieldCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i) ?? "";
            yield return (csv.LineNumber, raw, new CsvRecord(columns, fields), null);
        }
    }
}
