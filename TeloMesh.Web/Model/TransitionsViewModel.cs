using System.Globalization;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Transitions page: the transition pairs with their filter, and the loops (docs/metrics.md section
/// 10). The filtered rows are computed once per filter change; every number comes from Core.
/// </summary>
public sealed class TransitionsViewModel
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly FilteredRows<TransitionFilter, TransitionPair> _rows;

    public TransitionsViewModel(AnalysisResult result)
    {
        Tables = new TransitionRows(result);
        _rows = new(new(), filter => filter.Apply(Tables));
    }

    public TransitionRows Tables { get; }

    public TransitionFilter Filter
    {
        get => _rows.Filter;
        set => _rows.Filter = value;
    }

    public IReadOnlyList<TransitionPair> Rows => _rows.Rows;

    /// <summary>How many pairs the filter keeps, of all: "3 of 4 transition pairs".</summary>
    public string RowCount => string.Create(C, $"{Rows.Count:N0} of {Tables.All.Count:N0} transition pairs");

    /// <summary>What the fragile-flow filter can see when the analysis holds only a sample of the flows; null when it holds them all.</summary>
    public string? SampledFlowsNote => Tables.AllFragileFlows ? null
        : "This dataset's fragile flows were sampled from its table: \"only inside fragile flows\" keeps the pairs of the sampled flows, so a pair of a flow left out of the sample is not kept.";

    /// <summary>How many loops there are: "2 loops" (one ping-pong a → b → a each).</summary>
    public string LoopCount => string.Create(C, $"{Tables.Loops.Count:N0} {(Tables.Loops.Count == 1 ? "loop" : "loops")}");

    /// <summary>A share as its cell shows it: "33.3 %".</summary>
    public static string Share(double probability) => probability.ToString("0.0 %", C);

    /// <summary>A score as its cell shows it: "0.5000".</summary>
    public static string Score(double score) => score.ToString("0.0000", C);

    // ---- What each column means (its title's tooltip) ----

    public const string TransitionsHelp = "How many times a step on the from page was followed directly by a step on the to page, whatever the events.";
    public const string SessionsHelp = "Sessions with at least one such transition.";
    public const string ProbabilityHelp = "Of every transition out of the from page (to itself included), the share that went to the to page.";
    public const string MedianHelp = "The middle of the times between the two steps (the mean of the two middle ones for an even count).";
    public const string P95Help = "95 % of the times between the two steps were this long or shorter (nearest rank).";
    public const string FromScoreHelp = "The from page's score on the node map: the highest friction score of its (page, event) pairs.";
    public const string ToScoreHelp = "The to page's score on the node map: the highest friction score of its (page, event) pairs.";
    public const string ChokepointHelp = "Which side is a chokepoint page: one of its (page, event) pairs is a chokepoint.";
    public const string LoopSessionsHelp = "Sessions with at least one ping-pong page → other page → page in three consecutive steps.";
    public const string LoopOccurrencesHelp = "Every such ping-pong: page → other → page → other → page counts two.";
}
