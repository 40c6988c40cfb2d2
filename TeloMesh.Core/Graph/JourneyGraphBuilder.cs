using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Graph;

/// <summary>
/// Builds the <see cref="JourneyGraph"/> from sessions: every pair of consecutive steps is a transition
/// <c>page_i -> page_i+1</c> (self-loops included) carrying the destination step's event.
/// </summary>
public static class JourneyGraphBuilder
{
    public static JourneyGraph Build(SessionSet sessions, CompatMode mode = CompatMode.Default) =>
        FromAggregates(LocalSequences.Aggregate(sessions), mode);

    /// <summary>The graph of a source's aggregates (see <see cref="FromTransitions"/>).</summary>
    public static JourneyGraph FromAggregates(JourneyAggregates aggregates, CompatMode mode = CompatMode.Default) =>
        FromTransitions(aggregates.Pages, aggregates.Events, aggregates.NodeOrder, aggregates.Transitions, mode);

    /// <summary>
    /// Builds the graph from transition counts made elsewhere (a warehouse query) instead of from sessions.
    /// <paramref name="transitions"/> must be in order of each (edge, event)'s first transition (sessions in code point
    /// order of their ids, then steps), the order <see cref="LocalSequences.Aggregate"/> counts them in; then edges,
    /// their events and the tie-breaks come out exactly as from the sessions themselves.
    /// </summary>
    /// <param name="nodeOrder">Page ids in order of first appearance.</param>
    public static JourneyGraph FromTransitions(Events.StringPool pages, Events.StringPool events, IReadOnlyList<int> nodeOrder,
        IEnumerable<TransitionCount> transitions, CompatMode mode = CompatMode.Default)
    {
        var edgeIndex = new Dictionary<long, int>(PairKey.Comparer);
        var edges = new List<(int From, int To, List<EdgeEventCount> Counts)>();
        foreach (var t in transitions)
        {
            var key = PairKey.Of(t.From, t.To);
            if (!edgeIndex.TryGetValue(key, out var e))
            {
                e = edges.Count;
                edgeIndex.Add(key, e);
                edges.Add((t.From, t.To, []));
            }
            edges[e].Counts.Add(new EdgeEventCount(t.Event, t.Count));
        }
        return new JourneyGraph(pages, events, [.. nodeOrder], Finish(edges, mode));
    }

    private static JourneyEdge[] Finish(List<(int From, int To, List<EdgeEventCount> Counts)> edges, CompatMode mode)
    {
        var result = new JourneyEdge[edges.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            var (from, to, counts) = edges[e];
            // Compat: the original kept the first event seen on an edge and counted only the transitions carrying it.
            var chosen = mode == CompatMode.TeloMesh ? counts[0] : Dominant(counts);
            var weight = mode == CompatMode.TeloMesh ? chosen.Count : counts.Sum(c => c.Count);
            result[e] = new JourneyEdge(from, to, weight, chosen.Event, counts);
        }
        return result;
    }

    /// <summary>The most frequent event; ties go to the first seen (the list is in first-seen order).</summary>
    private static EdgeEventCount Dominant(List<EdgeEventCount> counts)
    {
        var best = counts[0];
        foreach (var c in counts)
            if (c.Count > best.Count) best = c;
        return best;
    }
}
