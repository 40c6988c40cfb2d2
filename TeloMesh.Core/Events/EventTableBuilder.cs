namespace TeloMesh.Core.Events;

/// <summary>Appends events one at a time into growing column arrays, then freezes them into an <see cref="EventTable"/>.</summary>
public sealed class EventTableBuilder
{
    private int _count;
    private int[] _userIds, _pageIds, _eventIds, _lineNumbers;
    private int[]? _sessionIds;
    private long[] _ticks;
    /// <summary>Each extra column's non-empty cells only (row, value id): an empty cell costs nothing while reading.</summary>
    private readonly List<(string Name, StringPool Pool, List<int> Rows, List<int> Ids)> _extras = [];

    public EventTableBuilder(bool hasSessionIds, IEnumerable<string>? extraColumnNames = null, int capacity = 1024)
    {
        capacity = Math.Max(capacity, 16);
        _userIds = new int[capacity];
        _pageIds = new int[capacity];
        _eventIds = new int[capacity];
        _lineNumbers = new int[capacity];
        _ticks = new long[capacity];
        if (hasSessionIds)
        {
            _sessionIds = new int[capacity];
            Sessions = new StringPool();
        }
        foreach (var name in extraColumnNames ?? [])
            _extras.Add((name, new StringPool(), [], []));
    }

    public StringPool Users { get; } = new();
    public StringPool Pages { get; } = new();
    public StringPool Events { get; } = new();
    public StringPool? Sessions { get; }
    public int Count => _count;

    /// <summary>Adds an event from already interned ids. <paramref name="sessionId"/> is -1 for "none".</summary>
    public void Add(int userId, long utcTicks, int pageId, int eventId, int sessionId, int lineNumber)
    {
        if (_count == _ticks.Length)
            Grow();
        _userIds[_count] = userId;
        _ticks[_count] = utcTicks;
        _pageIds[_count] = pageId;
        _eventIds[_count] = eventId;
        _lineNumbers[_count] = lineNumber;
        if (_sessionIds is not null)
            _sessionIds[_count] = sessionId;
        _count++;
    }

    /// <summary>Sets extra column <paramref name="column"/> of the event added last.</summary>
    public void SetExtra(int column, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return;
        var (_, pool, rows, ids) = _extras[column];
        rows.Add(_count - 1);
        ids.Add(pool.Intern(value));
    }

    private void Grow()
    {
        var size = _ticks.Length * 2;
        Array.Resize(ref _userIds, size);
        Array.Resize(ref _pageIds, size);
        Array.Resize(ref _eventIds, size);
        Array.Resize(ref _lineNumbers, size);
        Array.Resize(ref _ticks, size);
        if (_sessionIds is not null) Array.Resize(ref _sessionIds, size);
    }

    public EventTable Build()
    {
        var extras = new List<ExtraColumn>(_extras.Count);
        foreach (var (name, pool, rows, ids) in _extras)
            extras.Add(ExtraColumn.Of(name, pool, _count, rows, ids));
        return new EventTable(_count, _userIds, _ticks, _pageIds, _eventIds, _sessionIds, _lineNumbers,
            Users, Pages, Events, Sessions, extras);
    }
}
