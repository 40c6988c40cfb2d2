using System.Globalization;
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
}
