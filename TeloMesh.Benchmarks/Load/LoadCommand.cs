using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Benchmarks.Load;

/// <summary>
/// <c>load [--sessions 50] [--seconds 60] [--browsers 5] [--demo-users 2000] [--upload-events 150000] [--hostile]</c>: starts the
/// dashboard on loopback, drives that many concurrent dashboard sessions in real Chromium pages (spread over a few
/// browser processes) for that long while two users upload and analyse a file over and over, then reports latency per
/// action, errors, open circuits and the server's memory before, at its peak and after the sessions end.
/// </summary>
internal static class LoadCommand
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        // Measure with the garbage collector the dashboard runs with (the Web SDK turns Server GC on); this process is
        // a console app, so start it again with Server GC rather than change it for BenchmarkDotNet too.
        if (!System.Runtime.GCSettings.IsServerGC && Environment.GetEnvironmentVariable("DOTNET_gcServer") != "1")
            return await Restart(args);
        var sessions = Option(args, "--sessions", 50);
        var seconds = Option(args, "--seconds", 60);
        var browsers = Math.Min(Option(args, "--browsers", 5), sessions);
        var demoUsers = Option(args, "--demo-users", 2000);
        var uploadEvents = Option(args, "--upload-events", 150_000);
        var hostile = args.Contains("--hostile");
        if (!File.Exists("/usr/bin/chromium"))
        {
            output.WriteLine("error: the load command drives Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium");
            return 2;
        }

        output.WriteLine(string.Create(C, $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9:0} GB, .NET {Environment.Version}, Server GC {System.Runtime.GCSettings.IsServerGC}"));
        output.WriteLine(string.Create(C, $"load: {sessions} sessions in {browsers} browsers for {seconds} s, 2 uploaders of {uploadEvents:N0} events, demo dataset of {demoUsers:N0} users{(hostile ? ", a hostile uploader (a million empty columns, a gzip bomb)" : "")}"));
        var upload = Path.Combine(Path.GetTempPath(), $"telomesh-load-upload-{uploadEvents}.csv");
        if (!File.Exists(upload))
            new SyntheticEventGenerator(new SyntheticOptions { Users = Math.Max(1, uploadEvents / 15), EventsPerUser = 15, Seed = 7 }).WriteFile(upload);

        var startClock = Stopwatch.StartNew();
        await using var host = new LoadHost(demoUsers);
        output.WriteLine(string.Create(C, $"server: {host.BaseAddress} ready in {startClock.Elapsed.TotalSeconds:0.0} s (demo dataset analysed)"));
        var playwright = await Playwright.CreateAsync();
        var launched = new List<IBrowser>();
        for (var i = 0; i < browsers; i++)
            launched.Add(await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
            }));

        // One session first, so the numbers are not the JIT's: then the baseline.
        var warmUp = new LoadRecorder();
        await DashboardSession.RunAsync(launched[0], host.BaseAddress, 0, DateTime.UtcNow, warmUp);
        await WaitForCircuits(host, 0, TimeSpan.FromSeconds(30));
        var before = MemorySampler.AfterCollection();

        var recorder = new LoadRecorder();
        var uploaded = new ConcurrentBag<string>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var run = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        (long WorkingSet, long Heap) peak;
        await using (var sampler = new MemorySampler())
        {
            var work = new List<Task>();
            for (var i = 0; i < sessions; i++)
                work.Add(DashboardSession.RunAsync(launched[i % browsers], host.BaseAddress, i + 1, deadline, recorder));
            for (var i = 0; i < 2; i++)
                work.Add(DashboardSession.UploadAsync(launched[i % browsers], host.BaseAddress, i + 1, upload, deadline, recorder, uploaded));
            if (hostile) work.Add(HostileUploader.RunAsync(host.BaseAddress, deadline, recorder));
            await Task.WhenAll(work);
            peak = sampler.Peak;
        }
        var elapsed = run.Elapsed;
        var serverCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var peakCircuits = host.Circuits.Peak;
        foreach (var browser in launched) await browser.CloseAsync();
        playwright.Dispose(); // the driver's objects live in this process too: gone before measuring the server
        // A circuit whose tab vanished without saying goodbye is kept for Blazor's reconnection period (3 minutes).
        var closed = await WaitForCircuits(host, 0, TimeSpan.FromMinutes(4));
        var after = MemorySampler.AfterCollection();
        foreach (var name in uploaded) await host.Store.DeleteAsync(name);
        var afterDelete = MemorySampler.AfterCollection();
        // Kestrel's and SignalR's buffer pools give idle blocks back on a timer, not at a collection.
        await Task.Delay(TimeSpan.FromSeconds(30));
        var afterIdle = MemorySampler.AfterCollection();

        output.WriteLine(string.Create(C, $"ran {elapsed.TotalSeconds:0} s; this process (server and Playwright client) used {serverCpu.TotalSeconds:0} s of CPU, {serverCpu / elapsed / Environment.ProcessorCount:P0} of the machine; the browsers used the rest"));
        output.WriteLine(string.Create(C, $"circuits: {peakCircuits} at most, {host.Circuits.Open} open {closed.TotalSeconds:0.0} s after the browsers closed"));
        output.WriteLine();
        output.WriteLine("| action | count | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        string[] order = ["open datasets", "open friction", "filter friction", "export friction csv", "open heatmap", "export heatmap html", "upload and analyse"];
        foreach (var action in order.Where(recorder.Latencies.ContainsKey).Concat(recorder.Latencies.Keys.Except(order).Order(StringComparer.Ordinal)))
        {
            var times = recorder.Latencies[action].Order().ToArray();
            output.WriteLine(string.Create(C, $"| {action} | {times.Length:N0} | {Percentile(times, 50):N0} | {Percentile(times, 90):N0} | {Percentile(times, 99):N0} | {times[^1]:N0} |"));
        }
        output.WriteLine();
        output.WriteLine("| server memory | working set | managed heap |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine(Row("before (after a full GC)", before));
        output.WriteLine(Row("peak during the sessions", peak));
        output.WriteLine(Row($"after, full GC ({uploaded.Count} uploaded datasets still loaded)", after));
        output.WriteLine(Row("after deleting the uploaded datasets, full GC", afterDelete));
        output.WriteLine(Row("30 s later, full GC", afterIdle));
        output.WriteLine();
        var errors = recorder.Errors.Concat(warmUp.Errors).ToList();
        output.WriteLine($"errors: {errors.Count}");
        foreach (var group in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(20))
            output.WriteLine($"  {group.Count()} x {group.Key}");
        return errors.Count == 0 && host.Circuits.Open == 0 ? 0 : 1;
    }

    private static string Row(string label, (long WorkingSet, long Heap) memory) =>
        string.Create(C, $"| {label} | {memory.WorkingSet / 1048576.0:N0} MB | {memory.Heap / 1048576.0:N0} MB |");

    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Waits until at most <paramref name="open"/> circuits are open; returns how long that took.</summary>
    private static async Task<TimeSpan> WaitForCircuits(LoadHost host, int open, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (host.Circuits.Open > open && clock.Elapsed < limit) await Task.Delay(100);
        return clock.Elapsed;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], C) : fallback;
    }

    private static async Task<int> Restart(string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileName(Environment.ProcessPath!).StartsWith("dotnet", StringComparison.Ordinal))
            start.ArgumentList.Add(typeof(LoadCommand).Assembly.Location); // started as `dotnet TeloMesh.Benchmarks.dll`
        start.ArgumentList.Add("load");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_gcServer"] = "1";
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
