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

    /// <param name="degrees">The degrees' power-law fit, when it was started as soon as the aggregates were ready.</param>
    public static void Write(TextWriter o, IngestResult ingest, AnalysisResult r, Task<PowerLawFit?>? degrees = null)
    {
        o.WriteLine();
        o.WriteLine(string.Create(C, $"Events {r.Aggregates.TotalEvents:N0} (rows read {ingest.RowsRead:N0}, rejected {ingest.RowsRejected:N0}, exact duplicates kept {r.LocalSessions?.DuplicateEvents ?? 0:N0})  Users {r.Metrics.UniqueUsers:N0}  Sessions {r.SessionCount:N0}  Pages {r.Graph.NodeCount:N0}{(r.LocalSessions?.Events.RawPages is { } raw ? $" (grouped from {raw.Count:N0})" : "")}  Edges {r.Graph.Edges.Count:N0}"));
        WriteMetrics(o, r.Metrics);
        WriteFriction(o, r, degrees);
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

    public static void WriteFriction(TextWriter o, AnalysisResult r, Task<PowerLawFit?>? degrees = null)
    {
        var (f, estimate) = (r.Friction, r.BetweennessEstimate);
        if (estimate is { } e) o.WriteLine(EstimateLine(e));
        o.WriteLine(string.Create(C, $"Chokepoints {f.Chokepoints.Count()} (threshold {(double.IsNaN(f.ChokepointThreshold) ? "none" : f.ChokepointThreshold.ToString("0.####", C))})  Fragile flows {r.FragileFlowCount:N0}"));
        o.WriteLine("Top friction points:");
        o.WriteLine("  #  score   exit rate  95 % interval    betweenness  sessions lost  page (event)");
        var rank = 0;
        foreach (var p in f.Points.Take(5))
        {
            o.WriteLine(string.Create(C,
                $"  {++rank}  {p.Score,6:0.0000}  {p.ExitRate,8:P1}  {Interval(p),-15}  {p.Betweenness,11:0.0000}  {p.UsersLost,13:N0}  {p.Page} ({p.Event}){(p.IsChokepoint ? "  chokepoint" : "")}{(p.FewObservations ? "  few observations" : "")}"));
        }
        if (f.Goals is { } goals) WriteGains(o, f, goals);
        WriteDecisions(o, r);
        WriteHealth(o, GraphHealth.Compute(r.Aggregates));
        WriteDegrees(o, degrees is null ? PowerLawFit.Fit(GraphHealth.Degrees(r.Aggregates)) : degrees.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Journey resilience (docs/metrics.md section 14): the sessions left intact without the top pages by betweenness, and
    /// the three pages whose removal breaks the most sessions; counted by <paramref name="source"/> (in memory or in the table).
    /// </summary>
    public static void WriteResilience(TextWriter o, AnalysisResult r, IJourneySource source)
    {
        var resilience = Resilience.Of(r.Graph, r.Betweenness, r.Aggregates, source).GetAwaiter().GetResult();
        var critical = string.Join(", ", resilience.Critical(3).Select(c => string.Create(C, $"{c.Page} ({(double)c.Breaks / resilience.Sessions:P1})")));
        o.WriteLine($"Resilience: {resilience.Summary()}; the critical pages (the sessions their removal breaks): {critical}");
    }

    /// <summary>The graph's health (docs/metrics.md section 14) in one line, with a warning when the graph is too small for it.</summary>
    private static void WriteHealth(TextWriter o, GraphHealth h) => o.WriteLine(string.Create(C,
        $"Graph health: the top tenth of edges carries {h.TopEdgeShare:P1} of transitions; traffic Gini {h.TrafficGini:0.000}; clustering {h.Clustering:0.000}") +
        (h.IsMeaningful ? "" : string.Create(C, $" (fewer than {GraphHealth.MeaningfulPages} pages or {GraphHealth.MeaningfulEdges} edges: too small a graph for these to mean much)")));

    /// <summary>The degrees' power-law fit (docs/metrics.md section 14), in one line.</summary>
    private static void WriteDegrees(TextWriter o, PowerLawFit? fit) => o.WriteLine($"Degrees: {GraphHealth.PowerLawText(fit)}");

    /// <summary>The decision table's pages to fix and to investigate (docs/metrics.md section 13), five at most.</summary>
    private static void WriteDecisions(TextWriter o, AnalysisResult r)
    {
        var rows = DecisionTable.Build(r.Aggregates, r.Friction);
        var urgent = rows.Where(d => d.Action is PageAction.Fix or PageAction.Investigate).ToList();
        o.WriteLine(string.Create(C,
            $"Decisions ({Core.Export.OutputFileNames.DecisionTable}): {rows.Count(d => d.Action == PageAction.Fix)} to fix, {rows.Count(d => d.Action == PageAction.Investigate)} to investigate, " +
            $"{rows.Count(d => d.Action == PageAction.Watch)} to watch, {rows.Count(d => d.Action == PageAction.Keep)} to keep"));
        foreach (var d in urgent.Take(5))
            o.WriteLine($"  {DecisionTable.Name(d.Action),-11}  {d.Page} ({DecisionTable.Name(d.Role)}): {d.Reason}");
    }

    /// <summary>The exit rate's 95 % interval, as "(9.1-16.0 %)".</summary>
    private static string Interval(FrictionPoint p) => string.Create(C, $"({p.ExitRateLow * 100:0.0}-{p.ExitRateHigh * 100:0.0} %)");

    /// <summary>With goals: the site's conversion and the five pairs whose fix is worth the most.</summary>
    private static void WriteGains(TextWriter o, FrictionReport f, GoalSummary goals)
    {
        o.WriteLine(string.Create(C, $"Conversion {goals.ConversionRate:P1}: {goals.Converted:N0} of {goals.Sessions:N0} sessions reach a goal ({goals.Goals})."));
        var top = f.Points.Where(p => p.Goal is { HasGain: true, ProjectedGain: > 0 })
            .OrderByDescending(p => p.Goal!.ProjectedGain).ThenBy(p => p.Page, Core.Text.CodePointComparer.Instance).Take(5).ToList();
        if (top.Count == 0)
        {
            o.WriteLine("No pair has a projected gain: wherever sessions end without converting, none of the sessions that go on from there converts either.");
            return;
        }
        o.WriteLine(string.Create(C, $"Worth fixing first (extra conversions per 1,000 sessions if {goals.GainReduction:P0} fewer sessions ended there):"));
        o.WriteLine("  #     gain  conversions  exit rate  page (event)");
        var rank = 0;
        foreach (var p in top)
            o.WriteLine(string.Create(C,
                $"  {++rank}  {p.Goal!.ProjectedGain,7:+0.00}  {p.Goal.ProjectedConversions,11:+0.0}  {p.ExitRate,9:P1}  {p.Page} ({p.Event}){(p.IsChokepoint ? "  chokepoint" : "")}"));
        if (goals.GainsComputed is { } computed)
            o.WriteLine(string.Create(C, $"The chain has more than {ConversionModel.ExactStates:N0} states: gains were computed for {computed:N0} pairs (the chokepoints and the {ConversionModel.TopByExits:N0} with the most exits); the others are empty in {Core.Export.OutputFileNames.Chokepoints}."));
    }
}
