namespace TeloMesh.Core.Events;

/// <summary>
/// Which column holds the user, time, page, event and session of each event: the one column mapping of every source,
/// a file's header as a ClickHouse table's columns. The defaults are the names of docs/metrics.md section 1;
/// <see cref="Aliases"/> lists the other names a file may use for each role. A user whose export uses other names
/// (<c>distinct_id</c>, <c>ts</c>) sets them here, on the command line with <c>role=COLUMN</c> pairs (<see cref="TryParse"/>).
/// </summary>
public sealed record ColumnMapping
{
    public string User { get; init; } = "user_id";
    public string Timestamp { get; init; } = "timestamp";
    public string Page { get; init; } = "page";
    public string Event { get; init; } = "event";

    /// <summary>
    /// Optional. A file's session column is used when its header has it; null (or a name the header lacks): sessions
    /// come from the gap rule. A table's is null unless given, since a table's columns are not guessed.
    /// </summary>
    public string? Session { get; init; } = "session_id";

    /// <summary>
    /// Whether the page role is filled by the event column (named alike, ignoring case and surrounding spaces): an
    /// event-only log, where each event name is a step (docs/metrics.md section 11).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEventOnly => string.Equals(Page.Trim(), Event.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>A file's mapping: the default names, and the session column when the header has one.</summary>
    public static ColumnMapping Default { get; } = new();

    /// <summary>A table's mapping: the default names and no session column (the gap rule) unless one is named.</summary>
    public static ColumnMapping Table { get; } = new() { Session = null };

    /// <summary>Other accepted names per role when the default mapping is used (docs/metrics.md: <c>page_url</c>, <c>event_name</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> Aliases { get; } = new Dictionary<string, string[]>
    {
        ["page"] = ["page_url"],
        ["event"] = ["event_name"],
    };

    /// <summary>The roles, as <see cref="TryParse"/> names them.</summary>
    public static IReadOnlyList<string> Roles { get; } = ["user", "time", "page", "event", "session"];

