using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Options;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Core.Hostile;

/// <summary>
/// Faults: a process killed in the middle of an analysis, a full disk and an outputs folder that cannot be written,
/// two users working on one dataset at once, and work whose caller went away. Real processes, a real small file
/// system (tmpfs) where the machine allows mounting one, real concurrent calls; ordering is observed, never timed.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly HostileDatasets _sets = new();

    public void Dispose() => _sets.Dispose();

    /// <summary><paramref name="count"/> events of 5,000 users on 50 pages, one per second from 2025-03-01T00:00:00Z.</summary>
    private static byte[] Events(int count)
    {
        var text = new StringBuilder("user_id,timestamp,page,event\n", count * 28);
        for (var i = 0; i < count; i++)
            text.Append(CultureInfo.InvariantCulture, $"u{i % 5000},{1_740_787_200 + i},/p{i * 7 % 50},e{i % 3}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private AnalysisStore Store() => new(Options.Create(new TeloMeshOptions
    {
        DataRoot = _sets.DataRoot,
        OutputsRoot = _sets.OutputsRoot,
        CreateDemoDataset = false,
    }), TimeProvider.System);

    // ---- A process killed mid-analysis ----

    /// <summary>
    /// Runs the built command line in a child process and kills it as soon as it is writing session_flows.csv (its
    /// temporary file exists): the middle of the export, the moment a crash could leave old and new files mixed.
    /// </summary>
    private async Task KillWhileWritingAsync(string dataset, params string[] extra)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "telomesh.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["exec", cli, "--dataset", dataset, "--data-dir", _sets.DataRoot, "--outputs-dir", _sets.OutputsRoot, .. extra])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var outputs = _sets.Paths(dataset).OutputDirectory;
        // Watched on a thread of its own: with the suite running on both cores, a thread-pool continuation after
        // Task.Delay can come back too late and miss the export's half-second window.
        var killed = await Task.Factory.StartNew(() =>
        {
            while (!process.HasExited && !(Directory.Exists(outputs) && Directory.GetFiles(outputs, $".{OutputFileNames.SessionFlows}.*.tmp").Length > 0))
                Thread.Sleep(1);
            var running = !process.HasExited;
            process.Kill(entireProcessTree: true);
            return running;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await process.WaitForExitAsync();
        Assert.True(killed, $"the command line ended before it was killed:\n{await output}\n{await error}");
        Assert.DoesNotContain("Done in", await output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_killed_while_writing_leaves_the_dataset_not_analysed_and_the_next_start_analyses_it()
    {
        File.WriteAllBytes(_sets.File("big.csv"), Events(500_000));
        await KillWhileWritingAsync("big", "--input-file", _sets.File("big.csv"));

        // The source was copied before the analysis began; nothing reads as a finished analysis.
        Assert.Equal(File.ReadAllBytes(_sets.File("big.csv")), File.ReadAllBytes(_sets.Paths("big").EventsFile));
        Assert.False(_sets.Entry("big").IsAnalysed);

        // The next start (a new dashboard process) analyses it again, completely.
        await Store().GetAsync("big");
        _sets.AssertCompleteIgnoringTemporaries("big");
    }

    [Fact]
    public async Task A_re_analysis_killed_while_writing_never_pairs_old_and_new_files_as_complete()
    {
        File.WriteAllBytes(_sets.File("big.csv"), Events(500_000));
        Assert.Equal(0, _sets.Cli("--input-file", _sets.File("big.csv"), "--dataset", "big").Code);
        Assert.True(_sets.Entry("big").IsAnalysed);

        await KillWhileWritingAsync("big", "--betweenness", "hops");

        // session_flows.csv was being replaced, so dataset_info.json had already lost its analysis time: the folder,
        // which may now hold new files beside old ones, does not read as one finished analysis.
        var entry = _sets.Entry("big");
        Assert.False(entry.IsAnalysed);
        Assert.Equal("probability", entry.Info!.Options!.Betweenness); // the last finished analysis, still described
        await Store().GetAsync("big"); // re-analysed with the options it was last analysed with
        // ... and the killed process's temporary files are gone with it.
        Assert.Equal("probability", _sets.AssertComplete("big", withRejected: false).Options!.Betweenness);
    }

    // ---- A full disk, an unwritable outputs folder ----

    /// <summary>A 1 MB tmpfs mounted at <see cref="Path"/> while it lives, when the machine allows mounting (root).</summary>
    private sealed class SmallDisk : IDisposable
    {
        public string Path { get; }
        public bool Mounted { get; }

        public SmallDisk(string path)
        {
            Path = path;
            Directory.CreateDirectory(path);
            Mounted = Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path);
        }

        private static bool Run(string command, params string[] args)
        {
            try
            {
                var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var arg in args) start.ArgumentList.Add(arg);
                using var process = Process.Start(start)!;
                process.WaitForExit();
                return process.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false; // no mount command
            }
        }

        public void Dispose()
        {
            if (Mounted) Run("umount", Path);
        }
    }

    [Fact]
    public void A_full_disk_is_a_clear_error_and_the_source_is_kept()
    {
        // Outputs on a 1 MB file system: session_flows.csv of 100,000 events (about 5 MB) cannot fit. Where mounting is
        // not allowed, the outputs root is a file instead, which fails for root too.
        File.WriteAllBytes(_sets.File("in.csv"), Events(100_000));
        using var disk = new SmallDisk(_sets.File("small"));
        var outputsRoot = disk.Mounted ? disk.Path : _sets.File("outputs-file");
        if (!disk.Mounted) File.WriteAllText(outputsRoot, "not a folder");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = TeloMesh.Cli.CliApp.Run(["--input-file", _sets.File("in.csv"), "--dataset", "full", "--data-dir", _sets.DataRoot, "--outputs-dir", outputsRoot],
            output, error);

        Assert.Equal(1, code);
        var folder = Path.Combine(outputsRoot, "full");
        Assert.StartsWith($"error: The results of dataset 'full' cannot be written to {folder}: " + (disk.Mounted ? "No space left on device" : ""),
            error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("The source file is kept and the dataset is not marked as analysed: free some space (or fix the folder) and analyse it again." +
            Environment.NewLine, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(_sets.File("in.csv")), File.ReadAllBytes(_sets.Paths("full").EventsFile));
        Assert.False(DatasetCatalog.List(_sets.DataRoot, outputsRoot).Single().IsAnalysed);
        if (disk.Mounted) Assert.Empty(Directory.GetFiles(folder, ".*")); // no temporary file left filling the disk
    }

    [Fact]
    public async Task The_store_refuses_options_outside_their_limits_whichever_page_sent_them()
    {
        _sets.Add("limits", Events(100));
        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Store().AnalyzeAsync("limits", AnalysisOptions.Default with { SessionGap = TimeSpan.Zero }));
        Assert.Equal("The session gap must be minutes greater than 0 and at most 10080 (a week); got 0.", e.Message);
        Assert.False(_sets.Entry("limits").IsAnalysed);
    }

    [Fact]
    public async Task An_upload_onto_a_ClickHouse_datasets_name_is_refused_instead_of_ignored()
    {
        var paths = TeloMesh.Core.Datasets.DatasetPaths.Create(_sets.DataRoot, _sets.OutputsRoot, "warehouse");
        new TeloMesh.Core.ClickHouse.ClickHouseDataset { Url = "http://127.0.0.1:8123/", Table = "events" }.Write(paths);
        var store = Store();

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            store.SaveUploadAsync("warehouse", new MemoryStream("user_id,timestamp,page,event\nu,2025-01-01,/a,view\n"u8.ToArray()), CancellationToken.None));

        Assert.Equal("Dataset 'warehouse' already exists and reads a ClickHouse table: choose another name for the upload.", e.Message);
        Assert.Null(paths.FindSource());
    }

    [Fact]
    public async Task An_outputs_folder_that_cannot_be_created_fails_the_dashboard_analysis_and_keeps_the_upload()
    {
        var paths = _sets.Add("blocked", Events(1_000));
        Directory.CreateDirectory(_sets.OutputsRoot);
        File.WriteAllText(paths.OutputDirectory, "a file where the dataset's outputs folder should be");
        var store = Store();
        var e = await Assert.ThrowsAsync<OutputWriteException>(() => store.AnalyzeAsync("blocked", AnalysisOptions.Default));
        Assert.StartsWith($"The results of dataset 'blocked' cannot be written to {paths.OutputDirectory}: ", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(paths.EventsFile));
        Assert.False(_sets.Entry("blocked").IsAnalysed);
        // Once the folder can be written, the same dataset analyses.
        File.Delete(paths.OutputDirectory);
        await store.AnalyzeAsync("blocked", AnalysisOptions.Default);
        Assert.True(_sets.Entry("blocked").IsAnalysed);
    }

    [Fact]
    public async Task A_reanalysis_is_shown_before_its_files_are_written_and_downloads_wait_for_them()
    {
        _sets.Add("r", Events(10_000));
        var store = Store();
        await store.AnalyzeAsync("r", AnalysisOptions.Default);

        // The re-analysis's progress holds it at its first file write: it returns all the same, with the new numbers.
        var hold = new Holding(hold: true, at: PipelineStage.Export);
        var hops = AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops };
        var analysis = await store.AnalyzeAsync("r", hops, progress: hold, filesAfter: true).WaitAsync(Hang);
        Assert.Equal(BetweennessMode.Hops, analysis.Result.Options.Betweenness);
        Assert.Same(analysis, await store.GetAsync("r").WaitAsync(Hang)); // pages get it at once
        await hold.Started.Task.WaitAsync(Hang); // the files are being written now, and are held there
        var download = store.WaitForFilesAsync("r", CancellationToken.None);
        var holdNext = new Holding(hold: true); // holds the next analysis at its first step, before it writes anything
        var next = store.AnalyzeAsync("r", AnalysisOptions.Default with { Betweenness = BetweennessMode.Reference }, progress: holdNext);
        var stopping = Task.Run(store.Dispose); // the dashboard shutting down
        await Task.Delay(200);
        Assert.False(analysis.Written.IsCompleted);
        Assert.False(download.IsCompleted); // a download waits instead of sending the old files
        Assert.False(holdNext.Started.Task.IsCompleted); // so does the next analysis
        Assert.False(stopping.IsCompleted); // and the shutdown

        hold.Release();
        await analysis.Written.WaitAsync(Hang);
        await download.WaitAsync(Hang);
        await stopping.WaitAsync(Hang);
        var info = _sets.AssertComplete("r", withRejected: false);
        Assert.Equal("hops", info.Options!.Betweenness);
        // The files carry the time of the result shown, so they do not read as a newer analysis made elsewhere.
        Assert.Equal(analysis.AnalysedUtc, info.AnalysedUtc);
        await holdNext.Started.Task.WaitAsync(Hang); // the next analysis starts once the files are written
        holdNext.Release();
        await next.WaitAsync(Hang);
        Assert.Equal("reference", _sets.AssertComplete("r", withRejected: false).Options!.Betweenness);
    }

    [Fact]
    public async Task A_reanalysis_whose_files_cannot_be_written_says_so_and_is_analysed_again_when_next_opened()
    {
        var paths = _sets.Add("w", Events(10_000));
        var store = Store();
        await store.AnalyzeAsync("w", AnalysisOptions.Default);
        Directory.Delete(paths.OutputDirectory, recursive: true);
        File.WriteAllText(paths.OutputDirectory, "a file where the dataset's outputs folder should be");

        var analysis = await store.AnalyzeAsync("w", AnalysisOptions.Default with { ChokepointPercentile = 0.8 }, filesAfter: true).WaitAsync(Hang);
        var e = await Assert.ThrowsAsync<OutputWriteException>(() => analysis.Written.WaitAsync(Hang));
        Assert.StartsWith($"The results of dataset 'w' cannot be written to {paths.OutputDirectory}: ", e.Message, StringComparison.Ordinal);
        // The unsaved result is not kept: opening the dataset analyses it again, which says the same.
        await Assert.ThrowsAsync<OutputWriteException>(() => store.GetAsync("w").WaitAsync(Hang));
        File.Delete(paths.OutputDirectory);
        var again = await store.GetAsync("w").WaitAsync(Hang);
        Assert.NotSame(analysis, again);
        Assert.True(_sets.Entry("w").IsAnalysed);
    }

    // ---- Two users at once ----

    /// <summary>Progress that lets a test see when work started and hold it there until released.</summary>
    /// <remarks>Progress is reported on the thread doing the work, inside the dataset's lock.</remarks>
    /// <remarks>With <paramref name="at"/>, only reports of that stage start and hold.</remarks>
    private sealed class Holding(bool hold, Action<PipelineProgress>? heard = null, PipelineStage? at = null) : IProgress<PipelineProgress>
    {
        private readonly ManualResetEventSlim _release = new(!hold);
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(PipelineProgress value)
        {
            if (at is { } stage && value.Stage != stage) return;
            Started.TrySetResult();
            _release.Wait();
            heard?.Invoke(value);
        }

        public void Release() => _release.Set();
    }

    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60); // a guard against a deadlock, not a measurement

    [Fact]
    public async Task Analyses_of_one_dataset_are_serialised_and_different_datasets_run_in_parallel()
    {
        _sets.Add("x", Events(10_000));
        _sets.Add("y", Events(10_000));
        var store = Store();
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // Each analysis says where it is from inside its work: A when it has written its last file, B when it starts.
        var holdA = new Holding(hold: true, p =>
        {
            if (p is { Stage: PipelineStage.Export, Fraction: 1 }) order.Enqueue("A finished");
        });
        var a = store.AnalyzeAsync("x", AnalysisOptions.Default, progress: holdA);
        await holdA.Started.Task.WaitAsync(Hang); // A holds dataset x, stopped at its first progress report

        var startedB = new Holding(hold: false, _ => order.Enqueue("B working"));
        var b = store.AnalyzeAsync("x", AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops }, progress: startedB);

        // Dataset y does not wait for x: it is analysed while A still holds x.
        await store.AnalyzeAsync("y", AnalysisOptions.Default).WaitAsync(Hang);
        order.Enqueue("y finished");

        holdA.Release();
        await Task.WhenAll(a, b).WaitAsync(Hang);
        await (await b).Written.WaitAsync(Hang); // B re-analysed A's events: its files follow its numbers
        // B did nothing before A had finished (the per-dataset lock); y finished while A was held.
        var list = order.ToList();
        Assert.Equal(["y finished", "A finished", "B working"], list.Distinct());
        Assert.Equal("hops", _sets.Entry("x").Info!.Options!.Betweenness); // the later analysis wrote last
    }

    [Fact]
    public async Task Two_uploads_of_one_name_are_serialised_the_second_finds_the_first()
    {
        var store = Store();
        var first = new Pipe();
        var firstBytes = Events(100);
        var saveFirst = store.SaveUploadAsync("same", first.Reader.AsStream(), CancellationToken.None);
        await first.Writer.WriteAsync(firstBytes.AsMemory(0, 50)); // the first upload is under way, holding the name

        var secondBytes = Events(200);
        var saveSecond = store.SaveUploadAsync("same", new MemoryStream(secondBytes), CancellationToken.None);

        await first.Writer.WriteAsync(firstBytes.AsMemory(50));
        await first.Writer.CompleteAsync();
        Assert.Equal(firstBytes.Length, (await saveFirst.WaitAsync(Hang)).Bytes);
        // The second, though its body was complete from the start, waited for the first and then found the name taken.
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => saveSecond.WaitAsync(Hang));
        Assert.Equal("A dataset called 'same' already exists: choose another name, or delete it first.", e.Message);
        Assert.Equal(firstBytes, File.ReadAllBytes(_sets.Paths("same").EventsFile));
        Assert.Empty(Directory.GetFiles(_sets.Paths("same").DataDirectory, ".*")); // no temporary upload left
    }

    // ---- Work whose caller went away ----

    [Theory]
    [InlineData(PipelineStage.Parse)]
    [InlineData(PipelineStage.Sessions)]
    [InlineData(PipelineStage.Graph)]
    [InlineData(PipelineStage.Metrics)]
    [InlineData(PipelineStage.Analysis)]
    public async Task Cancelling_at_any_stage_stops_the_analysis_and_keeps_the_last_finished_one(PipelineStage stage)
    {
        _sets.Add("c", Events(200_000));
        await Store().AnalyzeAsync("c", AnalysisOptions.Default);
        var before = File.ReadAllBytes(_sets.Output("c", OutputFileNames.Chokepoints));
        var store = Store(); // a new dashboard process: nothing in memory, so the file is read again (the parse stage)

        // The token a page passes, cancelled the moment the analysis reaches the stage (as a closed tab does).
        using var closed = new CancellationTokenSource();
        var progress = new SyncProgress<PipelineProgress>(p =>
        {
            if (p.Stage == stage) closed.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.AnalyzeAsync("c", AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops }, progress: progress, cancellationToken: closed.Token));

        // Nothing was replaced: the last finished analysis is still complete and still described as it was made.
        Assert.Equal("probability", _sets.AssertComplete("c", withRejected: false).Options!.Betweenness);
        Assert.Equal(before, File.ReadAllBytes(_sets.Output("c", OutputFileNames.Chokepoints)));
        // The dataset's lock was released: the next analysis runs.
        await store.AnalyzeAsync("c", AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops }).WaitAsync(Hang);
        Assert.Equal("hops", _sets.Entry("c").Info!.Options!.Betweenness);
    }

    [Fact]
    public async Task A_caller_that_goes_away_while_waiting_for_a_busy_dataset_stops_waiting()
    {
        _sets.Add("busy", Events(10_000));
        var store = Store();
        var hold = new Holding(hold: true);
        var holder = store.AnalyzeAsync("busy", AnalysisOptions.Default, progress: hold);
        await hold.Started.Task.WaitAsync(Hang);

        using var closed = new CancellationTokenSource();
        var waiting = store.GetAsync("busy", cancellationToken: closed.Token);
        closed.Cancel();
        // It gives up while the holder still holds the dataset: it was waiting, not working.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Hang));
        Assert.False(holder.IsCompleted);
        hold.Release();
        await holder.WaitAsync(Hang);
        Assert.True(_sets.Entry("busy").IsAnalysed);
    }
}
