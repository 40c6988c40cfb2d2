using System.Text.Json;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Metrics;

namespace TeloMesh.Core.Export;

/// <summary>
/// Writes the JSON outputs. Numbers are the shortest text that round-trips; text is escaped by
/// <see cref="Utf8JsonWriter"/>, which also escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> so the files are safe to
/// embed in HTML.
/// </summary>
public static class JsonExports
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void Write(string path, Action<Utf8JsonWriter> write) =>
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, Indented);
            write(json);
            json.Flush();
        });

    /// <summary><c>user_graph.json</c>: nodes in insertion order, edges with weight, event and per-event counts.</summary>
    public static void WriteGraph(string path, JourneyGraph graph) => Write(path, json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("nodes");
        foreach (var node in graph.NodeOrder)
        {
            json.WriteStartObject();
            json.WriteString("id", graph.Pages[node]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("edges");
        foreach (var edge in graph.Edges)
        {
            json.WriteStartObject();
            json.WriteString("source", graph.Pages[edge.From]);
            json.WriteString("target", graph.Pages[edge.To]);
            json.WriteNumber("weight", edge.Weight);
            json.WriteString("event", graph.EventNames[edge.Event]);
            json.WriteStartObject("event_counts");
            foreach (var count in edge.EventCounts)
                json.WriteNumber(graph.EventNames[count.Event], count.Count);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary><c>friction_node_map.json</c>: page to its highest score, pages in code point order.</summary>
    public static void WriteNodeMap(string path, FrictionReport report) => Write(path, json =>
    {
        json.WriteStartObject();
        foreach (var (page, score) in report.NodeMap)
            json.WriteNumber(page, score);
        json.WriteEndObject();
    });

    /// <summary><c>metrics.json</c>: the flow metrics and each check with its value, minimum and status.</summary>
    public static void WriteMetrics(string path, FlowMetrics m) => Write(path, json =>
    {
        json.WriteStartObject();
        json.WriteNumber("total_events", m.TotalEvents);
        json.WriteNumber("unique_users", m.UniqueUsers);
        json.WriteNumber("total_sessions", m.TotalSessions);
        json.WriteNumber("sessions_per_user", m.SessionsPerUser);
        json.WriteNumber("avg_flow_length", m.AvgFlowLength);
        json.WriteString("most_common_event", m.MostCommonEvent);
        json.WriteNumber("most_common_event_count", m.MostCommonEventCount);
        json.WriteNumber("node_count", m.NodeCount);
        json.WriteNumber("edge_count", m.EdgeCount);
        json.WriteNumber("unique_edge_events", m.UniqueEdgeEvents);
        json.WriteString("most_common_edge_event", m.MostCommonEdgeEvent);
        json.WriteNumber("most_common_edge_event_count", m.MostCommonEdgeEventCount);
        json.WriteNumber("connected_components", m.ConnectedComponents);
        json.WriteStartArray("checks");
        foreach (var check in m.Checks)
        {
            json.WriteStartObject();
            json.WriteString("name", check.Name);
            json.WriteNumber("value", check.Value);
            json.WriteNumber("minimum", check.Minimum);
            json.WriteString("status", check.Status);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}