    /// <summary>The column that fills <paramref name="role"/> (one of <see cref="Roles"/>); null for no session column.</summary>
    public string? Column(string role) => role switch
    {
        "user" => User,
        "time" => Timestamp,
        "page" => Page,
        "event" => Event,
        "session" => Session,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, $"A role is one of {string.Join(", ", Roles)}."),
    };

    /// <summary>This mapping with <paramref name="role"/> (one of <see cref="Roles"/>) filled by <paramref name="column"/>.</summary>
    public ColumnMapping With(string role, string column) => role switch
    {
        "user" => this with { User = column },
        "time" => this with { Timestamp = column },
        "page" => this with { Page = column },
        "event" => this with { Event = column },
        "session" => this with { Session = column },
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, $"A role is one of {string.Join(", ", Roles)}."),
    };

    /// <summary>This mapping with each (role, column) of <paramref name="pairs"/> applied in order (<see cref="With(string, string)"/>).</summary>
    public ColumnMapping With(IEnumerable<(string Role, string Column)> pairs) =>
        pairs.Aggregate(this, (mapping, pair) => mapping.With(pair.Role, pair.Column));

    /// <summary>
    /// Reads <c>user=C,time=C,page=C,event=C,session=C</c> (any subset, any order; role names case-insensitive) into
    /// (role, column) pairs to apply with <see cref="With(IEnumerable{ValueTuple{string, string}})"/> onto a source's
    /// defaults, which keep the roles the text leaves out. False with <paramref name="problem"/> saying what is wrong:
    /// an unknown role, a role given twice, a pair without <c>=</c> or an empty column name.
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<(string Role, string Column)> pairs, out string? problem)
    {
        var read = new List<(string Role, string Column)>();
        pairs = read;
        problem = null;
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var role = equals < 0 ? pair : pair[..equals].Trim().ToLowerInvariant();
            var column = equals < 0 ? "" : pair[(equals + 1)..].Trim();
            if (equals < 0 || column.Length == 0)
                problem = $"'{pair}' is not role=COLUMN";
            else if (!Roles.Contains(role))
                problem = $"'{role}' is not a role (the roles are {string.Join(", ", Roles)})";
            else if (read.Any(r => r.Role == role))
                problem = $"{role} is given twice";
            if (problem is not null) return false;
            read.Add((role, column));
        }
        return true;
    }

    /// <summary>
    /// A first guess at a file's mapping from common export names (Mixpanel's <c>distinct_id</c> and <c>time</c>, GA4's
    /// <c>user_pseudo_id</c>...), for a person to check: the first header name that matches each role, else the default.
    /// </summary>
    public static ColumnMapping Guess(IReadOnlyList<string> header)
    {
        string Pick(string fallback, params string[] names) =>
            header.FirstOrDefault(h => names.Any(n => string.Equals(h.Trim(), n, StringComparison.OrdinalIgnoreCase))) ?? fallback;
        return new ColumnMapping
        {
            User = Pick("user_id", "user_id", "userid", "user", "distinct_id", "user_pseudo_id", "device_id"),
            Timestamp = Pick("timestamp", "timestamp", "time", "ts", "event_time", "event_timestamp", "date", "datetime"),
            Page = Pick("page", "page", "page_url", "url", "$current_url", "screen", "page_location", "page_title", "path"),
            Event = Pick("event", "event", "event_name", "event_type", "action", "name"),
            Session = Pick("session_id", "session_id", "session", "ga_session_id"),
        };
    }
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
            $"{MissingMessageStart}{(missing.Count > 1 ? "s" : "")}: {string.Join(", ", missing)}. " +
            $"The header (line 1) has: {found}. Required: user_id, timestamp, page (or page_url), event (or event_name)." +
            (missing.Contains(mapping.Page) && !missing.Contains(mapping.Event) ? " " + EventOnlyHint : "") +
            (header.Count == 1 ? " The header was read as one column: separate the columns with commas, semicolons or tabs." : ""));
    }

    /// <summary>What to do with a file that has no page column (said by the missing-column message when the event column is there).</summary>
    public const string EventOnlyHint =
        "No page column? In an event-only log, map the page role to the event column: each event name is then a step of the journey.";

    /// <summary>The start of the message of <see cref="Find"/>, for a face to add how it maps columns.</summary>
    public const string MissingMessageStart = "Missing required column";

    /// <summary>The required columns <paramref name="mapping"/> cannot find in <paramref name="header"/> (named by their mapped header names).</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<string> header, ColumnMapping mapping) => Locate(header, mapping).Missing;

    private static (ColumnPositions? Positions, List<string> Missing) Locate(IReadOnlyList<string> header, ColumnMapping mapping)
    {
        var missing = new List<string>();
        var used = new HashSet<int>();
        int Peek(string name)
        {
            // A role left at its default name also takes its aliases, whatever the other roles are mapped to.
            foreach (var candidate in ColumnMapping.Aliases.GetValueOrDefault(name, []).Prepend(name))
                for (var i = 0; i < header.Count; i++)
                    if (!used.Contains(i) && string.Equals(header[i].Trim(), candidate.Trim(), StringComparison.OrdinalIgnoreCase))
                        return i;
            return -1;
        }
        int Locate(string name, bool required)
        {
            var i = Peek(name);
            if (i >= 0) used.Add(i);
            else if (required) missing.Add(name);
            return i;
        }
        var user = Locate(mapping.User, true);
        var time = Locate(mapping.Timestamp, true);
        // An event-only log (docs/metrics.md section 11) maps the page role to the event column: one column, two roles. The
        // event column may be found by an alias (page=event_name, the event role left at "event"): the page role names it.
        var eventColumn = Peek(mapping.Event);
        var eventOnly = mapping.IsEventOnly ||
            (eventColumn >= 0 && string.Equals(header[eventColumn].Trim(), mapping.Page.Trim(), StringComparison.OrdinalIgnoreCase));
        var page = eventOnly ? -1 : Locate(mapping.Page, true);
        var evt = Locate(mapping.Event, true);
        if (eventOnly) page = evt;
        var session = mapping.Session is null ? -1 : Locate(mapping.Session, false);
        if (missing.Count > 0) return (null, missing);
        var extras = Enumerable.Range(0, header.Count).Where(i => !used.Contains(i)).Select(i => (i, header[i].Trim())).ToList();
        return (new ColumnPositions(user, time, page, evt, session, extras), missing);
    }
}
