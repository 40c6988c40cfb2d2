namespace TeloMesh.Core.Events;

/// <summary>
/// The accepted events of a dataset, stored by column: one array per field, strings interned into pools and held as
/// ids, timestamps as UTC ticks. Row <c>i</c> is the i-th accepted event in input order. There is no object per event,
/// so ten million events cost about 30 bytes each.
/// </summary>
public sealed class EventTable
{
    internal EventTable(
        int count, int[] userIds, long[] ticks, int[] pageIds, int[] eventIds, int[]? sessionIds, int[] lineNumbers,
        StringPool users, StringPool pages, StringPool events, StringPool? sessions, IReadOnlyList<ExtraColumn> extras)
    {
        Count = count;
        _userIds = userIds;
        _ticks = ticks;
        _pageIds = pageIds;
        _eventIds = eventIds;
        _sessionIds = sessionIds;
        _lineNumbers = lineNumbers;
        Users = users;
        Pages = pages;
        Events = events;
        Sessions = sessions;
        ExtraColumns = extras;
        Ungrouped = this;
    }

    private readonly int[] _userIds, _pageIds, _eventIds, _lineNumbers;
    private readonly int[]? _sessionIds;
    private readonly long[] _ticks;

    /// <summary>The number of events.</summary>
    public int Count { get; }

    public StringPool Users { get; }
    public StringPool Pages { get; }
    public StringPool Events { get; }

    /// <summary>The given session ids, or <see langword="null"/> when the input had no <c>session_id</c> column.</summary>
    public StringPool? Sessions { get; }

    /// <summary>Columns beyond the required ones (segments such as <c>platform</c>, <c>event_properties</c>), kept as read.</summary>
    public IReadOnlyList<ExtraColumn> ExtraColumns { get; }

    public ReadOnlySpan<int> UserIds => _userIds.AsSpan(0, Count);
    public ReadOnlySpan<long> Ticks => _ticks.AsSpan(0, Count);
    public ReadOnlySpan<int> PageIds => _pageIds.AsSpan(0, Count);
    public ReadOnlySpan<int> EventIds => _eventIds.AsSpan(0, Count);

    /// <summary>The session id of each event, -1 where the row had none; empty when there was no session column.</summary>
    public ReadOnlySpan<int> SessionIds => _sessionIds is null ? default : _sessionIds.AsSpan(0, Count);

    /// <summary>The 1-based line number in the source file where each event's record starts.</summary>
    public ReadOnlySpan<int> LineNumbers => _lineNumbers.AsSpan(0, Count);

    public bool HasSessionIds => _sessionIds is not null;

    /// <summary>
    /// The pages as read, before grouping rules renamed them (docs/metrics.md section 11); null when no rules were applied.
    /// Indexed by <see cref="RawPageIds"/>.
    /// </summary>
    public StringPool? RawPages { get; private init; }

    private int[]? _rawPageIds;

    /// <summary>Each event's page as read (an id of <see cref="RawPages"/>); empty when no rules were applied.</summary>
    public ReadOnlySpan<int> RawPageIds => _rawPageIds is null ? default : _rawPageIds.AsSpan(0, Count);

    /// <summary>What renamed the pages (the grouping rules, as given to <see cref="WithPagesRenamed"/>); null for pages as read.</summary>
    public object? GroupedBy { get; private init; }

    /// <summary>The table grouping rules were applied to (this one when none were).</summary>
    public EventTable Ungrouped { get; private init; } = null!;

    /// <summary>
    /// These events with each page renamed by <paramref name="rename"/> (called once per distinct page): the same rows,
    /// users, times, events and sessions, new page ids into a new pool (in order of first occurrence), and the pages as
    /// read kept as <see cref="RawPages"/>.
    /// </summary>
    /// <param name="groupedBy">What <paramref name="rename"/> stands for (the rules), kept as <see cref="GroupedBy"/>.</param>
    public EventTable WithPagesRenamed(Func<string, string> rename, object? groupedBy = null)
    {
        var source = Ungrouped;
        var pages = new StringPool();
        var map = new int[source.Pages.Count];
        Array.Fill(map, -1);
        var pageIds = new int[source.Count];
        var raw = source._pageIds;
        for (var i = 0; i < source.Count; i++)
        {
            var id = raw[i];
            if (map[id] < 0) map[id] = pages.Intern(rename(source.Pages[id]));
            pageIds[i] = map[id];
        }
        return new EventTable(source.Count, source._userIds, source._ticks, pageIds, source._eventIds, source._sessionIds, source._lineNumbers,
            source.Users, pages, source.Events, source.Sessions, source.ExtraColumns)
        {
            RawPages = source.Pages,
            _rawPageIds = raw,
            Ungrouped = source,
            GroupedBy = groupedBy,
        };
    }
}

/// <summary>
/// A column that is not one of the required ones (a segment such as <c>platform</c>), interned like the others.
/// <see cref="Ids"/> reads a value id for every row, an empty cell as the id of "". A column with values in at most
/// half of its rows keeps only those (their rows and ids), so a column that is mostly empty costs next to nothing; a
/// fuller one keeps an id per row.
/// </summary>
public sealed class ExtraColumn
{
    private readonly int[]? _rows;
    private readonly int[] _ids;
    private readonly int _empty;

    private ExtraColumn(string name, StringPool values, int count, int[]? rows, int[] ids, int empty)
    {
        Name = name;
        Values = values;
        _rows = rows;
        _ids = ids;
        _empty = empty;
        Ids = new RowIds(this, count);
    }

    public string Name { get; }
    public StringPool Values { get; }

    /// <summary>The value id of every row, in row order.</summary>
    public IReadOnlyList<int> Ids { get; }

    /// <summary>
    /// The column of <paramref name="count"/> rows whose non-empty cells are <paramref name="rows"/> (ascending) with the
    /// value ids <paramref name="ids"/>.
    /// </summary>
    public static ExtraColumn Of(string name, StringPool values, int count, IReadOnlyList<int> rows, IReadOnlyList<int> ids)
    {
        var empty = values.Intern(string.Empty);
        if (rows.Count * 2 <= count) return new ExtraColumn(name, values, count, [.. rows], [.. ids], empty);
        var dense = new int[count];
        Array.Fill(dense, empty);
        for (var i = 0; i < rows.Count; i++) dense[rows[i]] = ids[i];
        return new ExtraColumn(name, values, count, null, dense, empty);
    }

    private int IdAt(int row)
    {
        if (_rows is null) return _ids[row];
        var at = Array.BinarySearch(_rows, row);
        return at >= 0 ? _ids[at] : _empty;
    }

    private sealed class RowIds(ExtraColumn column, int count) : IReadOnlyList<int>
    {
        public int Count => count;

        public int this[int row] => (uint)row < (uint)count ? column.IdAt(row) : throw new ArgumentOutOfRangeException(nameof(row));

        public IEnumerator<int> GetEnumerator()
        {
            for (var row = 0; row < count; row++) yield return column.IdAt(row);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
