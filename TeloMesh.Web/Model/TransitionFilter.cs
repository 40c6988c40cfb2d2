using TeloMesh.Core.Friction;

namespace TeloMesh.Web.Model;

/// <summary>
/// The Transitions page's filters: the same record filters the grid and names and filters the CSV export, so a download
/// holds exactly the rows on screen. Filters only select rows; every number comes from TeloMesh.Core.
/// </summary>
public sealed record TransitionFilter
{
    /// <summary>Case-insensitive text the from page contains.</summary>
    public string? From { get; init; }

    /// <summary>Case-insensitive text the to page contains.</summary>
    public string? To { get; init; }

    /// <summary>Keep pairs with a chokepoint page on either side.</summary>
    public bool ChokepointEitherSide { get; init; }

    /// <summary>Keep pairs that are two consecutive steps of some fragile flow (of those the analysis holds).</summary>
    public bool InFragileFlows { get; init; }

    public IEnumerable<TransitionPair> Apply(TransitionRows rows)
    {
        IEnumerable<TransitionPair> kept = rows.All; // in the specification's order: transitions descending
        if (Text(From) is { } from) kept = kept.Where(r => r.FromPage.Contains(from, StringComparison.OrdinalIgnoreCase));
        if (Text(To) is { } to) kept = kept.Where(r => r.ToPage.Contains(to, StringComparison.OrdinalIgnoreCase));
        if (ChokepointEitherSide) kept = kept.Where(r => r.FromChokepoint || r.ToChokepoint);
        if (InFragileFlows) kept = kept.Where(r => rows.InFragileFlows.Contains((r.FromPage, r.ToPage)));
        return kept;
    }

    /// <summary>The query string of the export link (empty values left out).</summary>
    public string ToQuery() => QueryText.Build(
        ("from", Text(From)), ("to", Text(To)), ("chokepoints", ChokepointEitherSide ? "1" : null), ("fragile", InFragileFlows ? "1" : null));

    public static TransitionFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new()
    {
        From = query.GetValueOrDefault("from"),
        To = query.GetValueOrDefault("to"),
        ChokepointEitherSide = query.GetValueOrDefault("chokepoints") == "1",
        InFragileFlows = query.GetValueOrDefault("fragile") == "1",
    };

    /// <summary>What the file name says about the filter, e.g. <c>-from-cart-chokepoints</c>.</summary>
    public string FileSuffix()
    {
        var parts = new List<string>();
        if (Text(From) is { } from) parts.Add("from-" + FileNames.Slug(from));
        if (Text(To) is { } to) parts.Add("to-" + FileNames.Slug(to));
        if (ChokepointEitherSide) parts.Add("chokepoints");
        if (InFragileFlows) parts.Add("in-fragile-flows");
        return parts.Count == 0 ? "" : "-" + string.Join('-', parts);
    }

    private static string? Text(string? search) => string.IsNullOrWhiteSpace(search) ? null : search.Trim();
}
