using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;

namespace TeloMesh.Core.Datasets;

/// <summary>
/// Analyses a dataset's source and writes every output, <c>dataset_info.json</c> last; shared by the command line and
/// the dashboard so both leave the same files behind.
/// </summary>
public static class DatasetRunner
{
    public static (IngestResult Ingest, AnalysisResult Result) AnalyzeAndWrite(DatasetPaths paths, AnalysisOptions options,
        TimeProvider clock, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default,
        ColumnMapping? columns = null, Import.UnpackLimits? unpack = null)
    {
        var (source, format) = paths.FindSource() ?? throw new InvalidInputException($"Dataset '{paths.Name}' has no source file in {paths.DataDirectory}.");
        var ingest = AnalysisPipeline.Ingest(source, options, progress, cancellationToken, columns, format, unpack);
        return (ingest, AnalyzeAndWrite(paths, ingest, options, clock, progress, cancellationToken, columns));
    }

    /// <summary>
    /// Analyses events already read (a re-analysis with other options does not read the file again). With
    /// <paramref name="previous"/>, the analysis whose outputs are in the folder now, what the new options do not change
    /// is neither computed nor written again (see <see cref="AnalysisPipeline.Analyze"/>).
    /// </summary>
    public static AnalysisResult AnalyzeAndWrite(DatasetPaths paths, IngestResult ingest, AnalysisOptions options,
        TimeProvider clock, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default,
        ColumnMapping? columns = null, AnalysisResult? previous = null)
    {
        var result = AnalysisPipeline.Analyze(ingest.Events, options, progress, cancellationToken, previous: previous);
        cancellationToken.ThrowIfCancellationRequested();
        Write(paths, ingest, result, clock, progress, columns, previous);
        return result;
    }

    /// <summary>
    /// Writes the outputs of an analysis of a file's events (see <see cref="Commit"/>). With <paramref name="previous"/>,
    /// the analysis whose outputs are in the folder now, only the files the new options change are written again.
    /// </summary>
    public static void Write(DatasetPaths paths, IngestResult ingest, AnalysisResult result, TimeProvider clock,
        IProgress<PipelineProgress>? progress = null, ColumnMapping? columns = null, AnalysisResult? previous = null) =>
        Commit(paths, result, DatasetSource.Read(ingest, columns), clock, progress, previous);

    /// <summary>
    /// Commits a finished analysis, from any source, as the dataset's result: marks the dataset unfinished, removes
    /// temporary files a killed writer left, writes every output atomically and <c>dataset_info.json</c> last (its
    /// analysis time from <paramref name="clock"/>). A full disk or an unwritable folder is one
    /// <see cref="OutputWriteException"/> naming the folder (see <see cref="WriteOutputs(DatasetPaths, Action)"/>).
    /// </summary>
    public static DatasetInfo Commit(DatasetPaths paths, AnalysisResult result, DatasetSource source, TimeProvider clock,
        IProgress<PipelineProgress>? progress = null, AnalysisResult? previous = null)
    {
        progress?.Report(new PipelineProgress(PipelineStage.Export, 0, "Writing output files"));
        var info = WriteOutputs(paths, () =>
        {
            MarkUnfinished(paths);
            OutputWriter.WriteAll(paths.OutputDirectory, result, source.Rejected, previous);
            return WriteInfo(paths, source, result.Aggregates, result.Options, clock, analysed: true, result.BetweennessEstimate,
                result.Friction.Goals);
        });
        progress?.Report(new PipelineProgress(PipelineStage.Export, 1, "Done"));
        return info;
    }

    /// <summary>
    /// Runs <paramref name="write"/>, which writes the dataset's outputs. A disk that is full or a folder that cannot be
    /// written becomes an <see cref="OutputWriteException"/> that names the folder and says what is kept: the source
    /// is never touched, and the outputs do not read as a finished analysis (see <see cref="MarkUnfinished"/>).
    /// </summary>
    public static void WriteOutputs(DatasetPaths paths, Action write) => WriteOutputs(paths, () =>
    {
        write();
        return true;
    });

    /// <summary>As <see cref="WriteOutputs(DatasetPaths, Action)"/>, returning what <paramref name="write"/> returns.</summary>
    public static T WriteOutputs<T>(DatasetPaths paths, Func<T> write)
    {
        try
        {
            Directory.CreateDirectory(paths.OutputDirectory);
            RemoveAbandoned(paths.OutputDirectory);
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not OutputWriteException)
        {
            throw new OutputWriteException(
                $"The results of dataset '{paths.Name}' cannot be written to {paths.OutputDirectory}: {e.Message.TrimEnd('.')}. " +
                "The source file is kept and the dataset is not marked as analysed: free some space (or fix the folder) and analyse it again.", e);
        }
    }

    /// <summary>Removes temporary files left by a process killed while writing here; a cleanup never fails the write.</summary>
    private static void RemoveAbandoned(string directory)
    {
        try
        {
            AtomicFile.RemoveAbandoned(directory);
        }
        catch (Exception)
        {
            // A leftover file never reads as a result; the analysis's own files matter more.
        }
    }

