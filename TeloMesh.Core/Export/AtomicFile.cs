namespace TeloMesh.Core.Export;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so a crash or a full disk never
/// leaves a half-written file under the real name (SPEC.md section 6). The temporary name,
/// <c>.name.process-id.guid.tmp</c>, says which process writes it, so one killed mid-write leaves a file the next
/// writer of the folder can tell is abandoned (<see cref="RemoveAbandoned"/>).
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static void WriteText(string path, string text) =>
        Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Deletes the temporary files in <paramref name="directory"/> whose writing process no longer runs (killed before
    /// it could rename or delete them; a large export's can be hundreds of megabytes). Files of running processes,
    /// this one included, are left alone. Returns how many were deleted.
    /// </summary>
    public static int RemoveAbandoned(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length < 5 || !int.TryParse(parts[^3], System.Globalization.CultureInfo.InvariantCulture, out var writer)
                || writer == Environment.ProcessId || IsRunning(writer))
                continue;
            if (TryDelete(file)) removed++;
        }
        return removed;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original error matters more than a leftover temporary file, which never reads as a result.
            return false;
        }
    }
}
