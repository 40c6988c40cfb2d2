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

    /// <summary>
    /// <c>timing-estimate</c>: on the same graph, the sampled estimate at several sample counts against the exact values:
    /// its time, its stated bound and the largest error it actually made.
    /// </summary>
    public static int Estimate(TextWriter output)
    {
        var graph = RandomJourneys.Graph(5000, 100_000);
        var exact = TeloMesh.Core.Graph.Betweenness.Compute(graph, TeloMesh.Core.Graph.BetweennessMode.Probability);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"graph: {graph.NodeCount:N0} pages, {graph.Edges.Count:N0} edges, probability lengths"));
        foreach (var samples in new[] { 250, 500, 1000, 2000 })
        {
            var clock = Stopwatch.StartNew();
            var estimate = TeloMesh.Core.Graph.Betweenness.Estimate(graph, TeloMesh.Core.Graph.BetweennessMode.Probability, samples);
            var seconds = clock.Elapsed.TotalSeconds;
            var worst = exact.Zip(estimate.Values, (e, a) => Math.Abs(e - a)).Max();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {samples,5} samples  {seconds:0.00} s  stated bound ±{estimate.Estimate!.ErrorBound:0.000}  largest actual error {worst:0.000}"));
        }
        return 0;
    }

    /// <summary>
    /// <c>timing-reanalysis [events]</c>: what the dashboard does when a loaded dataset is re-analysed with another
    /// betweenness mode, then another chokepoint percentile, then goals and another gain reduction: the analysis, and the
    /// analysis with its files written.
    /// </summary>
    public static int Reanalysis(string[] args, TextWriter output)
    {
        var size = args.Length == 0 ? 10_000_000 : int.Parse(args[0], CultureInfo.InvariantCulture);
        var ingest = AnalysisPipeline.Ingest(SyntheticInput.File(size), AnalysisOptions.Default);
        var first = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default);
        var outputs = Path.Combine(Path.GetTempPath(), $"telomesh-bench-reanalysis-{size}");
        Directory.CreateDirectory(outputs);
        OutputWriter.WriteAll(outputs, first, ingest.Rejected);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ingest.Events.Count:N0} events loaded and analysed once"));
        var previous = first;
        foreach (var (label, options) in new[]
        {
            ("betweenness hops", AnalysisOptions.Default with { Betweenness = TeloMesh.Core.Graph.BetweennessMode.Hops }),
            ("percentile 0.8", AnalysisOptions.Default with { Betweenness = TeloMesh.Core.Graph.BetweennessMode.Hops, ChokepointPercentile = 0.8 }),
            ("back to the defaults", AnalysisOptions.Default),
            ("goal page", AnalysisOptions.Default with { Goals = new TeloMesh.Core.Journeys.GoalSet(["/checkout/confirmation"], []) }),
            ("goal page and event", AnalysisOptions.Default with { Goals = new TeloMesh.Core.Journeys.GoalSet(["/checkout/confirmation"], ["Submit Signup"]) }),
            ("gain reduction 0.2", AnalysisOptions.Default with { Goals = new TeloMesh.Core.Journeys.GoalSet(["/checkout/confirmation"], ["Submit Signup"]), GainReduction = 0.2 }),
        })
        {
            var clock = Stopwatch.StartNew();
            var result = AnalysisPipeline.Analyze(ingest.Events, options, previous: previous);
            var analysed = clock.Elapsed.TotalSeconds;
            OutputWriter.WriteAll(outputs, result, ingest.Rejected, previous);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {label,-22} analysis {analysed:0.000} s (the dashboard shows it then), its files written by {clock.Elapsed.TotalSeconds:0.000} s ({result.Friction.FragileFlows.Count:N0} fragile flows)"));
            previous = result;
        }
        Directory.Delete(outputs, recursive: true);
        return 0;
    }

    /// <summary>
    /// <c>timing-compare [events]</c>: a comparison of two periods as the dashboard runs it once the dataset is loaded
    /// (its sessions in memory, counted again for both slices and tested), three times with and without a goal; the
    /// target is under 3 s on ten million events.
    /// </summary>
    public static int Compare(string[] args, TextWriter output)
    {
        var size = args.Length == 0 ? 10_000_000 : int.Parse(args[0], CultureInfo.InvariantCulture);
        var ingest = AnalysisPipeline.Ingest(SyntheticInput.File(size), AnalysisOptions.Default);
        var goals = new TeloMesh.Core.Journeys.GoalSet(["/checkout/confirmation"], []);
        var loaded = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default with { Goals = goals });
        var source = new TeloMesh.Core.Journeys.EventTableSource(ingest.Events);
        var april = new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        var (a, b) = (new TeloMesh.Core.Journeys.Slice(To: april), new TeloMesh.Core.Journeys.Slice(From: april));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ingest.Events.Count:N0} events loaded and analysed ({loaded.SessionCount:N0} sessions)"));
        foreach (var (label, key) in new[] { ("no goal", loaded.Aggregates.Key with { Goals = TeloMesh.Core.Journeys.GoalSet.None }), ("goal page", loaded.Aggregates.Key) })
            for (var run = 0; run < 3; run++)
            {
                var clock = Stopwatch.StartNew();
                var result = TeloMesh.Core.Comparison.Comparisons.CompareSlicesAsync(source, key, a, b, sameSessions: loaded.Aggregates).GetAwaiter().GetResult();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label,-10} {clock.Elapsed.TotalSeconds:0.000} s: {result.A.Sessions:N0} against {result.B.Sessions:N0} sessions, {result.Changes.Count:N0} tests"));
            }
        return 0;
    }

    /// <summary>
    /// <c>timing-paths [events]</c>: a path view of 5 steps from and to a few pages as the dashboard runs it once the
    /// dataset is loaded (its sessions in memory); the target is under 1 s on ten million events.
    /// </summary>
    public static int PathViews(string[] args, TextWriter output)
    {
        var size = args.Length == 0 ? 10_000_000 : int.Parse(args[0], CultureInfo.InvariantCulture);
        var ingest = AnalysisPipeline.Ingest(SyntheticInput.File(size), AnalysisOptions.Default);
        var loaded = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default);
        var source = new TeloMesh.Core.Journeys.EventTableSource(ingest.Events);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ingest.Events.Count:N0} events loaded and analysed ({loaded.SessionCount:N0} sessions)"));
        foreach (var (page, direction) in new[] { ("/home", TeloMesh.Core.Journeys.PathDirection.From), ("/cart", TeloMesh.Core.Journeys.PathDirection.From),
            ("/checkout", TeloMesh.Core.Journeys.PathDirection.To), ("/cart", TeloMesh.Core.Journeys.PathDirection.To) })
        {
            var clock = Stopwatch.StartNew();
            var result = source.PathsAsync(loaded.Aggregates.Key, new TeloMesh.Core.Journeys.PathQuery(page, direction), loaded.Aggregates).GetAwaiter().GetResult();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {direction.ToString().ToLowerInvariant(),-4} {page,-10} {clock.Elapsed.TotalSeconds:0.000} s: {result.Sessions:N0} sessions, {result.Links.Count:N0} links"));
        }
        return 0;
    }

    /// <summary>
    /// <c>timing-ingest [events]</c>: ingest against its floor, CsvHelper alone reading every field as a string, on
    /// the same file, alternating five times each; the best of each (other work only ever slows a run).
    /// </summary>
    public static int Ingest(string[] args, TextWriter output)
    {
        var size = args.Length == 0 ? 1_500_000 : int.Parse(args[0], CultureInfo.InvariantCulture);
        var file = SyntheticInput.File(size);
        var ingest = double.MaxValue;
        var floor = double.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var clock = Stopwatch.StartNew();
            BareRead(file);
            floor = Math.Min(floor, clock.Elapsed.TotalSeconds);
            clock.Restart();
            TeloMesh.Core.Events.CsvEventReader.ReadFile(file);
            ingest = Math.Min(ingest, clock.Elapsed.TotalSeconds);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{new FileInfo(file).Length / 1e6:0} MB: bare CsvHelper read {floor:0.000} s, ingest {ingest:0.000} s, ratio {ingest / floor:0.00} (best of 5)"));
        return 0;
    }

    /// <summary>CsvHelper alone: every field of every row read as a string.</summary>
    internal static long BareRead(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = CsvHelper.CsvReader.Create(stream, new CsvHelper.CsvReaderOptions(), leaveOpen: false);
        reader.ReadHeader();
        long characters = 0;
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++) characters += reader.GetString(i)?.Length ?? 0;
        return characters;
    }

    /// <summary><c>timing-pages [pages...]</c>: the whole pipeline on 1.5 M events over more and more distinct pages.</summary>
    public static int Pages(string[] args, TextWriter output)
    {
        var pages = args.Length == 0 ? [50, 500, 5_000, 50_000] : args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        foreach (var count in pages)
            Time(SyntheticInput.File(1_500_000, count), output);
        return 0;
    }

    /// <summary><c>timing [--goal-page P] [events...]</c>: the whole pipeline per size, with the goal when one is given.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        var options = AnalysisOptions.Default;
        if (args is ["--goal-page", var goal, .. var rest])
        {
            options = options with { Goals = new TeloMesh.Core.Journeys.GoalSet([goal], []) };
            args = rest;
        }
        var sizes = args.Length == 0 ? [150_000] : args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {options.Goals}");
        foreach (var size in sizes)
            Time(SyntheticInput.File(size), output, options);
        return 0;
    }

    /// <summary>CSV to every output file once, printing each stage's time, the total and the process's peak memory.</summary>
    private static void Time(string file, TextWriter output, AnalysisOptions? options = null)
    {
        options ??= AnalysisOptions.Default;
        var outputs = Path.Combine(Path.GetTempPath(), "telomesh-bench-out-" + Path.GetFileNameWithoutExtension(file));
        var stages = new List<(string, double)>();
        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        var ingest = AnalysisPipeline.Ingest(file, options);
        stages.Add(("parse", clock.Elapsed.TotalSeconds));
        var result = AnalysisPipeline.Analyze(ingest.Events, options,
            timing: (stage, elapsed, _) => stages.Add((stage.ToString().ToLowerInvariant(), elapsed.TotalSeconds)));
        clock.Restart();
        Directory.CreateDirectory(outputs);
        OutputWriter.WriteAll(outputs, result, ingest.Rejected);
        stages.Add(("export", clock.Elapsed.TotalSeconds));
        var seconds = total.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        var perStage = string.Join("  ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Item1} {s.Item2:0.000}")));
        var estimate = result.BetweennessEstimate is { } e ? string.Create(CultureInfo.InvariantCulture, $"  (betweenness estimated from {e.Sources:N0} sources, ±{e.ErrorBound:0.000})") : "";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ingest.Events.Count,10:N0} events  {result.Graph.NodeCount,6:N0} pages  {result.Graph.Edges.Count,9:N0} edges  total {seconds,6:0.00} s  peak {peak,7:N0} MB  | {perStage}{estimate}"));
        Directory.Delete(outputs, recursive: true);
    }
}

