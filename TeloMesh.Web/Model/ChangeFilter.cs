using TeloMesh.Core.Comparison;

namespace TeloMesh.Web.Model;

/// <summary>
/// Which changes of a comparison the Compare page lists: the same record filters the grid, rides in the page's URL and
/// names and filters the downloads, so a download holds exactly the rows on screen (as <see cref="FrictionFilter"/> does).
/// </summary>
public sealed record ChangeFilter
{
    /// <summary>Case-insensitive text matched against page, event and destination page.</summary>
    public string? Search { get; init; }

    /// <summary>Only exits, transitions or conversions; all when null.</summary>
    public ChangeKind? Kind { get; init; }

    /// <summary>Only changes for the worse: an exit rate that rose or a conversion rate that fell (<see cref="Change.Worse"/>).</summary>
    public bool WorseOnly { get; init; }

    /// <summary>Whether the filter keeps every change.</summary>
    public bool KeepsAll => string.IsNullOrWhiteSpace(Search) && Kind is null && !WorseOnly;

    /// <summary>The changes kept, in the comparison's order (significant first, then by impact).</summary>
    public IEnumerable<Change> Apply(ComparisonResult result)
    {
        var rows = WorseOnly ? result.Worse : result.Changes;
        if (Kind is { } kind) rows = rows.Where(c => c.Kind == kind);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim();
            rows = rows.Where(c => c.Page.Contains(text, StringComparison.OrdinalIgnoreCase) || c.Event.Contains(text, StringComparison.OrdinalIgnoreCase)
                || c.ToPage.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        return rows;
    }

    /// <summary>What the filter keeps, in words (<c>worse only, transitions, matching 'cart'</c>); null when it keeps all.</summary>
    public string? Describe()
    {
        if (KeepsAll) return null;
        var parts = new List<string>();
        if (WorseOnly) parts.Add("worse only");
        if (Kind is { } kind) parts.Add(Plural(kind));
        if (!string.IsNullOrWhiteSpace(Search)) parts.Add($"matching '{Search.Trim()}'");
        return "Listed: " + string.Join(", ", parts);
    }

    /// <summary>A kind in the plural, as the kind filter names it: "exits", "transitions", "conversions".</summary>
    public static string Plural(ChangeKind kind) => kind.ToString().ToLowerInvariant() + "s";

    public IEnumerable<(string Key, string? Value)> QueryPairs() =>
        [("search", Search), ("kind", Kind?.ToString().ToLowerInvariant()), ("worse", WorseOnly ? "1" : null)];

    public static ChangeFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new()
    {
        Search = query.GetValueOrDefault("search"),
        Kind = Enum.TryParse<ChangeKind>(query.GetValueOrDefault("kind"), ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null,
        WorseOnly = query.GetValueOrDefault("worse") == "1",
    };

    /// <summary>What the file name says about the filter, e.g. <c>-worse-transition-search-cart</c>.</summary>
    public string FileSuffix()
    {
        var parts = new List<string>();
        if (WorseOnly) parts.Add("worse");
        if (Kind is { } kind) parts.Add(kind.ToString().ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(Search)) parts.Add("search-" + FileNames.Slug(Search));
        return parts.Count == 0 ? "" : "-" + string.Join('-', parts);
    }
}
