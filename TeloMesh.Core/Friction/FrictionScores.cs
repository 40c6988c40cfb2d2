using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Friction;

/// <summary>
/// The scored (page, event) pairs of a friction report before its fragile flows are known: what
/// <see cref="FrictionAnalyzer.Score(TeloMesh.Core.Journeys.JourneyAggregates, double[], Graph.CompatMode, double)"/> returns, indexed like the pairs it was given. A source that finds the fragile
/// flows elsewhere (a warehouse query that needs the chokepoints first) completes it with
/// <see cref="Complete"/>.
/// </summary>
public sealed record FrictionScores(
    IReadOnlyList<FrictionPoint> Points,
    double ChokepointThreshold,
    double[] Scores,
    bool[] IsChokepoint,
    IReadOnlyDictionary<string, double> NodeMap,
    double AverageExitRate,
    double AverageScore)
{
    /// <summary>With goals: the conversion numbers of the whole dataset; null without goals.</summary>
    public GoalSummary? Goals { get; init; }

    /// <summary>The minimum support the chokepoints were chosen with (docs/metrics.md section 8).</summary>
    public int MinSupport { get; init; } = 1;

    /// <summary>The report, with the fragile flows and the sessions and distinct users lost at chokepoints.</summary>
    public FrictionReport Complete(FragileFlowSet flows) =>
        new(Points, ChokepointThreshold, flows.Flows, NodeMap)
        {
            Goals = Goals,
            MinSupport = MinSupport,
            Summary = new FrictionSummary(flows.SessionsLostAtChokepoints, flows.UsersLostAtChokepoints, AverageExitRate, AverageScore,
                IsChokepoint.Count(c => c), flows.Count),
        };
}

/// <summary>How pairs are scored (docs/metrics.md sections 4 and 8).</summary>
/// <param name="Mode">Compatibility mode takes the percentile over all scores, zeros included.</param>
/// <param name="Percentile">The chokepoint percentile, 0.9 by docs/metrics.md.</param>
/// <param name="MinSupport">Pairs seen fewer times are left out of the chokepoint threshold and of the chokepoints.</param>
/// <param name="GainReduction">The share of a pair's exits a fix is assumed to save, for the projected gain.</param>
public sealed record FrictionOptions(CompatMode Mode = CompatMode.Default, double Percentile = FrictionAnalyzer.DefaultPercentile, int MinSupport = 1,
    double GainReduction = ConversionModel.DefaultReduction);

/// <summary>
/// A dataset's conversion numbers (docs/metrics.md section 8, the <c>goals</c> block of <c>dataset_info.json</c>).
/// </summary>
/// <param name="Sessions">All sessions.</param>
/// <param name="Converted">Sessions with a goal step.</param>
/// <param name="ModelConversionRate">The fitted chain's conversion: equal to <see cref="ConversionRate"/> up to rounding.</param>
/// <param name="GainReduction">The reduction the projected gains were computed with.</param>
/// <param name="GainsComputed">Null when every pair has its projected gain; otherwise how many pairs have one (chains above
/// <see cref="ConversionModel.ExactStates"/> states: the chokepoints and the pairs with the most exits).</param>
public sealed record GoalSummary(Journeys.GoalSet Goals, int Sessions, int Converted, double ModelConversionRate, double GainReduction,
    int? GainsComputed)
{
    /// <summary>Converted / sessions: the site conversion rate.</summary>
    public double ConversionRate => Sessions == 0 ? 0 : (double)Converted / Sessions;
}
