using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Friction;

/// <summary>
/// The friction analysis of a dataset: every (page, event) pair sorted by score (descending, ties by page then event
/// in code point order), the chokepoint threshold, the fragile flows in session order and the node map.
/// </summary>
public sealed record FrictionReport(
    IReadOnlyList<FrictionPoint> Points,
    double ChokepointThreshold,
    IReadOnlyList<FragileFlow> FragileFlows,
    IReadOnlyDictionary<string, double> NodeMap)
{
    public IEnumerable<FrictionPoint> Chokepoints => Points.Where(p => p.IsChokepoint);

    /// <summary>The headline numbers of the report (the dashboard's summary cards).</summary>
    public FrictionSummary Summary { get; init; } = FrictionSummary.Empty;

    /// <summary>With goals: the site conversion rate, the model's and how the gains were computed; null without goals.</summary>
    public GoalSummary? Goals { get; init; }

    /// <summary>The minimum support the chokepoints were chosen with: pairs seen fewer times are never chokepoints.</summary>
    public int MinSupport { get; init; } = 1;
}

/// <summary>
/// The headline numbers of a friction report.
/// </summary>
/// <param name="SessionsLostAtChokepoints">Sessions whose last step is a chokepoint pair.</param>
/// <param name="UsersLostAtChokepoints">Distinct users with at least one such session: the people a fix would reach.</param>
/// <param name="AverageExitRate">The mean exit rate over all (page, event) pairs, each pair counting once.</param>
/// <param name="AverageScore">The mean friction score over all pairs.</param>
/// <param name="Chokepoints">How many pairs are chokepoints.</param>
/// <param name="FragileFlowCount">Every fragile flow, including any whose steps a warehouse did not send back (its flow limit).</param>
public sealed record FrictionSummary(int SessionsLostAtChokepoints, int UsersLostAtChokepoints, double AverageExitRate, double AverageScore, int Chokepoints,
    int FragileFlowCount = 0)
{
    public static FrictionSummary Empty { get; } = new(0, 0, 0, 0, 0);
}
