using System.Diagnostics;
using System.Globalization;

namespace TeloMesh.Benchmarks;

/// <summary>
/// <c>timing-cli [--runs N]</c>: the command line as a user runs it, one fresh process per run
/// (process start, the JIT or ReadyToRun code, reading, analysing and every output file included), on the synthetic
/// files of <see cref="SyntheticInput"/>: 150,000 and 1.5 M events. The binary is the ReadyToRun publish of
/// <c>./publish-cli.sh</c> (<c>out/telomesh/telomesh</c>) and, for comparison, the same build run through the JIT
/// (<c>dotnet telomesh.dll</c> of a Release build). The original Python pipeline's times (38-51 s for 150,000
/// events) were measured earlier and are in docs/benchmarks.md. The publish is self-contained, one ReadyToRun composite
/// image of the runtime, the libraries and TeloMesh (docs/benchmarks.md, thirteenth round).
/// </summary>
internal static class CliTiming
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Run(string[] args, TextWriter output)
    {
        var root = RepositoryRoot();
        var published = Path.Combine(root, "out", "telomesh", "telomesh");
        if (!File.Exists(published))
        {
            output.WriteLine($"error: {published} does not exist: run ./publish-cli.sh first.");
            return 2;
        }
        var runs = int.Parse(Option(args, "--runs") ?? "5", C);
        var jit = Path.Combine(root, "TeloMesh.Cli", "bin", "Release", "net10.0", "telomesh.dll");
        var binaries = new List<(string Name, string File, string Prefix)> { ("ReadyToRun", published, "") };
        if (File.Exists(jit)) binaries.Add(("JIT", "dotnet", jit + " "));
        else output.WriteLine($"({jit} not built: run 'dotnet build -c Release TeloMesh.Cli' to time the JIT as well)");

        output.WriteLine($"{Environment.ProcessorCount} cores; each line: best and median of {runs} fresh processes, wall time");
        foreach (var events in new[] { 150_000, 1_500_000 })
        {
            var input = SyntheticInput.File(events);
            foreach (var (name, file, prefix) in binaries)
            {
                var times = Times(runs, folder => (file, $"{prefix}--input-file {input} --data-dir {folder}/data --outputs-dir {folder}/outputs"));
                output.WriteLine(string.Create(C, $"  {events,9:N0} events  {name,-10}  best {times.Min():0.00} s  median {Median(times):0.00} s"));
            }
        }
        return 0;
    }

    /// <summary>Runs a command <paramref name="runs"/> times, each in a fresh temporary folder; throws if one fails.</summary>
    private static List<double> Times(int runs, Func<string, (string File, string Arguments)> command)
    {
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("telomesh-cli-timing-").FullName;
            try
            {
                var (file, arguments) = command(folder);
                var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
                var clock = Stopwatch.StartNew();
                using var process = Process.Start(start)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                times.Add(clock.Elapsed.TotalSeconds);
                if (process.ExitCode != 0)
                    throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {stderr}{stdout.Result}");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        return times;
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TeloMesh.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("TeloMesh.sln not found above the benchmark's folder");
    }
}
