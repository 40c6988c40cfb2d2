using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Export;

/// <summary>Writes the output files of each stage into a dataset's output folder (docs/metrics.md section 6).</summary>
public static class OutputWriter
{
    /// <summary><c>session_flows.csv</c>, and <c>rejected_rows.csv</c> when rows were rejected (a stale one is removed).</summary>
    public static void WriteParse(string directory, SessionSet sessions, IReadOnlyList<RejectedRow> rejected)
    {
        CsvExports.WriteSessionFlows(Path.Combine(directory, OutputFileNames.SessionFlows), sessions);
        var rejectedPath = Path.Combine(directory, OutputFileNames.RejectedRows);
        if (rejected.Count > 0) CsvExports.WriteRejectedRows(rejectedPath, rejected);
        else File.Delete(rejectedPath);
    }

    public static void WriteGraph(string directory, JourneyGraph graph)
    {
        GraphMlExport.Write(Path.Combine(directory, OutputFileNames.GraphMl), graph);
        JsonExports.WriteGraph(Path.Combine(directory, OutputFileNames.GraphJson), graph);
    }

    public static void WriteMetrics(string directory, FlowMetrics metrics)
    {
        JsonExports.WriteMetrics(Path.Combine(directory, OutputFileNames.Metrics), metrics);
        SessionStatsLog.Write(Path.Combine(directory, OutputFileNames.SessionStats), metrics);
    }

    public static void WriteFriction(string directory, FrictionReport report)
    {
        CsvExports.WriteChokepoints(Path.Combine(directory, OutputFileNames.Chokepoints), report.Points);
        CsvExports.WriteFragileFlows(Path.Combine(directory, OutputFileNames.FragileFlows), report.FragileFlows);
        JsonExports.WriteNodeMap(Path.Combine(directory, OutputFileNames.NodeMap), report);
    }

    /// <summary>
    /// <c>transition_pairs.csv</c> and <c>loops.csv</c> (docs/metrics.md section 10), and <c>decision_table.csv</c> (section 13). The pairs' chokepoint flags and scores
    /// are the friction's, so they are written with the friction files.
    /// </summary>
    public static void WriteJourneys(string directory, AnalysisResult result)
    {
        JourneyCsv.WriteTransitionPairs(Path.Combine(directory, OutputFileNames.TransitionPairs),
            JourneyTables.TransitionPairs(result.Aggregates, result.Friction));
        JourneyCsv.WriteLoops(Path.Combine(directory, OutputFileNames.Loops), JourneyTables.Loops(result.Aggregates));
        DecisionCsv.Write(Path.Combine(directory, OutputFileNames.DecisionTable), DecisionTable.Build(result.Aggregates, result.Friction),
            DecisionTable.SiteExitRate(result.Friction));
    }

    /// <summary>
    /// Every analysis output of <paramref name="result"/> (not <c>dataset_info.json</c>, which goes last):
    /// <c>session_flows.csv</c> and <c>rejected_rows.csv</c> when the sessions are in memory (a warehouse keeps its rows),
    /// then the graph, metrics and friction files. When <paramref name="previous"/> (whose outputs are in the folder)
    /// has the same sessions, graph and metrics (a re-analysis with other goals or scoring options), only the friction
    /// files, the ones those options change, are written again.
    /// </summary>
    /// <remarks>
    /// Three parts, which the cores share: the row-per-event file (most of the work on a large file), the graph files (whose
    /// XML writer costs a fixed few tens of milliseconds to start, most of the work on a small file), and the rest.
    /// A failure (a full disk) surfaces as the <see cref="IOException"/> itself, not wrapped in an
    /// <see cref="AggregateException"/>, so callers can tell it from a bug.
    /// </remarks>
    public static void WriteAll(string directory, AnalysisResult result, IReadOnlyList<RejectedRow> rejected, AnalysisResult? previous = null)
    {
        var sessions = result.LocalSessions;
        // The same graph and metrics objects come only from a re-analysis of the same sessions (other goals or scoring).
        if (previous is not null && ReferenceEquals(previous.Graph, result.Graph) && ReferenceEquals(previous.Metrics, result.Metrics)
            && ReferenceEquals(previous.LocalSessions, sessions)
            && File.Exists(Path.Combine(directory, OutputFileNames.GraphMl))
            && (sessions is null || File.Exists(Path.Combine(directory, OutputFileNames.SessionFlows))))
        {
            WriteFriction(directory, result.Friction);
            WriteJourneys(directory, result);
            return;
        }
        try
        {
            Parallel.Invoke(
                () =>
                {
                    if (sessions is not null) WriteParse(directory, sessions, rejected);
                },
                () => WriteGraph(directory, result.Graph),
                () =>
                {
                    WriteMetrics(directory, result.Metrics);
                    WriteFriction(directory, result.Friction);
                    WriteJourneys(directory, result);
                });
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
    }
}
