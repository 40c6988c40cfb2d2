using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Metrics;

/// <summary>Computes <see cref="FlowMetrics"/> from sessions and the journey graph.</summary>
public static class FlowMetricsCalculator
{
    public static FlowMetrics Compute(SessionSet sessions, JourneyGraph graph) => Compute(LocalSequences.Aggregate(sessions), graph);

    /// <summary>The metrics of a source's aggregates: every event is one step of one (page, event) pair.</summary>
    public static FlowMetrics Compute(JourneyAggregates aggregates, JourneyGraph graph)
    {
        var eventCounts = new int[aggregates.Events.Count];
        foreach (var p in aggregates.Pairs) eventCounts[p.Event] += p.Occurrences;
        return Compute(new FlowTotals(aggregates.TotalEvents, aggregates.UniqueUsers, aggregates.Sessions, aggregates.Steps,
            [.. Enumerable.Range(0, eventCounts.Length).Select(e => (aggregates.Events[e], eventCounts[e]))]), graph);
    }

    /// <summary>
    /// The metrics from totals counted elsewhere (a warehouse query): every metric is a count, a ratio of counts or a
    /// property of the graph, so the same totals give the same numbers as the sessions they were counted from.
    /// </summary>
    public static FlowMetrics Compute(FlowTotals totals, JourneyGraph graph)
    {
        var (topEvent, topEventCount) = Top(totals.EventCounts);

        var edgeEvents = graph.Edges.GroupBy(e => e.Event).Select(g => (graph.EventNames[g.Key], g.Count())).ToList();
        var (topEdgeEvent, topEdgeEventCount) = Top(edgeEvents);

        var componentCount = WeakComponents(graph);

        var sessionsPerUser = totals.UniqueUsers == 0 ? 0 : (double)totals.Sessions / totals.UniqueUsers;
        var avgFlowLength = totals.Sessions == 0 ? 0 : (double)totals.Steps / totals.Sessions;
        MetricCheck Check(string name, double value, double minimum) => new(name, value, minimum, value >= minimum);
        var checks = new[]
        {
            Check("sessions_per_user", sessionsPerUser, 1),
            Check("avg_flow_length", avgFlowLength, 3),
            Check("node_count", graph.NodeCount, 10),
            Check("total_sessions", totals.Sessions, 50),
            Check("unique_edge_events", edgeEvents.Count, 2),
        };
        return new FlowMetrics(totals.TotalEvents, totals.UniqueUsers, totals.Sessions, sessionsPerUser, avgFlowLength,
            topEvent, topEventCount, graph.NodeCount, graph.Edges.Count, edgeEvents.Count, topEdgeEvent, topEdgeEventCount,
            componentCount, checks);
    }

    /// <summary>
    /// Weakly connected components (edge direction ignored) by union-find over page ids. QuikGraph's algorithm merges
    /// component lists and took 45 s on a graph of 50,000 pages; this is linear in pages and edges.
    /// </summary>
    internal static int WeakComponents(JourneyGraph graph)
    {
        var parent = new int[graph.Pages.Count];
        for (var v = 0; v < parent.Length; v++) parent[v] = v;
        int Root(int v)
        {
            while (parent[v] != v) v = parent[v] = parent[parent[v]];
            return v;
        }
        var components = graph.NodeCount;
        foreach (var e in graph.Edges)
        {
            var a = Root(e.From);
            var b = Root(e.To);
            if (a == b) continue;
            parent[Math.Max(a, b)] = Math.Min(a, b);
            components--;
        }
        return components;
    }

    private static (string Name, int Count) Top(IEnumerable<(string Name, int Count)> counts)
    {
        (string Name, int Count) best = (string.Empty, 0);
        foreach (var c in counts)
            if (c.Count > best.Count || (c.Count == best.Count && c.Count > 0 && CodePointComparer.Instance.Compare(c.Name, best.Name) < 0))
                best = c;
        return best;
    }
}
