using TeloMesh.Core.Friction;

namespace TeloMesh.Web.Model;

/// <summary>The state of the Friction Points page: the report, the filter and what the summary cards show.</summary>
public sealed class FrictionViewModel(FrictionReport report)
{
    public FrictionReport Report { get; } = report;

    public FrictionFilter Filter { get; set; } = new();

    public IReadOnlyList<FrictionPoint> Rows => [.. Filter.Apply(Report)];

    public IReadOnlyList<string> Pages { get; } = [.. report.Points.Select(p => p.Page).Distinct().Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Events { get; } = [.. report.Points.Select(p => p.Event).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Sessions that ended on any (page, event): every session ends exactly once.</summary>
    public int SessionsLost => Report.Points.Sum(p => p.Exits);

    public double AverageExitRate => Report.Points.Count == 0 ? 0 : Report.Points.Average(p => p.ExitRate);

    public double AverageScore => Report.Points.Count == 0 ? 0 : Report.Points.Average(p => p.Score);

    public int ChokepointCount => Report.Points.Count(p => p.IsChokepoint);
}
