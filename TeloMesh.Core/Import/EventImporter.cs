using TeloMesh.Core.Events;

namespace TeloMesh.Core.Import;

/// <summary>
/// Reads any supported file into events: TeloMesh's CSV with <see cref="CsvEventReader"/>, vendor exports through
/// <see cref="VendorMappings"/>, plain, gzipped or zipped, in one streaming pass.
/// </summary>
public static class EventImporter
{
    private const int ProgressEvery = 1 << 14;

    public static IngestResult Read(string path, EventFormat format, IngestOptions? ingest = null, ImportOptions? import = null,
        IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return ReadPacked(path, format, ingest, import, progress, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, e);
        }
    }

    /// <summary>A broken .gz or .zip is bad input (exit code 2, a message), not a crash.</summary>
    internal static InvalidInputException Corrupt(string path, InvalidDataException e) =>
        new($"{Path.GetFileName(path)} cannot be unpacked ({InputStreams.Packing(path)}): {e.Message}");

    private static IngestResult ReadPacked(string path, EventFormat format, IngestOptions? ingest, ImportOptions? import,
        IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        ingest ??= IngestOptions.Default;
        import ??= new ImportOptions { Strict = ingest.Strict };
        if (format == EventFormat.Telomesh)
        {
            if (InputStreams.Packing(path) == "plain")
                return CsvEventReader.ReadFile(path, ingest, progress, cancellationToken);
            // Progress counts the packed file's bytes, not the unpacked text's. They are read on the CSV reader's own
            // thread, a few batches ahead of the rows added, which a progress bar does not mind.
            long packedRead = 0;
            var packedProgress = progress is null ? null
                : new Stages.SyncProgress<IngestProgress>(p => progress.Report(p with { BytesRead = Volatile.Read(ref packedRead) }));
            // The stream is read inside the loop: it is closed when the enumeration moves on. A zip's first entry is read.
            foreach (var (_, stream) in InputStreams.Open(path, read => Volatile.Write(ref packedRead, read), import.Unpack))
                return CsvEventReader.Read(stream, ingest, packedProgress, cancellationToken);
            throw new InvalidInputException("The archive holds no file.");
        }

        var map = VendorMappings.For(format);
        var sink = new ImportSink(import);
        IReadOnlyList<string> header = ["(JSON lines)"];
        var delimiter = '\0';
        long bytesRead = 0;
        // Line numbers count within each part of a zip, so a rejection there also names its part.
        var parts = InputStreams.Packing(path) == "zip";
        foreach (var (name, stream) in InputStreams.Open(path, read => bytesRead = read, import.Unpack))
        {
            foreach (var (line, raw, record, error) in RecordReaders.Read(stream, h => { header = h; delimiter = ','; }))
            {
                var (evt, problem) = record is null ? (null, error) : map(record, import);
                sink.Add(new MappedRecord(line, raw, evt, problem), parts ? name : null);
                if (sink.RowsRead % ProgressEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new IngestProgress(bytesRead, sink.RowsRead));
                }
            }
        }
        progress?.Report(new IngestProgress(bytesRead, sink.RowsRead));
        if (sink.RowsRead == 0) throw new InvalidInputException("The file has no records.");
        return sink.Build(header, delimiter);
    }

    /// <summary>The first <paramref name="count"/> records of a vendor file as mapped, for a preview before importing.</summary>
    public static IReadOnlyList<MappedRecord> Preview(string path, EventFormat format, int count = 10, ImportOptions? import = null)
    {
        try
        {
            return PreviewPacked(path, format, count, import);
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, e);
        }
    }

    private static IReadOnlyList<MappedRecord> PreviewPacked(string path, EventFormat format, int count, ImportOptions? import)
    {
        import ??= ImportOptions.Default;
        var map = VendorMappings.For(format);
        var result = new List<MappedRecord>();
        foreach (var (_, stream) in InputStreams.Open(path, limits: import.Unpack))
        {
            foreach (var (line, raw, record, error) in RecordReaders.Read(stream))
            {
                var (evt, problem) = record is null ? (null, error) : map(record, import);
                result.Add(new MappedRecord(line, raw, evt, problem));
                if (result.Count == count) return result;
            }
        }
        return result;
    }
}
