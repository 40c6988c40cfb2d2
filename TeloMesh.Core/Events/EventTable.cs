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
}

/// <summary>A column that is not one of the required ones, interned like the others.</summary>
public sealed record ExtraColumn(string Name, StringPool Values, int[] Ids);
