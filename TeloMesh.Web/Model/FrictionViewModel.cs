using TeloMesh.Core.Friction;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Friction Points page: the report and the filter. The filtered rows are computed once per filter
/// change (not per render), so a 50,000-row report stays quick; the summary numbers come from Core.
/// </summary>
public sealed class FrictionViewModel(FrictionReport report)
{
    private FrictionFilter _filter = new();
    private IReadOnlyList<FrictionPoint>? _rows;

    public FrictionReport Report { get; } = report;

    public FrictionFilter Filter
    {
        get => _filter;
        set
        {
            _filter = value;
            _rows = null;
        }
    }

    public IReadOnlyList<FrictionPoint> Rows => _rows ??= [.. Filter.Apply(Report)];

    public IReadOnlyList<string> Pages { get; } = [.. report.Points.Select(p => p.Page).Distinct().Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Events { get; } = [.. report.Points.Select(p => p.Event).Distinct().Order(StringComparer.Ordinal)];

    public FrictionSummary Summary => Report.Summary;
}
