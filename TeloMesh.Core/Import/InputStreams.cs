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
    /// <param name="bytesRead">Told how many bytes of the file itself (compressed) have been read, for progress.</param>
    public static IEnumerable<(string Name, Stream Stream)> Open(string path, Action<long>? bytesRead = null)
    {
        var packing = Packing(path);
        using var file = new CountingStream(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), bytesRead);
        if (packing == "zip")
        {
            using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries.Where(e => e.Length > 0).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                // An entry's stream cannot be peeked and rewound, so a gzipped entry is known by its name.
                using var raw = entry.Open();
                using var stream = entry.FullName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
                yield return (entry.FullName, stream);
            }
            yield break;
        }
        using var content = packing == "gzip" ? (Stream)new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
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
