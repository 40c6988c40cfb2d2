using QuikGraph;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.Graph;

/// <summary>
/// The directed journey graph (docs/metrics.md section 3): nodes are pages, edges are aggregated transitions.
/// Node <c>i</c> is page id <c>i</c> of <see cref="Pages"/>; <see cref="NodeOrder"/> gives the order in which pages were
/// first reached while walking the sessions, which is the order the original inserted them.
/// </summary>
public sealed class JourneyGraph
{
    internal JourneyGraph(StringPool pages, StringPool events, int[] nodeOrder, IReadOnlyList<JourneyEdge> edges)
    {
        Pages = pages;
        EventNames = events;
        NodeOrder = nodeOrder;
        Edges = edges;
    }

    public StringPool Pages { get; }
    public StringPool EventNames { get; }

    /// <summary>Page ids in order of first appearance in the sessions (sessions in id order, steps in order).</summary>
    public IReadOnlyList<int> NodeOrder { get; }

    /// <summary>Edges in order of their first transition.</summary>
    public IReadOnlyList<JourneyEdge> Edges { get; }

    public int NodeCount => NodeOrder.Count;

    /// <summary>
    /// The graph as a QuikGraph <see cref="BidirectionalGraph{TVertex,TEdge}"/> of page names, each edge tagged with its
    /// <see cref="JourneyEdge"/>; for layouts, GraphML and the standard algorithms.
    /// </summary>
    public BidirectionalGraph<string, TaggedEdge<string, JourneyEdge>> ToQuikGraph()
    {
        var graph = new BidirectionalGraph<string, TaggedEdge<string, JourneyEdge>>(allowParallelEdges: false);
        foreach (var node in NodeOrder) graph.AddVertex(Pages[node]);
        foreach (var edge in Edges)
            graph.AddEdge(new TaggedEdge<string, JourneyEdge>(Pages[edge.From], Pages[edge.To], edge));
        return graph;
    }
}