    /// <summary>
    /// Writes <c>dataset_info.json</c> from the source's facts and the aggregates' counts, keeping the source, format,
    /// column mapping and creation time of an earlier one where <paramref name="source"/> gives none.
    /// </summary>
    public static DatasetInfo WriteInfo(DatasetPaths paths, DatasetSource source, JourneyAggregates aggregates, AnalysisOptions options,
        TimeProvider clock, bool analysed, Graph.BetweennessEstimate? estimate = null, Friction.GoalSummary? goals = null)
    {
        var previous = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
        var now = clock.GetUtcNow().UtcDateTime;
        var info = new DatasetInfo
        {
            Name = paths.Name,
            SourceFile = source.SourceFile ?? previous?.SourceFile ?? paths.FindSource()?.Path ?? paths.EventsFile,
            Format = source.Format ?? previous?.Format ?? Import.EventFormats.Name(paths.FindSource()?.Format ?? Import.EventFormat.Telomesh),
            RowsRead = source.RowsRead,
            RowsAccepted = source.RowsAccepted,
            RowsRejected = source.RowsRejected,
            DuplicatesDropped = source.DuplicatesDropped,
            PagesFromEvents = source.PagesFromEvents,
            DuplicateRows = aggregates.Sequences.Local?.DuplicateEvents ?? 0,
            Users = aggregates.UniqueUsers,
            Sessions = aggregates.Sessions,
            Events = aggregates.TotalEvents,
            FirstEventUtc = new DateTime(aggregates.FirstEventTicks, DateTimeKind.Utc),
            LastEventUtc = new DateTime(aggregates.LastEventTicks, DateTimeKind.Utc),
            Options = AnalysisOptionsInfo.From(options),
            BetweennessEstimate = estimate,
            Goals = goals is null ? null : GoalsInfo.From(goals),
            // A new source (its file given) starts from the default columns; otherwise the recorded mapping stays.
            Columns = source.Columns is not null && source.Columns != ColumnMapping.Default ? source.Columns
                : source.SourceFile is null ? previous?.Columns : null,
            CreatedUtc = previous?.CreatedUtc ?? now,
            AnalysedUtc = analysed ? now : null,
        };
        AtomicFile.WriteText(paths.Output(OutputFileNames.DatasetInfo), info.ToJson());
        return info;
    }

    /// <summary>
    /// Keeps a comparison as the dataset's latest (docs/metrics.md section 15): every test as <c>comparison.csv</c> and the
    /// whole comparison, with how its sessions were counted (<paramref name="key"/>, its filter aside), as
    /// <c>comparison.json</c>. The command line's <c>compare</c> and the dashboard's Compare page both keep theirs here.
    /// </summary>
    public static void KeepComparison(DatasetPaths paths, Comparison.ComparisonResult result, DateTime madeUtc, Journeys.AggregationKey key) =>
        WriteOutputs(paths, () =>
        {
            ComparisonCsv.Write(paths.Output(ComparisonCsv.FileName), result.Changes);
            LatestComparison.Write(paths.Output(LatestComparison.FileName), result, madeUtc, key with { Filter = Journeys.Slice.All });
        });

    /// <summary>
    /// Clears the analysis time of an existing <c>dataset_info.json</c> before outputs are replaced: if the process dies
    /// while writing them, the dataset reads as not analysed instead of pairing old and new files as complete.
    /// </summary>
    public static void MarkUnfinished(DatasetPaths paths)
    {
        var path = paths.Output(OutputFileNames.DatasetInfo);
        if (DatasetInfo.TryRead(path) is { AnalysedUtc: not null } info)
            AtomicFile.WriteText(path, (info with { AnalysedUtc = null }).ToJson());
    }
}

/// <summary>The outputs of a dataset could not be written (a full disk, a folder that is not writable); the message says where.</summary>
public sealed class OutputWriteException(string message, Exception inner) : IOException(message, inner);

/// <summary>
/// What <c>dataset_info.json</c> says about where a dataset's events came from: the file (or table), its format, the
/// rows read and rejected, and the column mapping. Null source and format keep what an earlier analysis recorded.
/// </summary>
public sealed record DatasetSource
{
    /// <summary>The source file or a table's description; null keeps the recorded one (a re-analysis of the same file).</summary>
    public string? SourceFile { get; init; }

    /// <summary>The format name; null keeps the recorded one.</summary>
    public string? Format { get; init; }

    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    public int DuplicatesDropped { get; init; }

    /// <summary>Events without a page whose event name stands for it (vendor exports).</summary>
    public int PagesFromEvents { get; init; }

    /// <summary>The column mapping the file was read with; null keeps the recorded one unless a new file was given.</summary>
    public ColumnMapping? Columns { get; init; }

    /// <summary>The rows rejected while reading (written to <c>rejected_rows.csv</c>).</summary>
    public IReadOnlyList<RejectedRow> Rejected { get; init; } = [];

    /// <summary>A file read into memory; <paramref name="sourceFile"/> and <paramref name="format"/> when it is a new one.</summary>
    public static DatasetSource Read(IngestResult ingest, ColumnMapping? columns = null, string? sourceFile = null, string? format = null) => new()
    {
        SourceFile = sourceFile,
        Format = format,
        RowsRead = ingest.RowsRead,
        RowsAccepted = ingest.RowsAccepted,
        RowsRejected = ingest.RowsRejected,
        DuplicatesDropped = ingest.DuplicatesDropped,
        PagesFromEvents = ingest.PagesFromEvents,
        Columns = columns,
        Rejected = ingest.Rejected,
    };

    /// <summary>What the one-file report says of these rows (<see cref="Export.Report.Rows"/>).</summary>
    public Export.ReportRows ToReportRows() => new(RowsRead, RowsAccepted, RowsRejected, DuplicatesDropped, PagesFromEvents, Columns);

    /// <summary>
    /// A table aggregated where it lives: <paramref name="description"/> names it (never with a password), the format is
    /// <c>clickhouse</c>, and rows read are the events the query kept (a table has typed columns; rows with an empty
    /// user, page or event are left out, not rejected).
    /// </summary>
    public static DatasetSource Warehouse(string description, long events) => new()
    {
        SourceFile = description,
        Format = DatasetInfo.ClickHouseFormat,
        RowsRead = events,
        RowsAccepted = events,
    };
}
