using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// Everything one analysis produced, with the options that produced it. <see cref="Counts"/> and
/// <see cref="BetweennessResult"/> are kept so a re-analysis with other options reuses what they do not change.
/// </summary>
public sealed record AnalysisResult(
    AnalysisOptions Options,
    SessionSet Sessions,
    JourneyGraph Graph,
    BetweennessResult BetweennessResult,
    FlowMetrics Metrics,
    FrictionCounts Counts,
    FrictionReport Friction) : IFrictionAnalysis
{
    public int SessionCount => Sessions.Count;

    public int[] SessionStarts()
    {
        var starts = new int[Graph.Pages.Count];
        var pages = Sessions.Events.PageIds;
        for (var s = 0; s < Sessions.Count; s++) starts[pages[Sessions.Steps(s)[0]]]++;
        return starts;
    }

    /// <summary>Betweenness per page id, each in [0, 1].</summary>
    public double[] Betweenness => BetweennessResult.Values;

    /// <summary>Set when betweenness is a sampled estimate: how it was made and its error bound.</summary>
    public BetweennessEstimate? BetweennessEstimate => BetweennessResult.Estimate;
}
