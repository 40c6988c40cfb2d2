using System.IO.Compression;

namespace TeloMesh.Core.Import;

/// <summary>
/// Opens an input file as the streams of text it holds, whatever its packing: plain, gzip (<c>.gz</c>), or a zip
/// archive whose entries may themselves be gzipped (Amplitude's export API returns a zip of hourly <c>.json.gz</c>
/// files). A file's packing is recognised by its first bytes, not its name (a zip entry's by its <c>.gz</c> name).
/// Everything streams: nothing is unpacked to disk.
/// </summary>
public static class InputStreams
{
    /// <summary>Below this much unpacked text the ratio is not checked: small files may compress very well.</summary>
    public const long RatioFloor = 64L << 20;

    /// <param name="path">The file.</param>
    /// <param name="bytesRead">Told how many bytes of the file itself (compressed) have been read, for progress.</param>
    /// <param name="limits">How far a packed file may unpack (<see cref="UnpackLimits.Default"/> when null).</param>
    public static IEnumerable<(string Name, Stream Stream)> Open(string path, Action<long>? bytesRead = null, UnpackLimits? limits = null)
    {
        limits ??= UnpackLimits.Default;
        var packing = Packing(path);
        long packed = 0;
        using var file = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
            read =>
            {
                packed = read;
                bytesRead?.Invoke(read);
            });
        // Unpacked text is counted as it is read, and refused past the limits (the error stops the reading).
        Stream Limited(string name, Stream unpacked) => new CountingStream(unpacked, total => limits.Check(name, total, packed));
        if (packing == "zip")
        {
            using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries.Where(e => e.Length > 0).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                // An entry's stream cannot be peeked and rewound, so a gzipped entry is known by its name.
                using var raw = entry.Open();
                using var stream = Limited(entry.FullName,
                    entry.FullName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw);
                yield return (entry.FullName, stream);
            }
            yield break;
        }
        using var content = packing == "gzip" ? Limited(Path.GetFileName(path), new GZipStream(file, CompressionMode.Decompress, leaveOpen: true)) : file;
        yield return (Path.GetFileName(path), content);
    }


    /// <summary>"zip", "gzip" or "plain", from the file's magic bytes.</summary>
    public static string Packing(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (read >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04) return "zip";
        if (read >= 2 && head[0] == 0x1F && head[1] == 0x8B) return "gzip";
        return "plain";
    }

    /// <summary>A read-only pass-through that reports its position: progress of a compressed file is measured in the file's bytes.</summary>
    private sealed class CountingStream(Stream inner, Action<long>? report) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override long Seek(long offset, SeekOrigin origin)
        {
            var position = inner.Seek(offset, origin);
            _read = position;
            return position;
        }

        private int Counted(int read)
        {
            _read += read;
            report?.Invoke(_read);
            return read;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// How far a packed input (gzip, zip) may unpack before it is refused: <see cref="MaxBytes"/> in all, and
/// <see cref="MaxRatio"/> times the packed bytes read so far once past <see cref="InputStreams.RatioFloor"/>. Exports
/// compress 5-30 times; a file of zeros or line breaks a thousand times (a compression bomb, which would cost memory or
/// minutes of work). The dashboard sets them from its settings, the command line keeps the defaults.
/// </summary>
public sealed record UnpackLimits(long MaxBytes, int MaxRatio)
{
    /// <summary>64 GB (about a billion events) and 200 times.</summary>
    public static UnpackLimits Default { get; } = new(64L << 30, 200);

    internal void Check(string name, long unpacked, long packed)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (unpacked > MaxBytes)
            throw new Events.InvalidInputException(string.Create(c, $"{name} unpacks to more than {MaxBytes >> 20:N0} MB: more than TeloMesh reads from one file here."));
        if (unpacked > InputStreams.RatioFloor && unpacked > MaxRatio * Math.Max(packed, 1))
            throw new Events.InvalidInputException(string.Create(c,
                $"{name} unpacks to more than {MaxRatio} times its packed size ({unpacked >> 20:N0} MB from the first {packed / 1048576.0:N1} MB): ") +
                "a compression bomb, not an export (exports compress 5 to 30 times). Unpack it yourself to check it, and give the unpacked file.");
    }
}
