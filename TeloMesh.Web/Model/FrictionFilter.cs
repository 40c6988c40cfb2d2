using System.Globalization;
using TeloMesh.Core.Friction;

namespace TeloMesh.Web.Model;

/// <summary>
/// The Friction Points filters: the same record filters the grid and names and filters the CSV export, so a download
/// holds exactly the rows on screen. Filters only select rows; every number comes from TeloMesh.Core.
/// </summary>
public sealed record FrictionFilter
{
    /// <summary>Case-insensitive text matched against page and event.</summary>
    public string? Search { get; init; }

    /// <summary>Keep only the top share of all rows by score (0.25, 0.10, 0.05, rounded up), or all when null.</summary>
    public double? TopShare { get; init; }

    public bool ChokepointsOnly { get; init; }

    /// <summary>
    /// Also list goal pairs (docs/metrics.md section 8). Off by default: sessions succeed there, so a goal is never friction,
    /// and the list shows where sessions are lost.
    /// </summary>
    public bool ShowGoals { get; init; }

    /// <summary>Exactly this page, or any.</summary>
    public string? Page { get; init; }

    /// <summary>Exactly this event, or any.</summary>
    public string? Event { get; init; }

    public IEnumerable<FrictionPoint> Apply(FrictionReport report)
    {
        IEnumerable<FrictionPoint> rows = report.Points; // sorted by score, descending
        if (!ShowGoals) rows = rows.Where(p => !p.IsGoal);
        if (TopShare is { } share)
            rows = rows.Take(Math.Max(1, (int)Math.Ceiling(report.Points.Count * share)));
        if (ChokepointsOnly) rows = rows.Where(p => p.IsChokepoint);
        if (!string.IsNullOrEmpty(Page)) rows = rows.Where(p => p.Page == Page);
        if (!string.IsNullOrEmpty(Event)) rows = rows.Where(p => p.Event == Event);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim();
            rows = rows.Where(p => p.Page.Contains(text, StringComparison.OrdinalIgnoreCase) || p.Event.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        return rows;
    }

    /// <summary>The query string of the export link (empty values left out).</summary>
    public string ToQuery() => QueryText.Build(
        ("q", Search), ("top", TopShare?.ToString(CultureInfo.InvariantCulture)), ("chokepoints", ChokepointsOnly ? "1" : null),
        ("goals", ShowGoals ? "1" : null), ("page", Page), ("event", Event));

    public static FrictionFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new()
    {
        Search = query.GetValueOrDefault("q"),
        TopShare = double.TryParse(query.GetValueOrDefault("top"), NumberStyles.Float, CultureInfo.InvariantCulture, out var top) && top is > 0 and <= 1 ? top : null,
        ChokepointsOnly = query.GetValueOrDefault("chokepoints") == "1",
        ShowGoals = query.GetValueOrDefault("goals") == "1",
        Page = query.GetValueOrDefault("page"),
        Event = query.GetValueOrDefault("event"),
    };

    /// <summary>What the file name says about the filter, e.g. <c>-top10-chokepoints-search-cart</c>.</summary>
    public string FileSuffix()
    {
        var parts = new List<string>();
        if (TopShare is { } share) parts.Add(string.Create(CultureInfo.InvariantCulture, $"top{share * 100:0}"));
        if (ChokepointsOnly) parts.Add("chokepoints");
        if (ShowGoals) parts.Add("with-goals");
        if (!string.IsNullOrEmpty(Page)) parts.Add("page-" + FileNames.Slug(Page));
        if (!string.IsNullOrEmpty(Event)) parts.Add("event-" + FileNames.Slug(Event));
        if (!string.IsNullOrWhiteSpace(Search)) parts.Add("search-" + FileNames.Slug(Search));
        return parts.Count == 0 ? "" : "-" + string.Join('-', parts);
    }
}
