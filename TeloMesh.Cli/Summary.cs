using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Cli;

/// <summary>The closing summary: counts, the metric checks and the top five friction points.</summary>
internal static class Summary
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>One line about what a stage produced.</summary>
    public static string StageDetail(object output, AnalysisOptions options) => output switch
    {
        JourneyAggregates a => string.Create(C, $"{a.Sessions:N0} sessions"),
        JourneyGraph g => string.Create(C, $"{g.NodeCount:N0} pages, {g.Edges.Count:N0} edges"),
        FlowMetrics m => string.Create(C, $"{m.Checks.Count(c => c.Passed)} of {m.Checks.Count} checks passed"),
        FrictionReport f => string.Create(C, $"{f.Chokepoints.Count()} chokepoints, {f.Summary.FragileFlowCount:N0} fragile flows ({options.EffectiveBetweenness.ToString().ToLowerInvariant()} betweenness)"),
        _ => "",
    };

    public static void Write(TextWriter o, IngestResult ingest, AnalysisResult r)
    {
        o.WriteLine();
        o.WriteLine(string.Create(C, $"Events {r.Aggregates.TotalEvents:N0} (rows read {ingest.RowsRead:N0}, rejected {ingest.RowsRejected:N0}, exact duplicates kept {r.LocalSessions?.DuplicateEvents ?? 0:N0})  Users {r.Metrics.UniqueUsers:N0}  Sessions {r.SessionCount:N0}  Pages {r.Graph.NodeCount:N0}  Edges {r.Graph.Edges.Count:N0}"));
        WriteMetrics(o, r.Metrics);
        WriteFriction(o, r);
    }

    /// <summary>Says that betweenness is an estimate, from what, and how far off it can be.</summary>
    public static string EstimateLine(BetweennessEstimate e) => string.Create(C,
        $"Betweenness is an estimate from {e.Sources:N0} of {e.Pages:N0} source pages: each value is within ±{e.ErrorBound:0.###} of the exact one with {e.Confidence:P0} confidence (raise --samples to tighten, or --sample-above to compute it exactly).");

    public static void WriteMetrics(TextWriter o, FlowMetrics m)
    {
        var warned = m.Checks.Where(c => !c.Passed).ToList();
        o.WriteLine(warned.Count == 0
            ? "Checks: all 5 passed."
            : "Checks: " + string.Join("; ", warned.Select(c => string.Create(C, $"{c.Name} {c.Value:0.##} below {c.Minimum} (warning)"))));
    }

    public static void WriteFriction(TextWriter o, AnalysisResult r)
    {
        var (f, estimate) = (r.Friction, r.BetweennessEstimate);
        if (estimate is { } e) o.WriteLine(EstimateLine(e));
        o.WriteLine(string.Create(C, $"Chokepoints {f.Chokepoints.Count()} (threshold {(double.IsNaN(f.ChokepointThreshold) ? "none" : f.ChokepointThreshold.ToString("0.####", C))})  Fragile flows {r.FragileFlowCount:N0}"));
        o.WriteLine("Top friction points:");
        o.WriteLine("  #  score   exit rate  betweenness  sessions lost  page (event)");
        var rank = 0;
        foreach (var p in f.Points.Take(5))
        {
            o.WriteLine(string.Create(C,
                $"  {++rank}  {p.Score,6:0.0000}  {p.ExitRate,8:P1}  {p.Betweenness,11:0.0000}  {p.UsersLost,13:N0}  {p.Page} ({p.Event}){(p.IsChokepoint ? "  chokepoint" : "")}"));
        }
    }
}
