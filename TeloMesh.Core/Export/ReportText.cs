using System.Globalization;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Friction;

namespace TeloMesh.Core.Export;

/// <summary>
/// The numbers of docs/metrics.md section 8 as people read them, in one place, so the dashboard and the HTML export say
/// the same thing in the same words (invariant culture: "33.3 %", "1,234").
/// </summary>
public static class ReportText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>What the range after an exit rate means, in one sentence.</summary>
    public const string IntervalMeaning =
        "The range is the 95 % confidence interval: with this many observations the true exit rate is very likely inside it.";

    /// <summary>The mark of a pair seen fewer than <see cref="WilsonInterval.FewObservations"/> times.</summary>
    public const string FewObservations = "few observations";

    /// <summary>What <see cref="FewObservations"/> means.</summary>
    /// <summary>"1,204 events had no page: their event name is their step (as in an event-only log)".</summary>
    public static string PagesFromEvents(int events) => string.Create(C,
        $"{events:N0} {(events == 1 ? "event had" : "events had")} no page: {(events == 1 ? "its" : "their")} event name is {(events == 1 ? "its" : "their")} step (as in an event-only log)");

    public static string FewObservationsMeaning(int occurrences) => string.Create(C,
        $"Seen {occurrences:N0} {(occurrences == 1 ? "time" : "times")}, fewer than {WilsonInterval.FewObservations}: its exit rate is a rough guess, as the width of its range shows.");

    /// <summary>An exit rate with its 95 % interval: <c>33.3 % (9.7–70.0)</c>.</summary>
    public static string ExitRate(double rate, double low, double high) =>
        string.Create(C, $"{rate:P1} ({low * 100:0.0}–{high * 100:0.0})");

    /// <summary>A projected gain in conversions per 1,000 sessions: <c>+12.5</c>, <c>&lt;0.1</c> when positive but smaller,
    /// <c>0</c>, or <c>—</c> when it was not computed (NaN).</summary>
    public static string Gain(double perThousand) =>
        double.IsNaN(perThousand) ? "—"
        : perThousand <= 0 ? "0"
        : perThousand < 0.05 ? "<0.1"
        : string.Create(C, $"+{perThousand:N1}");

    /// <summary>The gain in a sentence: <c>+12.5 conversions per 1,000 sessions if 10 % fewer sessions ended here</c>.</summary>
    public static string GainSentence(double perThousand, double reduction) => double.IsNaN(perThousand)
        ? "Not computed for this pair."
        : string.Create(C, $"{Gain(perThousand)} conversions per 1,000 sessions if {Percent(reduction)} fewer sessions ended here");

    /// <summary>A share as a whole percentage when it is one (<c>10 %</c>), else with a decimal (<c>12.5 %</c>).</summary>
    public static string Percent(double share) => string.Create(C, $"{share * 100:0.#} %");

    /// <summary>Why a gain shows <c>—</c>: on a chain this large only some pairs' gains are computed.</summary>
    public static string GainNotComputed { get; } = string.Create(C,
        $"Not computed: this dataset has more than {ConversionModel.ExactStates:N0} (page, event) pairs before a conversion, so projected gains are computed only for the chokepoints and the {ConversionModel.TopByExits:N0} pairs with the most exits.");

    /// <summary>The site conversion rate: <c>Conversion 4.2 % (1,234 of 29,000 sessions reach a goal)</c>.</summary>
    public static string Conversion(GoalSummary goals) =>
        string.Create(C, $"Conversion {goals.ConversionRate:P1} ({goals.Converted:N0} of {goals.Sessions:N0} sessions reach a goal)");

    /// <summary>
    /// A change of a comparison (docs/metrics.md section 9) as a product manager reads it: <c>worse: checkout (click):
    /// conversion of sessions through it 61.0 % -> 42.0 % (q &lt; 0.001), 120 sessions affected</c>. Only a significant
    /// change is called worse; a new or vanished transition is said whatever its q.
    /// </summary>
    public static string Change(Change c)
    {
        var rates = string.Create(C, $"{c.RateA:P1} -> {c.RateB:P1} ({PValue(c.Q, "q")})");
        var mark = c.Worse && c.Significant ? "worse: " : c.New ? "new: " : c.Vanished ? "vanished: " : "";
        return c.Kind switch
        {
            ChangeKind.Exit => string.Create(C, $"{mark}{c.Page} ({c.Event}): exit rate {rates}, {c.Impact:N0} visits affected"),
            ChangeKind.Conversion => string.Create(C, $"{mark}{c.Page} ({c.Event}): conversion of sessions through it {rates}, {c.Impact:N0} sessions affected"),
            _ => string.Create(C, $"{mark}{c.Page} -> {c.ToPage}: share of the transitions out of {c.Page} {rates}, {c.Impact:N0} transitions affected"),
        };
    }

    /// <summary>A p- or q-value: <c>q &lt; 0.001</c>, or <c>q = 0.042</c>.</summary>
    public static string PValue(double p, string name = "p") =>
        p < 0.001 ? $"{name} < 0.001" : string.Create(C, $"{name} = {p:0.###}");

    /// <summary>What a q-value means, in one plain sentence.</summary>
    public const string QValueMeaning = "q is the chance this change is noise, after looking at every change at once; below 0.05 it is called significant.";

    /// <summary>A slice in a line: <c>A: 2025-03-01 to 2025-03-08: 1,234 sessions, 210 converted (17.0 %)</c>.</summary>
    public static string Slice(string name, SliceSummary slice, bool withGoals) =>
        string.Create(C, $"{name}: {slice.Description}: {slice.Sessions:N0} sessions") +
        (withGoals ? string.Create(C, $", {slice.Converted:N0} converted ({slice.ConversionRate:P1})") : "");

    /// <summary>What the minimum support kept and hid: <c>57 tests with at least 30 observations in both slices; 12 left out below that.</c></summary>
    public static string Support(ComparisonResult r) =>
        string.Create(C, $"{r.Changes.Count:N0} tests with at least {r.MinSupport:N0} observations in both slices; {r.Hidden:N0} left out below that.");

    /// <summary>Why a comparison has no rows (not an error): no rate had enough observations in both slices.</summary>
    public static string NothingToCompare(ComparisonResult r) =>
        string.Create(C, $"Nothing to compare: no rate has {r.MinSupport:N0} observations in both slices. Widen the slices or lower the minimum support.");

    /// <summary>The site conversion test of a comparison with goals: <c>Conversion 6.1 % -> 5.3 % (p = 0.174).</c>; null without goals.</summary>
    public static string? ConversionChange(ComparisonResult r) => r.ConversionTest is { } test
        ? string.Create(C, $"Conversion {r.A.ConversionRate:P1} -> {r.B.ConversionRate:P1} ({PValue(test.P)}).")
        : null;

    /// <summary>How many changes are significant and how many of those are worse: <c>3 significant (q &lt; 0.05), 1 of them worse.</c></summary>
    public static string Significance(ComparisonResult r) =>
        string.Create(C, $"{r.Changes.Count(c => c.Significant):N0} significant (q < 0.05), {r.Changes.Count(c => c.Significant && c.Worse):N0} of them worse.");

    /// <summary>The overlap of two slices, when they share sessions.</summary>
    public static string Overlap(ComparisonResult r) =>
        string.Create(C, $"A and B overlap: {r.Overlap:N0} sessions are in both (allowed; the two rates then share them).");
}
