using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Pipeline;

/// <summary>Everything one analysis produced, with the options that produced it.</summary>
public sealed record AnalysisResult(
    AnalysisOptions Options,
    SessionSet Sessions,
    JourneyGraph Graph,
    double[] Betweenness,
    FlowMetrics Metrics,
    FrictionReport Friction);
