using System.Diagnostics;
using System.Globalization;
using TeloMesh.Core.Export;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Benchmarks;

/// <summary>
/// End-to-end timing: for each size, CSV -> every output file, printing wall time per stage, the total, and the
/// process's peak working set. Run in Release: <c>dotnet run -c Release --project TeloMesh.Benchmarks -- timing 150000</c>.
/// </summary>
internal static class TimingCommand
{
    /// <summary><c>timing-betweenness</c>: exact betweenness on a 5,000-page, ~100,000-edge graph, in every mode.</summary>
    public static int Betweenness(TextWriter output)
    {
        var graph = RandomJourneys.Graph(5000, 100_000);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"graph: {graph.NodeCount:N0} pages, {graph.Edges.Count:N0} edges, {Environment.ProcessorCount} cores"));
        foreach (var mode in Enum.GetValues<TeloMesh.Core.Graph.BetweennessMode>())
        {
            // The best of three: other work on a shared machine only ever makes a run slower.
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            for (var run = 0; run < 3; run++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                TeloMesh.Core.Graph.Betweenness.Compute(graph, mode);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {mode,-12} {best:0.00} s wall, {bestCpu:0.00} s CPU (best of 3)"));
        }
        return 0;
    }

    public static int Run(string[] args, TextWriter output)
    {
        var sizes = args.Length == 0 ? [150_000] : args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        foreach (var size in sizes)
        {
            var file = SyntheticInput.File(size);
            var outputs = Path.Combine(Path.GetTempPath(), $"telomesh-bench-out-{size}");
            var stages = new List<(string, double)>();
            var total = Stopwatch.StartNew();
            var clock = Stopwatch.StartNew();
            var ingest = AnalysisPipeline.Ingest(file, AnalysisOptions.Default);
            stages.Add(("parse", clock.Elapsed.TotalSeconds));
            var result = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default,
                timing: (stage, elapsed, _) => stages.Add((stage.ToString().ToLowerInvariant(), elapsed.TotalSeconds)));
            clock.Restart();
            Directory.CreateDirectory(outputs);
            OutputWriter.WriteAll(outputs, result, ingest.Rejected);
            stages.Add(("export", clock.Elapsed.TotalSeconds));
            var seconds = total.Elapsed.TotalSeconds;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var perStage = string.Join("  ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Item1} {s.Item2:0.000}")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ingest.Events.Count,10:N0} events  {result.Graph.NodeCount} pages  total {seconds,6:0.00} s  peak {peak,7:N0} MB  | {perStage}"));
            Directory.Delete(outputs, recursive: true);
        }
        return 0;
    }
}
