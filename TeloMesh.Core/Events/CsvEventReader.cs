using System.Buffers;
using System.Text;
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
        var readerOptions = new CsvReaderOptions
        {
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = r => rejected.Add(new RejectedRow(r.LineNumber, MalformedReason(r.Reason), r.RawRecord)),
            SkipEmptyLines = true,
        };
        using var reader = CsvReader.Create(stream, readerOptions, leaveOpen: true);

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
                var hasRecord = reader.Read();
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
        return header;
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
            return $"expected {headerFields} fields, found {reader.FieldCount}";
        var user = Cell(columns.User, ref buffers[0]);
        if (user.IsEmpty) return "empty user_id";
        var page = Cell(columns.Page, ref buffers[1]);
        if (page.IsEmpty) return "empty page";
        var evt = Cell(columns.Event, ref buffers[2]);
        if (evt.IsEmpty) return "empty event";
        var time = Field(reader, columns.Timestamp, ref buffers[3]);
        if (!TimestampParser.TryParse(time, out var ticks, out var error))
            return time.IsEmpty ? "empty timestamp" : $"unparsable timestamp '{Shorten(time)}': {error}";
        var sessionId = -1;
        if (columns.Session >= 0)
        {
            var session = Cell(columns.Session, ref buffers[4]);
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

    private static string MalformedReason(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed",
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.LineBreakInQuotes => "a line break inside a quoted field",
        CsvMalformedReason.FieldCountMismatch => "wrong number of fields",
        _ => $"malformed CSV ({reason})",
    };

    private static InvalidInputException StrictFailure(RejectedRow row) =>
        new($"Line {row.LineNumber}: {row.Reason} (--strict stops at the first bad row). The row: {row.RawText}");
}
