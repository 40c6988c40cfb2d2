namespace TeloMesh.Core.Export;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so a crash or a full disk never
/// leaves a half-written file under the real name (docs/metrics.md section 6). The temporary name,
/// <c>.name.host.process-id.guid.tmp</c>, says which process on which machine (or container) writes it, so one killed
/// mid-write leaves a file the next writer of the folder on the same machine can tell is abandoned
/// (<see cref="RemoveAbandoned"/>).
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Host}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
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

    /// <summary>This machine's name as it goes into a temporary name: letters, digits and '-' only (no dots to split on).</summary>
    private static readonly string Host = string.Concat(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    /// <summary>
    /// Deletes the temporary files in <paramref name="directory"/> written on this machine by a process that no longer
    /// runs (killed before it could rename or delete them; a large export's can be hundreds of megabytes). Files of
    /// running processes, this one included, of other machines or containers (whose process ids mean nothing here),
    /// and any whose writer cannot be told, are left alone. Returns how many were deleted.
    /// </summary>
    public static int RemoveAbandoned(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp"))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length < 6 || parts[^4] != Host || !Guid.TryParseExact(parts[^2], "N", out _)
                || !int.TryParse(parts[^3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var writer)
                || writer <= 0 || writer == Environment.ProcessId || IsRunning(writer))
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
        catch (Exception)
        {
            return true; // cannot tell (another user's process, say): keep the file
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
