using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace TeloMesh.Core.Events;

/// <summary>
/// Reads an event CSV (SPEC.md section 1) into an <see cref="EventTable"/> in one streaming pass. Fields are read as
/// UTF-8 spans and interned without allocating a string per field, so memory grows with distinct values, not rows.
/// Bad rows are collected with their line number, reason and raw text; nothing is dropped silently.
/// </summary>
public static class CsvEventReader
{
    private const int ProgressEvery = 1 << 16;

    /// <summary>
    /// The longest user id, page, event or session id accepted, in characters. A longer value is not a name but broken
    /// data (a missing quote that joined lines, a whole document in one cell); such a row is rejected, not analysed.
    /// </summary>
    public const int MaxNameLength = 8192;

    /// <summary>
    /// The largest record the reader holds in memory, in bytes. A quote that is never closed turns the rest of the file
    /// into one record; past this size the file is refused instead of being read into memory whole.
    /// </summary>
    public const int MaxRecordBytes = 32 << 20;

    public static IngestResult ReadFile(string path, IngestOptions? options = null,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, options, progress, cancellationToken);
    }

    public static IngestResult Read(Stream stream, IngestOptions? options = null,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= IngestOptions.Default;
        var rejected = new List<RejectedRow>();
        var separator = HeaderSeparator.Detect(stream, out var input);
        var readerOptions = new CsvReaderOptions
        {
            Separator = separator,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = r => rejected.Add(new RejectedRow(r.LineNumber, MalformedReason(r.Reason, r.LineNumber, r.RawRecord), r.RawRecord)),
            SkipEmptyLines = true,
            MaxRecordSize = MaxRecordBytes,
        };
        using var reader = CsvReader.Create(input, readerOptions, leaveOpen: true);

        var header = ReadHeader(reader);
        var columns = ColumnPositions.Find(header, options.Columns);
        var builder = new EventTableBuilder(columns.Session >= 0, columns.Extras.Select(e => e.Name), 1 << 14);
        var buffers = new char[5][];
        for (var i = 0; i < buffers.Length; i++) buffers[i] = ArrayPool<char>.Shared.Rent(256);
        long rowsRead = 0;
        try
        {
            while (true)
            {
                var before = rejected.Count;
                var hasRecord = ReadRecord(reader);
                if (rejected.Count > before)
                {
                    rowsRead += rejected.Count - before;
                    if (options.Strict) throw StrictFailure(rejected[before]);
                }
                if (!hasRecord) break;
                rowsRead++;
                var line = reader.LineNumber;
                var reason = AddRecord(reader, columns, header.Count, builder, buffers, (int)line, options.UndoFormulaEscape);
                if (reason is not null)
                {
                    var row = new RejectedRow(line, reason, Encoding.UTF8.GetString(reader.RawRecord));
                    if (options.Strict) throw StrictFailure(row);
                    rejected.Add(row);
                }
                if (rowsRead % ProgressEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new IngestProgress(reader.ByteOffset, rowsRead));
                }
            }
        }
        finally
        {
            foreach (var buffer in buffers) ArrayPool<char>.Shared.Return(buffer);
        }

        if (rowsRead == 0)
            throw new InvalidInputException($"The file has a header ({string.Join(", ", header)}) but no rows of events.");
        progress?.Report(new IngestProgress(reader.ByteOffset, rowsRead));
        rejected.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        return new IngestResult(builder.Build(), rejected, header, reader.Separator, rowsRead);
    }

    /// <summary>Reads the next record; a record past <see cref="MaxRecordBytes"/> stops the run with a message.</summary>
    private static bool ReadRecord(CsvReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new InvalidInputException(
                $"A record starting after line {reader.LineNumber} is longer than {MaxRecordBytes >> 20} MB (near byte {e.ByteOffset:N0}): " +
                "a quote that is never closed makes the rest of the file one record. Check the quoting there.");
        }
    }

    private static List<string> ReadHeader(CsvReader reader)
    {
        List<string> header;
        try
        {
            reader.ReadHeader();
            header = [.. reader.Headers];
        }
        catch (CsvFormatException e)
        {
            throw new InvalidInputException($"The header (line 1) cannot be read as CSV: {e.Message}");
        }
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new InvalidInputException("The file is empty: expected a header line with user_id, timestamp, page, event.");
        CheckHeader(header);
        return header;
    }

    /// <summary>
    /// Refuses a header that is not text (a binary file, or text in another encoding than UTF-8) or that names a column
    /// twice: with two <c>page</c> columns, which one holds the page is a guess, so the file is not read at all.
    /// </summary>
    internal static void CheckHeader(IReadOnlyList<string> header)
    {
        // Invalid UTF-8 decodes to U+FFFD; NUL and other control characters never appear in a text header.
        if (header.Any(h => h.Any(c => c == '\uFFFD' || (char.IsControl(c) && c is not '\t'))))
            throw new InvalidInputException(
                "The file is not a UTF-8 text CSV: its first line holds bytes that are not UTF-8 text (a binary file such as " +
                "a spreadsheet or an image, or text saved as UTF-16 or Latin-1?). Save it as CSV with UTF-8 encoding.");
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0) continue; // a trailing separator leaves an unnamed column, which holds nothing of ours
            if (seen.TryGetValue(name, out var first))
                throw new InvalidInputException(
                    $"The header (line 1) names column '{name}' twice (columns {first + 1} and {i + 1}), so which one to read is " +
                    $"unclear: rename or remove one. The header has: {string.Join(", ", header.Select(h => $"'{h}'"))}.");
            seen[name] = i;
        }
    }

    /// <summary>
    /// Adds the current record, or returns why it cannot be accepted. Every field is checked before anything is
    /// interned, so a rejected row leaves no page or user behind in the pools.
    /// </summary>
    private static string? AddRecord(CsvReader reader, ColumnPositions columns, int headerFields,
        EventTableBuilder builder, char[][] buffers, int line, bool undoEscape)
    {
        ReadOnlySpan<char> Cell(int index, ref char[] buffer)
        {
            var value = Field(reader, index, ref buffer);
            return undoEscape && value.Length >= 2 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;
        }

        if (reader.FieldCount != headerFields)
            return FieldCountReason(reader, headerFields);
        if (InvalidUtf8(reader.RawRecord) is { } invalid) return invalid;
        var user = Cell(columns.User, ref buffers[0]);
        if (user.IsEmpty) return "empty user_id";
        if (user.Length > MaxNameLength) return TooLong("user_id", user.Length);
        var page = Cell(columns.Page, ref buffers[1]);
        if (page.IsEmpty) return "empty page";
        if (page.Length > MaxNameLength) return TooLong("page", page.Length);
        var evt = Cell(columns.Event, ref buffers[2]);
        if (evt.IsEmpty) return "empty event";
        if (evt.Length > MaxNameLength) return TooLong("event", evt.Length);
        var time = Field(reader, columns.Timestamp, ref buffers[3]);
        if (!TimestampParser.TryParse(time, out var ticks, out var error))
            return time.IsEmpty ? "empty timestamp" : $"unparsable timestamp '{Shorten(time)}': {error}";
        var sessionId = -1;
        if (columns.Session >= 0)
        {
            var session = Cell(columns.Session, ref buffers[4]);
            if (session.Length > MaxNameLength) return TooLong("session_id", session.Length);
            if (!session.IsEmpty) sessionId = builder.Sessions!.Intern(session);
        }
        builder.Add(builder.Users.Intern(user), ticks, builder.Pages.Intern(page), builder.Events.Intern(evt), sessionId, line);
        for (var i = 0; i < columns.Extras.Count; i++)
            builder.SetExtra(i, Field(reader, columns.Extras[i].Index, ref buffers[4], trim: false));
        return null;
    }

    /// <summary>Decodes field <paramref name="index"/> into <paramref name="buffer"/> (grown as needed), trimmed.</summary>
    private static ReadOnlySpan<char> Field(CsvReader reader, int index, ref char[] buffer, bool trim = true)
    {
        var bytes = reader.GetSpan(index);
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (needed > buffer.Length)
        {
            ArrayPool<char>.Shared.Return(buffer);
            buffer = ArrayPool<char>.Shared.Rent(needed);
        }
        var length = Encoding.UTF8.GetChars(bytes, buffer);
        var chars = buffer.AsSpan(0, length);
        return trim ? chars.Trim() : chars;
    }

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : $"{text[..40]}…";

    private static string TooLong(string column, int length) =>
        string.Create(CultureInfo.InvariantCulture, $"{column} is {length:N0} characters long (at most {MaxNameLength:N0})");

    /// <summary>Why a row with the wrong number of fields was refused; says so when it seems to use another separator.</summary>
    private static string FieldCountReason(CsvReader reader, int headerFields)
    {
        var reason = $"expected {headerFields} fields, found {reader.FieldCount}";
        if (reader.FieldCount != 1) return reason;
        var raw = reader.RawRecord;
        foreach (var other in ",;\t|")
            if (other != reader.Separator && raw.IndexOf((byte)other) >= 0)
                return $"{reason} (the header is separated by {Name(reader.Separator)} but this row by {Name(other)}?)";
        return reason;
    }

    private static string Name(char separator) => separator switch
    {
        '\t' => "tabs",
        ',' => "commas",
        ';' => "semicolons",
        '|' => "'|'",
        _ => $"'{separator}'",
    };

    /// <summary>Where a row is not valid UTF-8, or null: such text would be silently altered, so the row is refused.</summary>
    private static string? InvalidUtf8(ReadOnlySpan<byte> raw)
    {
        if (Utf8.IsValid(raw)) return null;
        var chars = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            Utf8.ToUtf16(raw, chars, out var valid, out _, replaceInvalidSequences: false);
            return string.Create(CultureInfo.InvariantCulture, $"not valid UTF-8 text (byte 0x{raw[valid]:X2} at position {valid + 1} of the row)");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static string MalformedReason(CsvMalformedReason reason, long line, string raw) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => UnterminatedReason(line, raw),
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.LineBreakInQuotes => "a line break inside a quoted field",
        CsvMalformedReason.FieldCountMismatch => "wrong number of fields",
        _ => $"malformed CSV ({reason})",
    };

    /// <summary>
    /// A quote that is never closed runs to the end of the file: every line after it is part of this one rejected row,
    /// which the reason says, so no row is lost without a word.
    /// </summary>
    private static string UnterminatedReason(long line, string raw)
    {
        var breaks = 0;
        raw = raw.TrimEnd('\r', '\n'); // the file's own last line break
        for (var i = 0; i < raw.Length; i++)
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n'))) breaks++;
        return breaks == 0
            ? "a quoted field is never closed"
            : string.Create(CultureInfo.InvariantCulture,
                $"a quoted field is never closed, so lines {line}-{line + breaks} (the rest of the file) were read as this one row");
    }

    private static InvalidInputException StrictFailure(RejectedRow row) =>
        new($"Line {row.LineNumber}: {row.Reason} (--strict stops at the first bad row). The row: {row.RawText}");
}
