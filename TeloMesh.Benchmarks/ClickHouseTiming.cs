using System.Diagnostics;
using System.Globalization;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Export;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Benchmarks;

/// <summary>
/// <c>timing-clickhouse URL [events]</c>: the friction report of the same seeded synthetic events computed inside a
/// running ClickHouse server (events loaded into a table once, not timed) and in process, each to its output files.
/// </summary>
internal static class ClickHouseTiming
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        if (args.Length == 0)
        {
            output.WriteLine("usage: timing-clickhouse URL [events]   (a running ClickHouse server's HTTP interface)");
            return 2;
        }
        var C = CultureInfo.InvariantCulture;
        var size = args.Length > 1 ? int.Parse(args[1], C) : 10_000_000;
        var connection = new ClickHouseConnection
        {
            Url = ClickHouseConnection.ParseUrl(args[0]),
            User = Environment.GetEnvironmentVariable(ClickHouseConnection.UserVariable) is { Length: > 0 } user ? user : null,
            Password = Environment.GetEnvironmentVariable(ClickHouseConnection.PasswordVariable) is { Length: > 0 } password ? password : null,
        };
        using var client = new ClickHouseHttpClient(connection);
        var table = $"bench_{size}";
        var clock = Stopwatch.StartNew();
        var ingest = AnalysisPipeline.Ingest(SyntheticInput.File(size), AnalysisOptions.Default);
        var events = ingest.Events;
        output.WriteLine(string.Create(C, $"{events.Count:N0} events, {events.Users.Count:N0} users read in {clock.Elapsed.TotalSeconds:0.00} s"));

        var existing = await client.QueryAsync($"EXISTS TABLE default.{table}");
        var loaded = existing[0][0] == "1" ? (await client.QueryAsync($"SELECT count() FROM default.{table}"))[0][0] : "0";
        if (loaded != events.Count.ToString(C))
        {
            await client.ExecuteAsync($"DROP TABLE IF EXISTS default.{table}");
            clock.Restart();
            await ClickHouseLoader.LoadAsync(client, "default", table, events);
            output.WriteLine(string.Create(C, $"loaded into ClickHouse table default.{table} in {clock.Elapsed.TotalSeconds:0.00} s (not part of the timing)"));
        }

        var server = (await client.QueryAsync("SELECT version()"))[0][0];
        AnalysisResult? last = null;
        var source = new WarehouseJourneySource(new ClickHouseEventSource(client, "default", new ClickHouseTable { Table = table }));
        for (var run = 0; run < 2; run++)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"telomesh-bench-clickhouse-{size}");
            Directory.CreateDirectory(folder);
            clock.Restart();
            var aggregation = TimeSpan.Zero;
            var result = last = await AnalysisPipeline.AnalyzeAsync(source, AnalysisOptions.Default,
                timing: (stage, elapsed, _) => aggregation += stage == PipelineStage.Sessions ? elapsed : TimeSpan.Zero);
            var computed = clock.Elapsed;
            OutputWriter.WriteAll(folder, result, []);
            var total = clock.Elapsed;
            output.WriteLine(string.Create(C,
                $"ClickHouse {server}: {total.TotalSeconds:0.00} s to the friction report files (aggregation queries {aggregation.TotalSeconds:0.00} s, " +
                $"graph + betweenness + scores {(computed - aggregation).TotalSeconds:0.00} s incl. the fragile-flow query, files " +
                $"{(total - computed).TotalSeconds:0.00} s); {result.SessionCount:N0} sessions, {result.FragileFlowCount:N0} fragile flows, " +
                $"client peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB"));
        }

        // Re-analysis with other options: the events' fingerprint (one scan) instead of the aggregation, and the fragile
        // flows again only when the chokepoints changed.
        foreach (var (name, options) in new[]
                 {
                     ("hops betweenness", AnalysisOptions.Default with { Betweenness = TeloMesh.Core.Graph.BetweennessMode.Hops }),
                     ("percentile 0.89", AnalysisOptions.Default with { ChokepointPercentile = 0.89 }),
                 })
        {
            clock.Restart();
            var again = await AnalysisPipeline.AnalyzeAsync(source, options, previous: last);
            output.WriteLine(string.Create(C, $"re-analysis with {name}: {clock.Elapsed.TotalSeconds:0.00} s " +
                $"(counts {(ReferenceEquals(again.Aggregates, last!.Aggregates) ? "reused" : "read again")}, {again.Friction.Summary.Chokepoints} chokepoints)"));
        }

        var inProcessFolder = Path.Combine(Path.GetTempPath(), $"telomesh-bench-inprocess-{size}");
        Directory.CreateDirectory(inProcessFolder);
        clock.Restart();
        var inProcess = AnalysisPipeline.Analyze(events, AnalysisOptions.Default);
        var analysed = clock.Elapsed;
        OutputWriter.WriteGraph(inProcessFolder, inProcess.Graph);
        OutputWriter.WriteMetrics(inProcessFolder, inProcess.Metrics);
        OutputWriter.WriteFriction(inProcessFolder, inProcess.Friction);
        output.WriteLine(string.Create(C,
            $"in process on the same events (already parsed): {clock.Elapsed.TotalSeconds:0.00} s to the same files (analysis {analysed.TotalSeconds:0.00} s); " +
            $"{inProcess.SessionCount:N0} sessions, {inProcess.Friction.FragileFlows.Count:N0} fragile flows"));
        return 0;
    }
}
