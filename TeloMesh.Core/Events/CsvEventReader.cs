using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace TeloMesh.Core.Events;

/// <summary>
/// Reads an event CSV (docs/metrics.md section 1) into an <see cref="EventTable"/> in one streaming pass. Fields are read as
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

    /// <summary>The most columns a file may have beside the five roles (user, time, page, event, session): its segments.</summary>
    public const int MaxSegments = 1000;

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
        // A file read from its start can be read again to explain a record that is too long (OverlongRecord).
        var rereadable = stream.CanSeek && stream.Position == 0 ? stream : null;
        var separator = HeaderSeparator.Detect(stream, out var input);
        RecordBatches? batches = null;
        var readerOptions = new CsvReaderOptions
        {
            Separator = separator,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Skip,
            // Reported on the reading thread, in their place among the records (before the header: straight to the list).
            OnMalformedRecord = r =>
            {
                var row = new RejectedRow(r.LineNumber, MalformedReason(r.Reason, r.LineNumber, r.RawRecord), r.RawRecord);
                if (batches is null) rejected.Add(row);
                else batches.Malformed(row);
            },
            SkipEmptyLines = true,
            MaxRecordSize = MaxRecordBytes,
        };
        using var reader = CsvReader.Create(input, readerOptions, leaveOpen: true);

        var header = ReadHeader(reader);
        var columns = ColumnPositions.Find(header, options.Columns);
        var builder = new EventTableBuilder(columns.Session >= 0, columns.Extras.Select(e => e.Name), 1 << 14);
        var fields = new RecordFields(columns, options.UndoFormulaEscape);
        var buffers = new char[5][];
        for (var i = 0; i < buffers.Length; i++) buffers[i] = new char[256];
        long rowsRead = 0;
        long byteOffset = 0;
        var separatorUsed = reader.Separator;
        using (batches = new RecordBatches(reader, rereadable, fields, header.Count))
        {
            foreach (var batch in batches.Batches(cancellationToken))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    ref readonly var record = ref batch[i];
                    rowsRead++;
                    var row = record.Malformed;
                    if (row is null && AddRecord(batch, i, fields, header.Count, separatorUsed, builder, buffers) is { } reason)
                        row = new RejectedRow(record.Line, reason, Encoding.UTF8.GetString(batch.Raw(i)));
                    if (row is not null)
                    {
                        if (options.Strict) throw StrictFailure(row);
                        rejected.Add(row);
                    }
                    if (rowsRead % ProgressEvery == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        progress?.Report(new IngestProgress(record.ByteOffset, rowsRead));
                    }
                }
                batches.Recycle(batch);
            }
            byteOffset = batches.ByteOffset;
        }

        if (rowsRead == 0)
            throw new InvalidInputException($"The file has a header ({string.Join(", ", header)}) but no rows of events.");
        progress?.Report(new IngestProgress(byteOffset, rowsRead));
        rejected.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        return new IngestResult(builder.Build(), rejected, header, separatorUsed, rowsRead);
    }

    /// <summary>Reads the next record; a record past <see cref="MaxRecordBytes"/> stops the run with a message.</summary>
    internal static bool ReadRecord(CsvReader reader, Stream? rereadable)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new InvalidInputException(
                $"A record starting after line {reader.LineNumber} is longer than {MaxRecordBytes >> 20} MB (near byte {e.ByteOffset:N0}): " +
                OverlongRecord(rereadable, reader.ByteOffset));
        }
    }

    /// <summary>
    /// What made a record too long, from its bytes (the reader has stopped, so the input can be read again): a line
    /// break inside it means a quote opened and never closed; none means one line that long. An input that cannot be
    /// read again (a decompressing stream) gets both explanations.
    /// </summary>
    private static string OverlongRecord(Stream? input, long start)
    {
        const string quote = "a quote that is never closed makes the rest of the file one record. Check the quoting there.";
        var line = $"one line of more than {MaxRecordBytes >> 20} MB without a quote (a huge cell, or a file without line breaks), not a row of events.";
        if (input is null) return $"either {quote[2..^1]}, or it is {line}";
        input.Position = start;
        var buffer = new byte[1 << 16];
        for (long read = 0; read < MaxRecordBytes;)
        {
            var n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxRecordBytes - read));
            if (n == 0) break;
            if (buffer.AsSpan(0, n).IndexOfAny((byte)'\n', (byte)'\r') >= 0) return quote;
            read += n;
        }
        return line;
    }

    private static List<string> ReadHeader(CsvReader reader)
    {
        List<string> header;
        try
        {
            reader.ReadHeader();
            header = [.. reader.Headers];
        }
        catch (CsvFormatException e) when (e.Message.Contains("MaxRecordSize", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"The header (line 1) is longer than {MaxRecordBytes >> 20} MB, which no export's header is: " +
                "is the file an event export with one header line?");
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
        // Every column beyond the five roles is kept as a segment for every row; a million empty columns cost gigabytes.
        if (header.Count > MaxSegments + 5)
            throw new InvalidInputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The header (line 1) has {header.Count:N0} columns; at most {MaxSegments:N0} are kept as segments beside user, time, page, event and session. ") +
                "Remove the columns you do not need, or export fewer properties.");
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
    private static string? AddRecord(RecordBatch batch, int index, RecordFields fields, int headerFields, char separator,
        EventTableBuilder builder, char[][] buffers)
    {
        ref readonly var record = ref batch[index];
        if (record.FieldCount != headerFields)
            return FieldCountReason(batch.Raw(index), record.FieldCount, headerFields, separator);
        if (!record.ValidUtf8) return InvalidUtf8(batch.Raw(index));
        var user = batch.Text(index, fields.User, ref buffers[0]);
        if (user.IsEmpty) return "empty user_id";
        if (user.Length > MaxNameLength) return TooLong("user_id", user.Length);
        var page = batch.Text(index, fields.Page, ref buffers[1]);
        if (page.IsEmpty) return "empty page";
        if (page.Length > MaxNameLength) return TooLong("page", page.Length);
        var evt = batch.Text(index, fields.Event, ref buffers[2]);
        if (evt.IsEmpty) return "empty event";
        if (evt.Length > MaxNameLength) return TooLong("event", evt.Length);
        if (!record.TimestampParsed)
        {
            var time = batch.Text(index, fields.Timestamp, ref buffers[3]);
            return time.IsEmpty ? "empty timestamp" : $"unparsable timestamp '{Shorten(time)}': {record.TimestampError}";
        }
        var sessionId = -1;
        if (fields.Session >= 0)
        {
            var session = batch.Text(index, fields.Session, ref buffers[4]);
            if (session.Length > MaxNameLength) return TooLong("session_id", session.Length);
            if (!session.IsEmpty) sessionId = builder.Sessions!.Intern(session);
        }
        builder.Add(builder.Users.Intern(user), record.Ticks, builder.Pages.Intern(page), builder.Events.Intern(evt), sessionId, (int)record.Line);
        for (var i = 0; i < fields.Extras.Length; i++)
            builder.SetExtra(i, batch.Text(index, fields.Extras[i], ref buffers[4]));
        return null;
    }

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : $"{text[..40]}…";

    internal static string TooLong(string column, int length) =>
        string.Create(CultureInfo.InvariantCulture, $"{column} is {length:N0} characters long (at most {MaxNameLength:N0})");

    /// <summary>Why a row with the wrong number of fields was refused; says so when it seems to use another separator.</summary>
    private static string FieldCountReason(ReadOnlySpan<byte> raw, int fieldCount, int headerFields, char separator)
    {
        var reason = $"expected {headerFields} fields, found {fieldCount}";
        if (fieldCount != 1) return reason;
        foreach (var other in ",;\t|")
            if (other != separator && raw.IndexOf((byte)other) >= 0)
                return $"{reason} (the header is separated by {Name(separator)} but this row by {Name(other)}?)";
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
    private static string InvalidUtf8(ReadOnlySpan<byte> raw)
    {
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
        new($"Line {row.LineNumber}: {row.Reason} (strict reading stops at the first bad row). The row: {row.RawText}");
}
