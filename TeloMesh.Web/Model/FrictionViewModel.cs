using System.Globalization;
using TeloMesh.Core.Friction;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Friction Points page: the report and the filter. The filtered rows are computed once per filter
/// change (not per render), so a 50,000-row report stays quick; the summary numbers come from Core.
/// </summary>
public sealed class FrictionViewModel(FrictionReport report)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly FilteredRows<FrictionFilter, FrictionPoint> _rows = new(new(), filter => filter.Apply(report));

    public FrictionReport Report { get; } = report;

    public FrictionFilter Filter
    {
        get => _rows.Filter;
        set => _rows.Filter = value;
    }

    public IReadOnlyList<FrictionPoint> Rows => _rows.Rows;

    public IReadOnlyList<string> Pages { get; } = [.. report.Points.Select(p => p.Page).Distinct().Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> Events { get; } = [.. report.Points.Select(p => p.Event).Distinct().Order(StringComparer.Ordinal)];

    public FrictionSummary Summary => Report.Summary;

    /// <summary>The summary cards above the grid.</summary>
    public IReadOnlyList<Metric> Cards { get; } =
    [
        new("Users lost at chokepoints", report.Summary.UsersLostAtChokepoints.ToString("N0", C),
            string.Create(C, $"Distinct users with a session that ended at a chokepoint ({report.Summary.SessionsLostAtChokepoints:N0} sessions): the people fixing the chokepoints would reach.")),
        new("Average exit rate", report.Summary.AverageExitRate.ToString("P1", C), "The mean, over all (page, event) pairs, of exits divided by occurrences."),
        new("Average score", report.Summary.AverageScore.ToString("0.0000", C), "The mean friction score (exit rate × betweenness)."),
        new("Chokepoints", report.Summary.Chokepoints.ToString("N0", C), "Pairs whose score is above zero and in the top tenth of the non-zero scores."),
    ];

    /// <summary>How many rows the filter keeps, of all: "8 of 8 rows".</summary>
    public string RowCount => string.Create(C, $"{Rows.Count:N0} of {Report.Points.Count:N0} rows");
}
