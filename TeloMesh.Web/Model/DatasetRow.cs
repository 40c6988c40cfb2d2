using System.Globalization;
using TeloMesh.Core.Datasets;

namespace TeloMesh.Web.Model;

/// <summary>How a dataset's facts read in the datasets table.</summary>
public static class DatasetRow
{
    public static string DateRange(DatasetInfo? info) =>
        info?.FirstEventUtc is { } first && info.LastEventUtc is { } last
            ? $"{first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : "not analysed yet";

    /// <summary>"analysed", or why not: never analysed, or an analysis that did not finish (its files may be mixed).</summary>
    public static string State(DatasetInfo? info) =>
        info is null ? "not analysed yet" : info.AnalysedUtc is null ? "analysis not finished" : "analysed";

    public static string OptionsText(DatasetInfo? info) =>
        info?.Options is { } o
            ? string.Create(CultureInfo.InvariantCulture, $"gap {o.SessionGapMinutes:0.#} min, {o.Betweenness}{(o.Compat == "telomesh" ? ", compat" : "")}{(o.MinSupport > 1 ? $", min support {o.MinSupport}" : "")}{GroupingText(o.PageRules)}")
            : "–";

    /// <summary>", pages grouped by 3 rules" when it has grouping rules (docs/metrics.md section 11).</summary>
    private static string GroupingText(string? rules) =>
        string.IsNullOrEmpty(rules) ? "" : rules.Split('\n').Length is var n ? $", pages grouped by {n} {(n == 1 ? "rule" : "rules")}" : "";

    /// <summary>The goals it was analysed with ("page /checkout/confirmation"), or "none".</summary>
    public static string GoalsText(DatasetInfo? info) =>
        info?.Options is { } o && (o.GoalPages ?? []).Count + (o.GoalEvents ?? []).Count > 0
            ? new TeloMesh.Core.Journeys.GoalSet(o.GoalPages ?? [], o.GoalEvents ?? []).ToString()
            : "none";

    /// <summary>Its conversion rate with goals ("12.5 % of sessions convert"); null without goals.</summary>
    public static string? ConversionText(DatasetInfo? info) =>
        info?.Goals is { } g ? string.Create(CultureInfo.InvariantCulture, $"{g.ConversionRate:P1} of sessions convert") : null;
}
