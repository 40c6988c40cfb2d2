using TeloMesh.Core.Events;

namespace TeloMesh.Core.Import;

/// <summary>
/// Collects mapped vendor events into an <see cref="EventTable"/> (with <c>event_properties</c> and
/// <c>user_properties</c> columns), checking each as the CSV reader does: a record that cannot be an event is
/// rejected with its line number and reason, never dropped silently; a repeat of an event already read (same
/// de-duplication key) is dropped and counted.
/// </summary>
public sealed class ImportSink(ImportOptions options)
{
    private readonly EventTableBuilder _builder = new(hasSessionIds: true, ["event_properties", "user_properties"], 1 << 14);
    private readonly List<RejectedRow> _rejected = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private long _rows;
    private int _duplicates;
    private int _pagesFromEvents;

    public long RowsRead => _rows;

    /// <param name="record">The record as mapped.</param>
    /// <param name="part">The archive entry it came from, when the file is an archive of several (its line number
    /// counts within that entry): a rejection then names it.</param>
    public void Add(MappedRecord record, string? part = null)
    {
        _rows++;
        var reason = record.Error ?? Accept(record.Event!, record.LineNumber);
        if (reason is null) return;
        var raw = record.RawText.Length > 2000 ? record.RawText[..2000] + "…" : record.RawText;
        if (options.Strict)
            throw new InvalidInputException(
                $"Line {record.LineNumber}{(part is null ? "" : $" of {part}")}: {reason} (strict reading stops at the first bad record). The record: {raw}");
        _rejected.Add(new RejectedRow(record.LineNumber, part is null ? reason : $"{reason} (in {part})", raw));
    }

    private string? Accept(VendorEvent e, long line)
    {
        var user = e.User!.Trim();
        var page = e.Page!.Trim();
        var name = e.Event!.Trim();
        // Longer than any name: broken data (a whole document in one property), refused as the CSV reader refuses it.
        foreach (var (value, column) in new[] { (user, "user_id"), (page, "page"), (name, "event"), (e.Session ?? "", "session_id") })
            if (value.Length > CsvEventReader.MaxNameLength)
                return CsvEventReader.TooLong(column, value.Length);
        if (!TimestampParser.TryParse(e.Time, out var ticks, out var error))
            return $"unparsable time '{e.Time}': {error}";
        if (e.DedupeKey is not null && !_seen.Add(e.DedupeKey))
        {
            _duplicates++;
            return null;
        }
        if (e.PageFromEvent) _pagesFromEvents++;
        var session = e.Session is null ? -1 : _builder.Sessions!.Intern(e.Session);
        _builder.Add(_builder.Users.Intern(user), ticks, _builder.Pages.Intern(page), _builder.Events.Intern(name), session, (int)Math.Min(line, int.MaxValue));
        _builder.SetExtra(0, e.EventProperties ?? "");
        _builder.SetExtra(1, e.UserProperties ?? "");
        return null;
    }

    public IngestResult Build(IReadOnlyList<string> header, char delimiter) =>
        new(_builder.Build(), _rejected, header, delimiter, _rows) { DuplicatesDropped = _duplicates, PagesFromEvents = _pagesFromEvents };
}
