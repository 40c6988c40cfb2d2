using BenchmarkDotNet.Running;
using TeloMesh.Benchmarks;

// `timing [events...]` runs the whole pipeline once per size and prints wall time and memory per stage; `timing-betweenness`,
// `timing-estimate`, `timing-reanalysis [events]`, `timing-compare [events]`, `timing-paths [events]`, `timing-pages [pages...]`, `timing-grouping [events]` and `timing-gain [pages...]` time one part (docs/benchmarks.md);
// `timing-cli [--runs N]` times the published command line (and the JIT build) in fresh processes;
// `timing-clickhouse URL [events]` times the friction report computed inside ClickHouse next to in process;
// `load` drives concurrent dashboard sessions in Chromium (docs/load.md); anything else goes to BenchmarkDotNet (e.g. `--filter *StageBenchmarks*`).
if (args.Length > 0 && args[0] == "timing")
    return TimingCommand.Run(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-betweenness")
    return TimingCommand.Betweenness(Console.Out);
if (args.Length > 0 && args[0] == "timing-estimate")
    return TimingCommand.Estimate(Console.Out);
if (args.Length > 0 && args[0] == "timing-reanalysis")
    return TimingCommand.Reanalysis(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-compare")
    return TimingCommand.Compare(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-paths")
    return TimingCommand.PathViews(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-ingest")
    return TimingCommand.Ingest(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-pages")
    return TimingCommand.Pages(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-grouping")
    return GroupingTiming.Run(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-gain")
    return GainTiming.Run(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-browser")
    return await TeloMesh.Benchmarks.Load.BrowserTimingCommand.RunAsync(Console.Out);
if (args.Length > 0 && args[0] == "timing-clickhouse")
    return await ClickHouseTiming.RunAsync(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "timing-cli")
    return CliTiming.Run(args[1..], Console.Out);
if (args.Length > 0 && args[0] == "load")
    return await TeloMesh.Benchmarks.Load.LoadCommand.RunAsync(args[1..], Console.Out);
BenchmarkSwitcher.FromAssembly(typeof(StageBenchmarks).Assembly).Run(args);
return 0;
