using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Metrics;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// What the dashboard and exports read from a finished analysis, whether it was made in process from events
/// (<see cref="AnalysisResult"/>) or from aggregates computed where the events live
/// (<see cref="Warehouse.AggregateAnalysisResult"/>).
/// </summary>
public interface IFrictionAnalysis
{
    AnalysisOptions Options { get; }
    JourneyGraph Graph { get; }
    FlowMetrics Metrics { get; }
    FrictionReport Friction { get; }

    /// <summary>Betweenness per page id, each in [0, 1].</summary>
    double[] Betweenness { get; }

    /// <summary>Set when betweenness is a sampled estimate.</summary>
    BetweennessEstimate? BetweennessEstimate { get; }

    int SessionCount { get; }

    /// <summary>Per page id, the sessions whose first step is on that page (entry pages go on top of the heatmap).</summary>
    int[] SessionStarts();
}
