namespace TeloMesh.Core.Export;

/// <summary>The files of docs/metrics.md section 6, one folder per dataset.</summary>
public static class OutputFileNames
{
    public const string SessionFlows = "session_flows.csv";
    public const string GraphMl = "user_graph.graphml";
    public const string GraphJson = "user_graph.json";
    public const string Chokepoints = "event_chokepoints.csv";
    public const string FragileFlows = "high_friction_flows.csv";
    public const string NodeMap = "friction_node_map.json";
    public const string Metrics = "metrics.json";
    public const string SessionStats = "session_stats.log";
    public const string RejectedRows = "rejected_rows.csv";
    public const string DatasetInfo = "dataset_info.json";
    public const string TransitionPairs = "transition_pairs.csv";
    public const string Loops = "loops.csv";
    public const string DecisionTable = "decision_table.csv";
}
