using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Cli;

/// <summary>The closing summary: counts, the metric checks and the top five friction points.</summary>
internal static class Summary
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string StageDetail(PipelineStage stage, AnalysisResult r) => stage switch
    {
        PipelineStage.Sessions => string.Create(C, $"{r.Sessions.Count:N0} sessions"),
        PipelineStage.Graph => string.Create(C, $"{r.Graph.NodeCount:N0} pages, {r.Graph.Edges.Count:N0} edges"),
        PipelineStage.Metrics => string.Create(C, $"{r.Metrics.Checks.Count(c => c.Passed)} of {r.Metrics.Checks.Count} checks passed"),
        PipelineStage.Analysis => string.Create(C, $"{r.Friction.Chokepoints.Count()} chokepoints, {r.Friction.FragileFlows.Count:N0} fragile flows ({r.Options.EffectiveBetweenness.ToString().ToLowerInvariant()} betweenness)"),
        _ => "",
    };

    public static void Write(TextWriter o, IngestResult ingest, AnalysisResult r)
    {
        o.WriteLine();
        o.WriteLine(string.Create(C, $"Events {r.Sessions.Events.Count:N0} (rows read {ingest.RowsRead:N0}, rejected {ingest.RowsRejected:N0})  Users {r.Metrics.UniqueUsers:N0}  Sessions {r.Sessions.Count:N0}  Pages {r.Graph.NodeCount:N0}  Edges {r.Graph.Edges.Count:N0}"));
        WriteMetrics(o, r.Metrics);
        WriteFriction(o, r);
    }

    public static void WriteMetrics(TextWriter o, FlowMetrics m)
    {
        var warned = m.Checks.Where(c => !c.Passed).ToList();
        o.WriteLine(warned.Count == 0
            ? "Checks: all 5 passed."
            : "Checks: " + string.Join("; ", warned.Select(c => string.Create(C, $"{c.Name} {c.Value:0.##} below {c.Minimum} (warning)"))));
    }

    public static void WriteFriction(TextWriter o, AnalysisResult r)
    {
        var f = r.Friction;
        o.WriteLine(string.Create(C, $"Chokepoints {f.Chokepoints.Count()} (threshold {(double.IsNaN(f.ChokepointThreshold) ? "none" : f.ChokepointThreshold.ToString("0.####", C))})  Fragile flows {f.FragileFlows.Count:N0}"));
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
