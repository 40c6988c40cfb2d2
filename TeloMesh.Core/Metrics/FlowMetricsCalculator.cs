using QuikGraph.Algorithms;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Metrics;

/// <summary>Computes <see cref="FlowMetrics"/> from sessions and the journey graph.</summary>
public static class FlowMetricsCalculator
{
    public static FlowMetrics Compute(SessionSet sessions, JourneyGraph graph)
    {
        var events = sessions.Events;
        var users = new HashSet<int>();
        foreach (var u in events.UserIds) users.Add(u);
        var eventCounts = new int[events.Events.Count];
        foreach (var e in events.EventIds) eventCounts[e]++;
        var (topEvent, topEventCount) = Top(Enumerable.Range(0, eventCounts.Length).Select(e => (events.Events[e], eventCounts[e])));

        var edgeEvents = graph.Edges.GroupBy(e => e.Event).Select(g => (events.Events[g.Key], g.Count())).ToList();
        var (topEdgeEvent, topEdgeEventCount) = Top(edgeEvents);

        var components = new Dictionary<string, int>();
        var componentCount = graph.NodeCount == 0 ? 0 : graph.ToQuikGraph().WeaklyConnectedComponents(components);

        var sessionsPerUser = users.Count == 0 ? 0 : (double)sessions.Count / users.Count;
        var avgFlowLength = sessions.Count == 0 ? 0 : (double)sessions.StepCount / sessions.Count;
        MetricCheck Check(string name, double value, double minimum) => new(name, value, minimum, value >= minimum);
        var checks = new[]
        {
            Check("sessions_per_user", sessionsPerUser, 1),
            Check("avg_flow_length", avgFlowLength, 3),
            Check("node_count", graph.NodeCount, 10),
            Check("total_sessions", sessions.Count, 50),
            Check("unique_edge_events", edgeEvents.Count, 2),
        };
        return new FlowMetrics(events.Count, users.Count, sessions.Count, sessionsPerUser, avgFlowLength,
            topEvent, topEventCount, graph.NodeCount, graph.Edges.Count, edgeEvents.Count, topEdgeEvent, topEdgeEventCount,
            componentCount, checks);
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
