using System.Diagnostics;
using System.Globalization;

namespace TeloMesh.Benchmarks;

/// <summary>
/// <c>timing-cli [--original DIR] [--runs N]</c>: the command line as a user runs it, one fresh process per run
/// (process start, the JIT or ReadyToRun code, reading, analysing and every output file included), on the synthetic
/// files of <see cref="SyntheticInput"/>: 150,000 and 1.5 M events. The binary is the ReadyToRun publish of
/// <c>./publish-cli.sh</c> (<c>out/telomesh/telomesh</c>) and, for comparison, the same build run through the JIT
/// (<c>dotnet telomesh.dll</c> of a Release build). With <c>--original DIR</c> (a checkout of the original Python
/// TeloMesh), its <c>main.py --users 3000 --events 50</c> (150,000 events, every stage) runs in the same session
/// beside <c>telomesh --users 3000 --events 50</c>, so both are measured on the same machine under the same load.
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
        var original = Option(args, "--original");
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
        if (original is not null)
        {
            // The original generates its own events; ours generates the same number with the same options.
            var ours = Times(runs, folder => (published, $"--users 3000 --events 50 --data-dir {folder}/data --outputs-dir {folder}/outputs"));
            var python = Times(1, folder =>
            {
                foreach (var entry in Directory.GetFileSystemEntries(original))
                    CopyInto(entry, folder);
                return ("python3", $"{folder}/main.py --users 3000 --events 50");
            }, workingDirectory: true);
            output.WriteLine(string.Create(C, $"  --users 3000 --events 50 (about 150,000 events, generated, every stage):"));
            output.WriteLine(string.Create(C, $"    original Python  {python[0]:0.00} s (one run)"));
            output.WriteLine(string.Create(C, $"    TeloMesh         best {ours.Min():0.00} s  median {Median(ours):0.00} s: {python[0] / Median(ours):0}x faster (median)"));
        }
        return 0;
    }

    /// <summary>Runs a command <paramref name="runs"/> times, each in a fresh temporary folder; throws if one fails.</summary>
    private static List<double> Times(int runs, Func<string, (string File, string Arguments)> command, bool workingDirectory = false)
    {
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("telomesh-cli-timing-").FullName;
            try
            {
                var (file, arguments) = command(folder);
                var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
                if (workingDirectory) start.WorkingDirectory = folder;
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

    private static void CopyInto(string entry, string folder)
    {
        var target = Path.Combine(folder, Path.GetFileName(entry));
        if (File.Exists(entry))
        {
            File.Copy(entry, target);
            return;
        }
        Directory.CreateDirectory(target);
        foreach (var child in Directory.GetFileSystemEntries(entry)) CopyInto(child, target);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TeloMesh.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("TeloMesh.sln not found above the benchmark's folder");
    }
}
