using TeloMesh.Core.Friction;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Friction Points page: the report's rows and the user's filters. Filtering only selects rows; every
/// number comes from TeloMesh.Core.
/// </summary>
public sealed class FrictionViewModel(FrictionReport report)
{
    public FrictionReport Report { get; } = report;

    /// <summary>Case-insensitive text matched against page and event.</summary>
    public string Search { get; set; } = string.Empty;

    /// <summary>Keep only the top share of rows by score (0.25, 0.10, 0.05), or all when null.</summary>
    public double? TopShare { get; set; }

    public bool ChokepointsOnly { get; set; }

    public IReadOnlyList<FrictionPoint> Rows => [.. Filter()];

    private IEnumerable<FrictionPoint> Filter()
    {
        IEnumerable<FrictionPoint> rows = Report.Points; // already sorted by score, descending
        if (TopShare is { } share)
            rows = rows.Take(Math.Max(1, (int)Math.Ceiling(Report.Points.Count * share)));
        if (ChokepointsOnly)
            rows = rows.Where(p => p.IsChokepoint);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim();
            rows = rows.Where(p => p.Page.Contains(text, StringComparison.OrdinalIgnoreCase) || p.Event.Contains(text, StringComparison.OrdinalIgnoreCase));
        }
        return rows;
    }

    /// <summary>Sessions that ended on any (page, event): every session ends exactly once.</summary>
    public int SessionsLost => Report.Points.Sum(p => p.Exits);

    public double AverageExitRate => Report.Points.Count == 0 ? 0 : Report.Points.Average(p => p.ExitRate);

    public double AverageScore => Report.Points.Count == 0 ? 0 : Report.Points.Average(p => p.Score);

    public int ChokepointCount => Report.Points.Count(p => p.IsChokepoint);
}
