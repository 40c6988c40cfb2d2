namespace TeloMesh.Core.Events;

/// <summary>
/// Interns the strings of one column (users, pages, events, sessions) so that every distinct value is stored once
/// and rows hold an <see cref="int"/> id. Ids are dense and given in order of first appearance.
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
    private readonly List<string> _values = [];

    public StringPool() => _spanLookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The number of distinct values.</summary>
    public int Count => _values.Count;

    /// <summary>The value of an id.</summary>
    public string this[int id] => _values[id];

    /// <summary>Every value, indexed by id.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>The id of <paramref name="value"/>, adding it when it is new.</summary>
    public int Intern(string value)
    {
        if (_ids.TryGetValue(value, out var id))
            return id;
        id = _values.Count;
        _ids.Add(value, id);
        _values.Add(value);
        return id;
    }

    /// <summary>The id of <paramref name="value"/>, allocating a string only when the value is new.</summary>
    public int Intern(ReadOnlySpan<char> value)
    {
        if (_spanLookup.TryGetValue(value, out var id))
            return id;
        return Intern(value.ToString());
    }

    /// <summary>The id of <paramref name="value"/>, or -1 when it was never interned.</summary>
    public int Find(string value) => _ids.TryGetValue(value, out var id) ? id : -1;
}
