namespace TeloMesh.Core.Metrics;

/// <summary>
/// Summary numbers of a dataset and its journey graph (docs/metrics.md section 5), with the five quality checks.
/// <para>Decisions where docs/metrics.md is silent: <see cref="MostCommonEvent"/> counts events over all steps;
/// <see cref="UniqueEdgeEvents"/> and <see cref="MostCommonEdgeEvent"/> count the edges' own <c>event</c> (one per edge,
/// as the original did), so the edge count is the number of edges carrying it; ties go to the name first in code
/// point order.</para>
/// </summary>
public sealed record FlowMetrics(
    int TotalEvents,
    int UniqueUsers,
    int TotalSessions,
    double SessionsPerUser,
    double AvgFlowLength,
    string MostCommonEvent,
    int MostCommonEventCount,
    int NodeCount,
    int EdgeCount,
    int UniqueEdgeEvents,
    string MostCommonEdgeEvent,
    int MostCommonEdgeEventCount,
    int ConnectedComponents,
    IReadOnlyList<MetricCheck> Checks);

/// <summary>A quality check: passed, or a warning (never a failure of the run).</summary>
public sealed record MetricCheck(string Name, double Value, double Minimum, bool Passed)
{
    public string Status => Passed ? "passed" : "warned";
}

/// <summary>
/// The counts the flow metrics need beside the graph: events, distinct users, sessions, steps and the number of steps
/// of each event name.
/// </summary>
public sealed record FlowTotals(int TotalEvents, int UniqueUsers, int Sessions, int Steps, IReadOnlyList<(string Event, int Count)> EventCounts);
