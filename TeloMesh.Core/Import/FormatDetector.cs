using TeloMesh.Core.Events;

namespace TeloMesh.Core.Import;

/// <summary>
/// Tells which export a file is from its first record: a JSON line's keys, or a CSV header's column names. When nothing
/// fits, the message says which formats were tried and why each did not fit.
/// </summary>
public static class FormatDetector
{
    /// <summary>
    /// Like <see cref="Detect"/>, but a CSV that fits no format is taken as TeloMesh's own, so that reading it names the
    /// missing columns (and the dashboard can offer to map them). JSON that fits no format still fails with the reasons.
    /// </summary>
    public static EventFormat DetectOrTelomesh(string path) => DetectOrTelomesh(path, out _);

    /// <param name="formatsTried">For a CSV that fit no format: which formats were tried and why each did not fit.</param>
    public static EventFormat DetectOrTelomesh(string path, out string? formatsTried)
    {
        formatsTried = null;
        try
        {
            return Detect(path);
        }
        catch (InvalidInputException e) when (InputStreams.Packing(path) == "plain" && FirstCharacter(path) is not ('{' or '['))
        {
            // An empty file: TeloMesh's own reader says so, without a list of the formats it did not fit.
            formatsTried = e.Message == EmptyFile ? null : e.Message;
            return EventFormat.Telomesh;
        }
    }

    private static int FirstCharacter(string path)
    {
        using var reader = new StreamReader(path);
        return RecordReaders.Peek(reader);
    }

    public static EventFormat Detect(string path)
    {
        try
        {
            return DetectPacked(path);
        }
        catch (InvalidDataException e)
        {
            throw EventImporter.Corrupt(path, e);
        }
    }

    /// <summary>How much of a file detection reads: its first record is a header or one event, a few hundred bytes.</summary>
    public const int PrefixBytes = 4 << 20;

    /// <summary>
    /// The start of a stream up to the end of its first record's line, for detection: usually the first 64 KB. A first
    /// line longer than <see cref="PrefixBytes"/> (a gigabyte of zeros in a small gzip) is refused here instead of being
    /// read into memory whole.
    /// </summary>
    private static MemoryStream Prefix(string name, Stream stream)
    {
        var buffer = new byte[64 << 10];
        var read = 0;
        bool LineEnded()
        {
            var text = buffer.AsSpan(0, read);
            var start = text.IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
            return start >= 0 && text[start..].IndexOf((byte)'\n') >= 0;
        }
        while (!LineEnded())
        {
            if (read == buffer.Length)
            {
                if (read == PrefixBytes) break;
                Array.Resize(ref buffer, Math.Min(buffer.Length * 4, PrefixBytes));
            }
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0) break;
            read += n;
        }
        var prefix = buffer.AsSpan(0, read);
        var first = prefix.IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
        if (read == PrefixBytes && !LineEnded() && (first < 0 || prefix[first] != (byte)'['))
            throw new InvalidInputException($"{name}: the first line is longer than {PrefixBytes >> 20} MB, which no export's header or event is. " +
                "Is it an event export (CSV with a header line, or JSON lines)?");
        return new MemoryStream(buffer, 0, read, writable: false);
    }

    private static EventFormat DetectPacked(string path)
    {
        foreach (var (name, stream) in InputStreams.Open(path))
        {
            IReadOnlyList<string>? header = null;
            // The first record is examined inside the loop: a JSON record lives only until the reader moves on.
            foreach (var (line, _, record, error) in RecordReaders.Read(Prefix(name, stream), h => header = h))
            {
                if (header is not null) break;
                if (record is JsonRecord json)
                    return FromJson(json) ?? throw new InvalidInputException(Explain(name, "JSON lines whose first record has the keys " +
                        string.Join(", ", json.Root.EnumerateObject().Select(p => $"'{p.Name}'").Take(12)), JsonReasons));
                throw new InvalidInputException($"{name}, line {line}: {error}. Expected CSV or JSON lines.");
            }
            if (header is not null && header.All(string.IsNullOrWhiteSpace)) throw new InvalidInputException(EmptyFile);
            if (header is not null)
                return FromHeader(header) ?? throw new InvalidInputException(Explain(name, "a CSV file with the header " +
                    string.Join(", ", header.Select(h => $"'{h}'")), CsvReasons(header)));
        }
        throw new InvalidInputException(EmptyFile);
    }

    /// <summary>What <see cref="Detect"/> says of a file without a single column.</summary>
    public const string EmptyFile = "The file is empty.";

    public static EventFormat? FromHeader(IReadOnlyList<string> header)
    {
        bool Has(params string[] names) => names.All(n => header.Any(h => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)));
        if (ColumnPositions.Missing(header, ColumnMapping.Default).Count == 0) return EventFormat.Telomesh;
        if (Has("distinct_id", "event", "time")) return EventFormat.Mixpanel;
        if (Has("event_type", "event_time")) return EventFormat.Amplitude;
        if (Has("event_name", "event_timestamp", "user_pseudo_id")) return EventFormat.Ga4;
        return null;
    }

    public static EventFormat? FromJson(JsonRecord record)
    {
        if (record.Has("event") && record.Root.TryGetProperty("properties", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Object)
            return EventFormat.Mixpanel;
        if (record.Has("event_type")) return EventFormat.Amplitude;
        if (record.Has("event_name") && (record.Has("event_timestamp") || record.Has("user_pseudo_id"))) return EventFormat.Ga4;
        return null;
    }

    private static string[] CsvReasons(IReadOnlyList<string> header) =>
    [
        $"telomesh: missing {string.Join(", ", ColumnPositions.Missing(header, ColumnMapping.Default))}",
        "mixpanel: needs columns distinct_id, event, time",
        "amplitude: needs columns event_type, event_time",
        "ga4: needs columns event_name, event_timestamp, user_pseudo_id",
    ];

    private static readonly string[] JsonReasons =
    [
        "mixpanel: needs 'event' and a 'properties' object",
        "amplitude: needs 'event_type'",
        "ga4: needs 'event_name' and 'event_timestamp' or 'user_pseudo_id'",
        "telomesh: is a CSV format, not JSON",
    ];

    private static string Explain(string name, string found, string[] reasons) =>
        $"{name} is not a format TeloMesh reads: it is {found}. Tried: {string.Join("; ", reasons)}. " +
        "Name its format, or map its columns to user_id, timestamp, page, event.";
}
