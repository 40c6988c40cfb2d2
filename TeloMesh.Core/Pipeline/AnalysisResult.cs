using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// Everything one analysis produced, with the options that produced it, the same for every source.
/// <see cref="Aggregates"/> and <see cref="BetweennessResult"/> are kept so a re-analysis with other options reuses what
/// they do not change.
/// </summary>
public sealed record AnalysisResult(
    AnalysisOptions Options,
    JourneyAggregates Aggregates,
    JourneyGraph Graph,
    BetweennessResult BetweennessResult,
    FlowMetrics Metrics,
    FrictionReport Friction)
{
    /// <summary>Every fragile flow; <see cref="FrictionReport.FragileFlows"/> holds those whose steps are here (all of them,
    /// but for a warehouse's flow limit).</summary>
    public int FragileFlowCount => Friction.Summary.FragileFlowCount;

    public int SessionCount => Aggregates.Sessions;

    /// <summary>The sessions, when the events were read into memory; null when they stay in a warehouse.</summary>
    public SessionSet? LocalSessions => Aggregates.Sequences.Local;

    /// <summary>Per page id, the sessions whose first step is on that page (entry pages go on top of the heatmap).</summary>
    public int[] SessionStarts() => Aggregates.SessionStarts();

    /// <summary>Betweenness per page id, each in [0, 1].</summary>
    public double[] Betweenness => BetweennessResult.Values;

    /// <summary>Set when betweenness is a sampled estimate: how it was made and its error bound.</summary>
    public BetweennessEstimate? BetweennessEstimate => BetweennessResult.Estimate;

    /// <summary>Whether <see cref="FrictionReport.FragileFlows"/> holds every fragile flow.</summary>
    public bool AllFragileFlows => Friction.FragileFlows.Count == FragileFlowCount;
}
