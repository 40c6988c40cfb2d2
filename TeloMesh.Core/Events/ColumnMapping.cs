namespace TeloMesh.Core.Events;

/// <summary>
/// Which header names hold the user, time, page, event and session of each event. The defaults are the names of
/// docs/metrics.md section 1; <see cref="Aliases"/> lists the other names accepted for each role.
/// A user whose file uses other names (<c>distinct_id</c>, <c>ts</c>) sets them here.
/// </summary>
public sealed record ColumnMapping
{
    public string User { get; init; } = "user_id";
    public string Timestamp { get; init; } = "timestamp";
    public string Page { get; init; } = "page";
    public string Event { get; init; } = "event";

    /// <summary>Optional: when no column has this name, sessions come from the gap rule.</summary>
    public string Session { get; init; } = "session_id";

    public static ColumnMapping Default { get; } = new();

    /// <summary>Other accepted names per role when the default mapping is used (docs/metrics.md: <c>page_url</c>, <c>event_name</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> Aliases { get; } = new Dictionary<string, string[]>
    {
        ["page"] = ["page_url"],
        ["event"] = ["event_name"],
    };
}

/// <summary>The positions of the mapped columns in a header; -1 for a session column that is not there.</summary>
public sealed record ColumnPositions(int User, int Timestamp, int Page, int Event, int Session, IReadOnlyList<(int Index, string Name)> Extras)
{
    /// <summary>
    /// Finds the mapped columns in <paramref name="header"/>, matching names case-insensitively and ignoring surrounding
    /// whitespace. Throws <see cref="InvalidInputException"/> naming every missing required column and showing the header.
    /// </summary>
    public static ColumnPositions Find(IReadOnlyList<string> header, ColumnMapping mapping)
    {
        var (positions, missing) = Locate(header, mapping);
        if (positions is not null) return positions;
        var found = header.Count == 0 ? "(nothing)" : string.Join(", ", header.Select(h => $"'{h}'"));
        throw new InvalidInputException(
            $"Missing required column{(missing.Count > 1 ? "s" : "")}: {string.Join(", ", missing)}. " +
            $"The header (line 1) has: {found}. Required: user_id, timestamp, page (or page_url), event (or event_name)." +
            (header.Count == 1 ? " The header was read as one column: separate the columns with commas, semicolons or tabs." : ""));
    }

    /// <summary>The required columns <paramref name="mapping"/> cannot find in <paramref name="header"/> (named by their mapped header names).</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<string> header, ColumnMapping mapping) => Locate(header, mapping).Missing;

    private static (ColumnPositions? Positions, List<string> Missing) Locate(IReadOnlyList<string> header, ColumnMapping mapping)
    {
        var missing = new List<string>();
        var used = new HashSet<int>();
        int Locate(string name, bool required)
        {
            var candidates = new List<string> { name };
            if (mapping == ColumnMapping.Default)
                candidates.AddRange(ColumnMapping.Aliases.GetValueOrDefault(name, []));
            foreach (var candidate in candidates)
            {
                for (var i = 0; i < header.Count; i++)
                {
                    if (!used.Contains(i) && string.Equals(header[i].Trim(), candidate.Trim(), StringComparison.OrdinalIgnoreCase))
                    {
                        used.Add(i);
                        return i;
                    }
                }
            }
            if (required) missing.Add(name);
            return -1;
        }
        var user = Locate(mapping.User, true);
        var time = Locate(mapping.Timestamp, true);
        var page = Locate(mapping.Page, true);
        var evt = Locate(mapping.Event, true);
        var session = Locate(mapping.Session, false);
        if (missing.Count > 0) return (null, missing);
        var extras = Enumerable.Range(0, header.Count).Where(i => !used.Contains(i)).Select(i => (i, header[i].Trim())).ToList();
        return (new ColumnPositions(user, time, page, evt, session, extras), missing);
    }
}
