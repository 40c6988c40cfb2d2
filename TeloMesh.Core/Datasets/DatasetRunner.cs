using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Datasets;

/// <summary>
/// Analyses a dataset's source and writes every output, <c>dataset_info.json</c> last; shared by the command line and
/// the dashboard so both leave the same files behind.
/// </summary>
public static class DatasetRunner
{
    public static (IngestResult Ingest, AnalysisResult Result) AnalyzeAndWrite(DatasetPaths paths, AnalysisOptions options,
        TimeProvider clock, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default,
        ColumnMapping? columns = null)
    {
        var (source, format) = paths.FindSource() ?? throw new InvalidInputException($"Dataset '{paths.Name}' has no source file in {paths.DataDirectory}.");
        var ingest = AnalysisPipeline.Ingest(source, options, progress, cancellationToken, columns, format);
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
        Write(paths, ingest, result, options, clock, progress, columns, previous);
        return result;
    }

    /// <summary>
    /// Writes an analysis's outputs, <c>dataset_info.json</c> last (its analysis time from <paramref name="clock"/>).
    /// With <paramref name="previous"/>, the analysis whose outputs are in the folder now, only the files the new
    /// options change are written again.
    /// </summary>
    public static void Write(DatasetPaths paths, IngestResult ingest, AnalysisResult result, AnalysisOptions options, TimeProvider clock,
        IProgress<PipelineProgress>? progress = null, ColumnMapping? columns = null, AnalysisResult? previous = null)
    {
        progress?.Report(new PipelineProgress(PipelineStage.Export, 0, "Writing output files"));
        WriteOutputs(paths, () =>
        {
            MarkUnfinished(paths);
            OutputWriter.WriteAll(paths.OutputDirectory, result, ingest.Rejected, previous);
            WriteInfo(paths, ingest, result.Sessions, options, clock, analysed: true, columns: columns, estimate: result.BetweennessEstimate);
        });
        progress?.Report(new PipelineProgress(PipelineStage.Export, 1, "Done"));
    }

    /// <summary>
    /// Runs <paramref name="write"/>, which writes the dataset's outputs. A disk that is full or a folder that cannot be
    /// written becomes an <see cref="OutputWriteException"/> that names the folder and says what is kept: the source
    /// is never touched, and the outputs do not read as a finished analysis (see <see cref="MarkUnfinished"/>).
    /// </summary>
    public static void WriteOutputs(DatasetPaths paths, Action write)
    {
        try
        {
            Directory.CreateDirectory(paths.OutputDirectory);
            RemoveAbandoned(paths.OutputDirectory);
            write();
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
    /// Writes <c>dataset_info.json</c>, keeping the source, format and creation time of an earlier one.
    /// <paramref name="sourceFile"/> and <paramref name="format"/> replace them when a new source was imported.
    /// </summary>
    public static DatasetInfo WriteInfo(DatasetPaths paths, IngestResult ingest, SessionSet sessions, AnalysisOptions options,
        TimeProvider clock, bool analysed, string? sourceFile = null, string? format = null, ColumnMapping? columns = null,
        Graph.BetweennessEstimate? estimate = null)
    {
        var previous = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
        var now = clock.GetUtcNow().UtcDateTime;
        var (first, last) = Range(ingest.Events.Ticks);
        var info = new DatasetInfo
        {
            Name = paths.Name,
            SourceFile = sourceFile ?? previous?.SourceFile ?? paths.FindSource()?.Path ?? paths.EventsFile,
            Format = format ?? previous?.Format ?? Import.EventFormats.Name(paths.FindSource()?.Format ?? Import.EventFormat.Telomesh),
            RowsRead = ingest.RowsRead,
            RowsAccepted = ingest.RowsAccepted,
            RowsRejected = ingest.RowsRejected,
            DuplicatesDropped = ingest.DuplicatesDropped,
            DuplicateRows = sessions.DuplicateEvents,
            Users = ingest.Events.Users.Count,
            Sessions = sessions.Count,
            Events = ingest.Events.Count,
            FirstEventUtc = new DateTime(first, DateTimeKind.Utc),
            LastEventUtc = new DateTime(last, DateTimeKind.Utc),
            Options = AnalysisOptionsInfo.From(options),
            BetweennessEstimate = estimate,
            // A new source (sourceFile given) starts from the default columns; otherwise the recorded mapping stays.
            Columns = columns is not null && columns != ColumnMapping.Default ? columns : sourceFile is null ? previous?.Columns : null,
            CreatedUtc = previous?.CreatedUtc ?? now,
            AnalysedUtc = analysed ? now : null,
        };
        AtomicFile.WriteText(paths.Output(OutputFileNames.DatasetInfo), info.ToJson());
        return info;
    }

    /// <summary>
    /// Writes <c>dataset_info.json</c> for an analysis aggregated in a warehouse: <paramref name="source"/> describes the
    /// table (never with a password), the format is <c>clickhouse</c>, and rows read are the events the query kept.
    /// </summary>
    public static DatasetInfo WriteInfo(DatasetPaths paths, Warehouse.AggregateAnalysisResult result, string source, TimeProvider clock)
    {
        var previous = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
        var now = clock.GetUtcNow().UtcDateTime;
        var a = result.Aggregates;
        var info = new DatasetInfo
        {
            Name = paths.Name,
            SourceFile = source,
            Format = "clickhouse",
            RowsRead = a.TotalEvents,
            RowsAccepted = a.TotalEvents,
            Users = a.UniqueUsers,
            Sessions = a.Sessions,
            Events = a.TotalEvents,
            FirstEventUtc = new DateTime(a.FirstEventTicks, DateTimeKind.Utc),
            LastEventUtc = new DateTime(a.LastEventTicks, DateTimeKind.Utc),
            Options = AnalysisOptionsInfo.From(result.Options),
            BetweennessEstimate = result.BetweennessResult.Estimate,
            CreatedUtc = previous?.CreatedUtc ?? now,
            AnalysedUtc = now,
        };
        AtomicFile.WriteText(paths.Output(OutputFileNames.DatasetInfo), info.ToJson());
        return info;
    }

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

    private static (long First, long Last) Range(ReadOnlySpan<long> ticks)
    {
        long min = long.MaxValue, max = long.MinValue;
        foreach (var t in ticks)
        {
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }
        return (min, max);
    }
}

/// <summary>The outputs of a dataset could not be written (a full disk, a folder that is not writable); the message says where.</summary>
public sealed class OutputWriteException(string message, Exception inner) : IOException(message, inner);
