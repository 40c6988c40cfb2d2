using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Import;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;
using TeloMesh.Core.Synthetic;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Web.Services;

/// <summary>
/// The finished analyses, shared by every user of the dashboard (a singleton of immutable results). Work on one
/// dataset (analyse, re-analyse, delete) is serialised by a per-dataset lock; different datasets run in parallel.
/// A dataset is first analysed with the options and column mapping recorded in its <c>dataset_info.json</c>.
/// </summary>
public sealed partial class AnalysisStore(IOptions<TeloMeshOptions> options, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<string, DatasetAnalysis> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _writes = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    /// <summary>
    /// Filtered views of the loaded analyses, each with the whole analysis it narrows: a view is served only while that is
    /// still the dataset's analysis, and at most <see cref="ViewsPerDataset"/> are kept per dataset (the last used).
    /// </summary>
    private readonly ConcurrentDictionary<(string Name, Slice Filter), (AnalysisResult Whole, DatasetAnalysis View, long Used)> _views = new();

    private const int ViewsPerDataset = 4;

    public TeloMeshOptions Options => options.Value;

    public IReadOnlyList<DatasetEntry> Datasets() => DatasetCatalog.List(Options.DataRoot, Options.OutputsRoot);

    /// <summary>The paths of dataset <paramref name="name"/>; throws <see cref="InvalidInputException"/> for a bad name.</summary>
    public DatasetPaths Paths(string name) => DatasetPaths.Create(Options.DataRoot, Options.OutputsRoot, name);

    /// <summary>Whether <paramref name="name"/> is a valid name with a dataset behind it (<see cref="DatasetCatalog.KindOf"/>).</summary>
    public bool Exists(string name) => DatasetPaths.ValidationError(name) is null && DatasetCatalog.Exists(Paths(name));

    /// <summary>When each loaded analysis was last asked for, on a counter: the least recently used goes first.</summary>
    private readonly ConcurrentDictionary<string, long> _lastUse = new(StringComparer.Ordinal);
    private long _uses;

    /// <summary>The datasets whose analysis (with its events) is in memory now, most recently used first.</summary>
    public IReadOnlyList<string> Loaded => [.. _results.Keys.OrderByDescending(k => _lastUse.GetValueOrDefault(k))];

    private DatasetAnalysis Touched(DatasetAnalysis analysis)
    {
        _lastUse[analysis.Name] = Interlocked.Increment(ref _uses);
        return analysis;
    }

    /// <summary>
    /// Keeps <paramref name="done"/> as its dataset's analysis, then drops the least recently used others until the
    /// loaded analyses fit <see cref="TeloMeshOptions.MaxLoadedMegabytes"/> (by <see cref="DatasetAnalysis.EstimatedBytes"/>).
    /// A dropped dataset is read again when next asked for; the one just kept always stays.
    /// </summary>
    private void Keep(DatasetAnalysis done)
    {
        _results[done.Name] = Touched(done);
        DropViews(done.Name); // they narrow the analysis this one replaces
        var budget = Options.MaxLoadedMegabytes * 1024L * 1024L;
        while (_results.Values.Sum(r => r.EstimatedBytes) > budget)
        {
            var oldest = _results.Keys.Where(k => k != done.Name).OrderBy(k => _lastUse.GetValueOrDefault(k)).FirstOrDefault();
            if (oldest is null || !_results.TryRemove(oldest, out _)) break;
            _lastUse.TryRemove(oldest, out _);
            DropViews(oldest);
        }
    }

    /// <summary>The analysis of dataset <paramref name="name"/>, computed on first use.</summary>
    public async Task<DatasetAnalysis> GetAsync(string name, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var paths = Paths(name);
        if (_results.TryGetValue(name, out var cached) && !NewerOnDisk(paths, cached)) return Touched(cached);
        if (!DatasetCatalog.Exists(paths))
            throw new InvalidInputException($"There is no dataset called '{name}'.");
        return await Locked(name, cancellationToken, () =>
        {
            if (_results.TryGetValue(name, out var ready) && !NewerOnDisk(paths, ready)) return Touched(ready);
            var info = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
            return Analyze(paths, info?.Options?.ToOptions() ?? AnalysisOptions.Default, info?.Columns ?? ColumnMapping.Default, null, progress, cancellationToken);
        });
    }

    /// <summary>
    /// The analysis of dataset <paramref name="name"/> narrowed to the sessions of <paramref name="filter"/> (a view such
    /// as "mobile only"; <see cref="AnalysisOptions.Filter"/>), with the whole analysis's options. A view is computed from
    /// the loaded events (or aggregated in ClickHouse for a ClickHouse dataset), kept beside the whole analysis, and never
    /// written over the dataset's files. Every session: the whole analysis (<see cref="GetAsync"/>).
    /// </summary>
    public async Task<DatasetAnalysis> GetViewAsync(string name, Slice filter, IProgress<PipelineProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var whole = await GetAsync(name, progress, cancellationToken);
        if (filter.IsAll) return whole;
        if (CachedView(name, filter, whole) is { } cached) return cached;
        return await Locked(name, cancellationToken, () =>
        {
            if (CachedView(name, filter, whole) is { } ready) return ready;
            var options = whole.Result.Options with { Filter = filter };
            var result = WithSource(whole, source => AnalysisPipeline.AnalyzeAsync(source, options, progress, cancellationToken, previous: whole.Result))
                .GetAwaiter().GetResult();
            var view = new DatasetAnalysis(name, whole.Ingest, result, whole.Columns, whole.AnalysedUtc);
            _views[(name, filter)] = (whole.Result, view, Interlocked.Increment(ref _uses));
            foreach (var old in _views.Where(v => v.Key.Name == name).OrderByDescending(v => v.Value.Used).Skip(ViewsPerDataset).ToList())
                _views.TryRemove(old.Key, out _);
            return view;
        });
    }

    private void DropViews(string name)
    {
        _segments.TryRemove(name, out _);
        foreach (var key in _views.Keys.Where(k => k.Name == name).ToList()) _views.TryRemove(key, out _);
    }

    private DatasetAnalysis? CachedView(string name, Slice filter, DatasetAnalysis whole)
    {
        if (!_views.TryGetValue((name, filter), out var kept)) return null;
        if (!ReferenceEquals(kept.Whole, whole.Result))
        {
            _views.TryRemove((name, filter), out _);
            return null;
        }
        _views[(name, filter)] = kept with { Used = Interlocked.Increment(ref _uses) };
        return kept.View;
    }

    /// <summary>
    /// Analyses dataset <paramref name="name"/> with <paramref name="analysis"/> options and replaces its result. The
    /// events already in memory are reused when the column mapping and strictness are unchanged, and so are the
    /// sessions, graph and counts when only the betweenness or the chokepoint percentile changes (well under a second
    /// even for ten million events). A ClickHouse dataset likewise reuses its counts while its events are unchanged (one
    /// scan checks that; see <see cref="WarehouseJourneySource.StillDescribesAsync"/>).
    /// <para>
    /// With <paramref name="filesAfter"/>, a re-analysis of loaded events returns as soon as its numbers are ready and
    /// writes its files after (<see cref="DatasetAnalysis.Written"/>; see <see cref="Reanalyze"/>); otherwise, and for
    /// every first analysis, the files are written before it returns.
    /// </para>
    /// </summary>
    public Task<DatasetAnalysis> AnalyzeAsync(string name, AnalysisOptions analysis, ColumnMapping? columns = null,
        IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default, bool filesAfter = false)
    {
        var paths = Paths(name);
        return Locked(name, cancellationToken, () =>
        {
            analysis = analysis.Validated();
            _results.TryGetValue(name, out var previous);
            if (ClickHouseDataset.TryRead(paths) is { } clickHouse)
                return AnalyzeClickHouse(paths, clickHouse, analysis, progress, cancellationToken,
                    previous is null || NewerOnDisk(paths, previous) ? null : previous.Result);
            var mapping = columns ?? previous?.Columns ?? DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))?.Columns ?? ColumnMapping.Default;
            var reuse = previous is { Ingest: not null } && previous.Columns == mapping && previous.Result.Options.IngestKey == analysis.IngestKey
                ? previous : null;
            // The previous result's outputs are only known to be on disk when nothing analysed the dataset since.
            var onDisk = reuse is not null && !NewerOnDisk(paths, reuse) ? reuse.Result : null;
            return Analyze(paths, analysis, mapping, reuse?.Ingest, progress, cancellationToken, onDisk, filesAfter);
        });
    }

    /// <summary>Deletes the dataset's source and results, after any work on it has finished.</summary>
    public Task DeleteAsync(string name) => Locked(name, CancellationToken.None, () =>
    {
        var paths = Paths(name);
        _results.TryRemove(name, out _);
        DropViews(name);
        if (Directory.Exists(paths.OutputDirectory)) Directory.Delete(paths.OutputDirectory, recursive: true);
        if (Directory.Exists(paths.DataDirectory)) Directory.Delete(paths.DataDirectory, recursive: true);
        return true;
    });

    /// <summary>
    /// Saves an upload as the dataset's source under the dataset's lock, so two uploads of one name, or an upload and a
    /// delete, cannot interleave.
    /// </summary>
    public async Task<(long Bytes, EventFormat Format)> SaveUploadAsync(string name, Stream body, CancellationToken cancellationToken)
    {
        var paths = Paths(name);
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            switch (DatasetCatalog.KindOf(paths))
            {
                // An event file beside a ClickHouse description would be ignored: the table is what the dataset analyses.
                case DatasetKind.ClickHouseTable:
                    throw new InvalidInputException($"Dataset '{name}' already exists and reads a ClickHouse table: choose another name for the upload.");
                case DatasetKind.EventFile:
                    throw new InvalidInputException($"A dataset called '{name}' already exists: choose another name, or delete it first.");
            }
            var saved = await DatasetUploads.SaveAsync(paths, body, Options.MaxUploadBytes, cancellationToken);
            _results.TryRemove(name, out _);
            return saved;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// What an uploaded source holds, read under the dataset's lock (so an upload or a delete of that name cannot change
    /// it meanwhile): a vendor export's first records as they will be mapped, or a CSV's header and first rows.
    /// Throws <see cref="InvalidInputException"/> or <see cref="IOException"/> when the file cannot be read as either.
    /// </summary>
    public Task<SourcePreview> PreviewSourceAsync(string name, CancellationToken cancellationToken = default)
    {
        var paths = Paths(name);
        return Locked(name, cancellationToken, () =>
        {
            var (source, format) = paths.FindSource() ?? (paths.EventsFile, EventFormat.Telomesh);
            return format == EventFormat.Telomesh
                ? new SourcePreview(format, [], CsvPreview.Read(source))
                : new SourcePreview(format, EventImporter.Preview(source, format, import: new ImportOptions { Unpack = Options.UnpackLimits }), null);
        });
    }

    /// <summary>
    /// Opens one of the dataset's output files for a download once no work on it is under way. Only a finished
    /// analysis's files are served (its <c>dataset_info.json</c> has the analysis time): after a run that was killed
    /// the files beside it may be half old and half new. The file is opened under the lock: the next analysis may
    /// replace it (by renaming a new one over it), but the download goes on reading the whole file it opened.
    /// <c>dataset_info.json</c> itself is served with its source as a path inside the data folder, never the
    /// server's own absolute paths.
    /// </summary>
    public Task<OutputDownload> OpenOutputAsync(string name, string file, CancellationToken cancellationToken)
    {
        var paths = Paths(name);
        return Locked(name, cancellationToken, () =>
        {
            var info = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
            if (info?.AnalysedUtc is null)
                return new OutputDownload(null, $"Dataset '{name}' has no finished analysis: its last run did not complete. Open it in the dashboard to analyse it again.");
            if (file == OutputFileNames.DatasetInfo)
                return new OutputDownload(new MemoryStream(System.Text.Encoding.UTF8.GetBytes((info with { SourceFile = Shown(info.SourceFile) }).ToJson())), null);
            var path = paths.Output(file);
            return new OutputDownload(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, useAsync: true) : null, null);
        });
    }

    /// <summary>A source path as the API shows it: inside the data folder relative to it, elsewhere its file name alone.</summary>
    private string Shown(string source)
    {
        if (!Path.IsPathRooted(source)) return source; // a table's description, or already relative
        var root = Path.GetFullPath(Options.DataRoot);
        var relative = Path.GetRelativePath(root, source);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFileName(source) : relative;
    }

    /// <summary>Writes synthetic events as the source of a new dataset (the demo), under the dataset's lock.</summary>
    public Task<long> GenerateAsync(string name, SyntheticOptions synthetic, CancellationToken cancellationToken) =>
        Locked(name, cancellationToken, () => new SyntheticEventGenerator(synthetic).WriteFile(Paths(name).EventsFile, cancellationToken: cancellationToken));

    /// <summary>
    /// Gives <paramref name="use"/> the journey source of an analysis: its events in memory (whose sessions the analysis
    /// made, so they are counted again rather than made anew), or its ClickHouse table, opened with the configured
    /// credentials and closed after.
    /// </summary>
    private async Task<T> WithSource<T>(DatasetAnalysis analysis, Func<IJourneySource, Task<T>> use)
    {
        if (analysis.Result.LocalSessions is { } sessions) return await use(new EventTableSource(sessions.Events));
        var table = ClickHouseDataset.TryRead(Paths(analysis.Name))
            ?? throw new InvalidInputException($"Dataset '{analysis.Name}' has neither its events in memory nor a ClickHouse table: open it again to analyse it.");
        var (user, password) = Options.ClickHouseCredentials(table);
        using var open = table.Open(user, password);
        return await use(new WarehouseJourneySource(open.Source));
    }

    /// <summary>Whether the command line (or another process) analysed the dataset after the cached result was made.</summary>
    private static bool NewerOnDisk(DatasetPaths paths, DatasetAnalysis cached) =>
        DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))?.AnalysedUtc is { } analysed && analysed > cached.AnalysedUtc;

    /// <summary>
    /// Adds a dataset whose events stay in a ClickHouse table: writes its description (no credentials) and analyses it.
    /// A dataset of that name with an event file is not replaced.
    /// </summary>
    public Task<DatasetAnalysis> AddClickHouseAsync(string name, ClickHouseDataset dataset, AnalysisOptions analysis,
        IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var paths = Paths(name);
        return Locked(name, cancellationToken, () =>
        {
            analysis = analysis.Validated();
            if (DatasetCatalog.KindOf(paths) == DatasetKind.EventFile)
                throw new InvalidInputException($"Dataset '{name}' already holds uploaded events: choose another name.");
            dataset.Write(paths);
            _results.TryRemove(name, out _);
            return AnalyzeClickHouse(paths, dataset, analysis, progress, cancellationToken);
        });
    }

    /// <summary>Checks a ClickHouse dataset's connection, table and columns; returns how many events it would analyse.</summary>
    public Task<long> TestClickHouseAsync(ClickHouseDataset dataset, CancellationToken cancellationToken = default)
    {
        var (user, password) = Options.ClickHouseCredentials(dataset);
        return dataset.TestAsync(user, password, cancellationToken);
    }

    private DatasetAnalysis AnalyzeClickHouse(DatasetPaths paths, ClickHouseDataset dataset, AnalysisOptions analysis,
        IProgress<PipelineProgress>? progress, CancellationToken cancellationToken, AnalysisResult? previous = null)
    {
        // Runs on a pool thread under the dataset's lock (see Locked), like the file analyses.
        var (user, password) = Options.ClickHouseCredentials(dataset);
        var result = dataset.AnalyzeAndWriteAsync(paths, analysis, user, password, clock, progress, cancellationToken, previous).GetAwaiter().GetResult();
        var analysed = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))?.AnalysedUtc ?? clock.GetUtcNow().UtcDateTime;
        var done = new DatasetAnalysis(paths.Name, null, result, ColumnMapping.Default, analysed);
        Keep(done);
        return done;
    }

    private DatasetAnalysis Analyze(DatasetPaths paths, AnalysisOptions analysis, ColumnMapping columns, IngestResult? ingest,
        IProgress<PipelineProgress>? progress, CancellationToken cancellationToken, AnalysisResult? previous = null, bool filesAfter = false)
    {
        if (ClickHouseDataset.TryRead(paths) is { } clickHouse) return AnalyzeClickHouse(paths, clickHouse, analysis, progress, cancellationToken);
        DatasetAnalysis done;
        if (ingest is not null && filesAfter)
            done = Reanalyze(paths, analysis, columns, ingest, progress, cancellationToken, previous);
        else
        {
            AnalysisResult result;
            if (ingest is null)
                (ingest, result) = DatasetRunner.AnalyzeAndWrite(paths, analysis, clock, progress, cancellationToken, columns, Options.UnpackLimits);
            else
                result = DatasetRunner.AnalyzeAndWrite(paths, ingest, analysis, clock, progress, cancellationToken, columns, previous);
            var analysed = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))?.AnalysedUtc ?? clock.GetUtcNow().UtcDateTime;
            done = new DatasetAnalysis(paths.Name, ingest, result, columns, analysed);
            Keep(done);
        }
        // Lay the heatmap out now, in the background, so its first view does not wait for it (a second for 500 pages).
        _ = Task.Run(() => done.Layout, CancellationToken.None);
        return done;
    }

    /// <summary>
    /// Analyses events already loaded (well under a second even for ten million) and returns as soon as the numbers are
    /// ready: the files the new options change (a second or two for ten million events: every fragile flow's steps)
    /// are written after, while the dataset stays locked, so the next work on it and every download wait for them
    /// (<see cref="WaitForFilesAsync"/>), and so does the dashboard's shutdown (<see cref="Dispose"/>). If they cannot be
    /// written, <see cref="DatasetAnalysis.Written"/> says why and the result is forgotten, so the dataset is analysed
    /// again when next opened. The caller's progress still hears of the write, but its page may be gone by then, so
    /// nothing it throws reaches the write.
    /// </summary>
    private DatasetAnalysis Reanalyze(DatasetPaths paths, AnalysisOptions analysis, ColumnMapping columns, IngestResult ingest,
        IProgress<PipelineProgress>? progress, CancellationToken cancellationToken, AnalysisResult? previous)
    {
        var result = AnalysisPipeline.Analyze(ingest.Events, analysis, progress, cancellationToken, previous: previous);
        cancellationToken.ThrowIfCancellationRequested();
        // The analysis time is fixed now and written with the files, so the finished files never look newer than this
        // result (see NewerOnDisk).
        var analysed = clock.GetUtcNow();
        var files = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new DatasetAnalysis(paths.Name, ingest, result, columns, analysed.UtcDateTime, files.Task);
        Keep(done);
        var write = Task.Run(() =>
        {
            try
            {
                DatasetRunner.Write(paths, ingest, result, new FixedClock(analysed), progress is null ? null : new Heedless(progress),
                    columns, previous);
                files.SetResult();
            }
            catch (Exception e)
            {
                _results.TryRemove(new KeyValuePair<string, DatasetAnalysis>(paths.Name, done));
                files.SetException(e);
            }
        }, CancellationToken.None);
        _writes.TryAdd(write, 0);
        _ = write.ContinueWith(w => _writes.TryRemove(w, out _), TaskScheduler.Default);
        return done;
    }

    /// <summary>
    /// Waits for files still being written after a re-analysis (up to a minute), so stopping the dashboard right after
    /// "re-analysed" does not leave the dataset unfinished; the service container calls it at shutdown.
    /// </summary>
    public void Dispose() => Task.WaitAll([.. _writes.Keys], TimeSpan.FromMinutes(1));

    /// <summary>Waits until no work on the dataset is under way, so its files are whole and current.</summary>
    public async Task WaitForFilesAsync(string name, CancellationToken cancellationToken)
    {
        if (!_locks.TryGetValue(name, out var gate)) return; // nothing was ever done to it here
        await gate.WaitAsync(cancellationToken);
        gate.Release();
    }

    private Task<T> Locked<T>(string name, CancellationToken cancellationToken, Func<T> work) =>
        LockedAsync(name, cancellationToken, () => Task.FromResult(work()));

    /// <summary>Runs <paramref name="work"/> on a pool thread once no other work on dataset <paramref name="name"/> is under way.</summary>
    private async Task<T> LockedAsync<T>(string name, CancellationToken cancellationToken, Func<Task<T>> work)
    {
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        T value;
        try
        {
            value = await Task.Run(work, cancellationToken);
        }
        catch
        {
            gate.Release();
            throw;
        }
        // An analysis may return before its files are written: the dataset stays locked until they are.
        if (value is DatasetAnalysis { Written.IsCompleted: false } analysis)
            _ = analysis.Written.ContinueWith(_ => gate.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        else
            gate.Release();
        return value;
    }

    /// <summary>Progress for a listener that may have gone away: what its report throws is ignored.</summary>
    private sealed class Heedless(IProgress<PipelineProgress> inner) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value)
        {
            try
            {
                inner.Report(value);
            }
            catch (Exception)
            {
                // the page that asked is gone; the files matter, not its progress bar
            }
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>An output file to download (null: the dataset has no such file), or why none is served.</summary>
public sealed record OutputDownload(Stream? Stream, string? Problem);
