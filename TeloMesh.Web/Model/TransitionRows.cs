using TeloMesh.Core.Friction;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Model;

/// <summary>
/// An analysis's transition pairs and loops (docs/metrics.md section 10, from Core), and which pairs a fragile flow
/// passes, each made once on first use: the page filters them many times, an export once.
/// </summary>
public sealed class TransitionRows(AnalysisResult result)
{
    private readonly Lazy<IReadOnlyList<TransitionPair>> _all = new(() => JourneyTables.TransitionPairs(result.Aggregates, result.Friction));
    private readonly Lazy<IReadOnlyList<Loop>> _loops = new(() => JourneyTables.Loops(result.Aggregates));
    private readonly Lazy<HashSet<(string From, string To)>> _inFragileFlows = new(() => JourneyTables.FragileFlowPairs(result.Friction));

    /// <summary>Every pair, by transitions descending, then from and to.</summary>
    public IReadOnlyList<TransitionPair> All => _all.Value;

    /// <summary>Every ping-pong, by sessions, then occurrences descending.</summary>
    public IReadOnlyList<Loop> Loops => _loops.Value;

    /// <summary>The (from page, to page) of every two consecutive steps of the fragile flows the analysis holds.</summary>
    public IReadOnlySet<(string From, string To)> InFragileFlows => _inFragileFlows.Value;

    /// <summary>
    /// Whether <see cref="InFragileFlows"/> saw every fragile flow: a ClickHouse dataset brings back only a sample of
    /// them, so a pair may be in a fragile flow that was not sampled.
    /// </summary>
    public bool AllFragileFlows { get; } = result.AllFragileFlows;
}
