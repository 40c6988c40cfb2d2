using System.Globalization;
using System.Text;
using TeloMesh.Core.Metrics;

namespace TeloMesh.Core.Export;

/// <summary><c>session_stats.log</c>: the flow metrics and checks as lines a person reads.</summary>
public static class SessionStatsLog
{
    public static string Format(FlowMetrics m)
    {
        var text = new StringBuilder();
        void Line(string s) => text.Append(s).Append('\n');
        var c = CultureInfo.InvariantCulture;
        Line("TeloMesh session statistics");
        Line(string.Create(c, $"total_events: {m.TotalEvents}"));
        Line(string.Create(c, $"unique_users: {m.UniqueUsers}"));
        Line(string.Create(c, $"total_sessions: {m.TotalSessions}"));
        Line(string.Create(c, $"sessions_per_user: {m.SessionsPerUser:0.###}"));
        Line(string.Create(c, $"avg_flow_length: {m.AvgFlowLength:0.###}"));
        Line(string.Create(c, $"most_common_event: {m.MostCommonEvent} ({m.MostCommonEventCount})"));
        Line(string.Create(c, $"node_count: {m.NodeCount}"));
        Line(string.Create(c, $"edge_count: {m.EdgeCount}"));
        Line(string.Create(c, $"unique_edge_events: {m.UniqueEdgeEvents}"));
        Line(string.Create(c, $"most_common_edge_event: {m.MostCommonEdgeEvent} ({m.MostCommonEdgeEventCount})"));
        Line(string.Create(c, $"connected_components: {m.ConnectedComponents}"));
        foreach (var check in m.Checks)
            Line(string.Create(c, $"check {check.Name}: {check.Status.ToUpperInvariant()} (value {check.Value:0.###}, minimum {check.Minimum})"));
        return text.ToString();
    }

    public static void Write(string path, FlowMetrics metrics) => AtomicFile.WriteText(path, Format(metrics));
}
