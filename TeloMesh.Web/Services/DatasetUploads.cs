using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;

namespace TeloMesh.Web.Services;

/// <summary>
/// Streams an uploaded source file to <c>data/{name}/events.csv</c>: written under a temporary name and renamed when
/// complete, so a broken upload never leaves a source that looks whole. The bytes are stored exactly as sent.
/// </summary>
public static class DatasetUploads
{
    /// <summary>The upload was larger than the configured limit.</summary>
    public sealed class TooLargeException(long limit) : Exception($"The file is larger than the upload limit of {limit / (1024 * 1024):N0} MB.");

    /// <summary>
    /// Saves the upload and returns its size and format, detected from its first record. A CSV that fits no format is
    /// kept as TeloMesh's own (its columns are mapped next); any other unreadable file is refused with the reasons. The
    /// caller (<see cref="AnalysisStore.SaveUploadAsync"/>) has made sure, under the dataset's lock, that no dataset of
    /// that name exists.
    /// </summary>
    public static async Task<(long Bytes, EventFormat Format)> SaveAsync(DatasetPaths paths, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.DataDirectory);
        var temporary = Path.Combine(paths.DataDirectory, $".upload-{Guid.NewGuid():N}.tmp");
        long total = 0;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes) throw new TooLargeException(maxBytes);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            if (total == 0) throw new InvalidInputException("The uploaded file is empty.");
            var format = FormatDetector.DetectOrTelomesh(temporary);
            File.Move(temporary, paths.SourceFile(format));
            return (total, format);
        }
        catch
        {
            File.Delete(temporary);
            if (Directory.Exists(paths.DataDirectory) && !Directory.EnumerateFileSystemEntries(paths.DataDirectory).Any())
                Directory.Delete(paths.DataDirectory);
            throw;
        }
    }
}
