using System.Globalization;
using TeloMesh.Core.Export;
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

    /// <summary>The mark of a pair seen fewer than 30 times, short enough for a grid cell (its tooltip says more).</summary>
    public const string FewMark = "few obs.";

    // ---- Goals (docs/metrics.md section 8) ----

    /// <summary>The dataset's conversion numbers; null when it has no goals.</summary>
    public GoalSummary? Goals => Report.Goals;

    public bool HasGoals => Report.Goals is not null;

    /// <summary>How many pairs are goals (their steps convert the session).</summary>
    public int GoalPairs { get; } = report.Points.Count(p => p.IsGoal);

    /// <summary>Why rows are missing when goal pairs are hidden: "1 goal pair not listed: sessions succeed there."; null otherwise.</summary>
    public string? HiddenGoals => GoalPairs == 0 || Filter.ShowGoals ? null
        : string.Create(C, $"{GoalPairs:N0} goal {(GoalPairs == 1 ? "pair" : "pairs")} not listed: sessions succeed there, so {(GoalPairs == 1 ? "it is" : "they are")} never friction.");

    /// <summary>What the projected gain column means, with the reduction the analysis used.</summary>
    public string? GainMeaning => Report.Goals is { } g
        ? $"Projected gain: extra conversions per 1,000 sessions if {ReportText.Percent(g.GainReduction)} fewer sessions ended at the pair and went on like the others that pass it."
        : null;

    /// <summary>On a chain too large to compute every gain: which pairs have one; null when all do.</summary>
    public string? GainsComputed => Report.Goals?.GainsComputed is { } computed
        ? string.Create(C, $"Projected gains were computed for {computed:N0} pairs, the chokepoints and the {ConversionModel.TopByExits:N0} with the most exits: this dataset has more than {ConversionModel.ExactStates:N0} pairs before a conversion, too many to solve each in time. The others show —.")
        : null;

    /// <summary>The gain of <paramref name="point"/> as its cell shows it ("+12.5", "—").</summary>
    public static string Gain(FrictionPoint point) => point.Goal is { } g ? ReportText.Gain(g.ProjectedGain) : "";

    /// <summary>The gain of <paramref name="point"/> in a sentence, for its tooltip; why it is missing when it is.</summary>
    public static string GainTooltip(FrictionPoint point, GoalSummary? goals) => (point.Goal, goals) switch
    {
        (null, _) or (_, null) => "",
        ({ IsGoal: true }, _) => "A goal: sessions succeed here.",
        ({ HasGain: false }, _) => ReportText.GainNotComputed,
        var (g, summary) => ReportText.GainSentence(g.ProjectedGain, summary.GainReduction) +
            string.Create(C, $" (about {g.ProjectedConversions:N1} more conversions over these {summary.Sessions:N0} sessions)."),
    };
}