/// <summary>
/// <c>timing-gain [pages...]</c>: the projected gain of every pair (docs/metrics.md section 8) on 1.5 million synthetic
/// events over more and more pages, with goal page /checkout/confirmation: how many states the chain has, which path
/// computed the gains (dense up to 5,000 states, the sparse subset beyond) and how long the fit and the gains took.
/// </summary>
internal static class GainTiming
{
    public static int Run(string[] args, TextWriter output)
    {
        var pages = args.Length == 0 ? [50, 500, 2_000, 5_000, 20_000] : args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var options = AnalysisOptions.Default with { Goals = new TeloMesh.Core.Journeys.GoalSet(["/checkout/confirmation"], []) };
        foreach (var count in pages)
        {
            var ingest = AnalysisPipeline.Ingest(SyntheticInput.File(1_500_000, count), options);
            var result = AnalysisPipeline.Analyze(ingest.Events, options);
            // The whole scoring (intervals, chokepoints, the chain fitted and every gain), as the analysis runs it.
            var clock = Stopwatch.StartNew();
            var scores = TeloMesh.Core.Friction.FrictionAnalyzer.Score(result.Aggregates, result.Betweenness, options.FrictionOptions);
            var seconds = clock.Elapsed.TotalSeconds;
            var states = TeloMesh.Core.Friction.ConversionModel.Fit(result.Aggregates).States;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count,7:N0} pages  {result.Aggregates.Pairs.Count,7:N0} pairs  {states,7:N0} states  scoring with gains {seconds,7:0.000} s  " +
                $"({(scores.Goals!.GainsComputed is { } n ? $"{n:N0} pairs computed, sparse" : "every pair")})  peak {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):N0} MB"));
        }
        return 0;
    }
}
