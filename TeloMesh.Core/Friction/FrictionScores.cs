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
    /// <summary>The report, with the fragile flows and the sessions and distinct users lost at chokepoints.</summary>
    public FrictionReport Complete(FragileFlowSet flows) =>
        new(Points, ChokepointThreshold, flows.Flows, NodeMap)
        {
            Summary = new FrictionSummary(flows.SessionsLostAtChokepoints, flows.UsersLostAtChokepoints, AverageExitRate, AverageScore,
                IsChokepoint.Count(c => c), flows.Count),
        };
}
