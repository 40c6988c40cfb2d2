namespace TeloMesh.Core.Events;

/// <summary>
/// Finds the separator of an event CSV from its header line alone (docs/metrics.md section 1: comma, semicolon or tab,
/// detected from the header line). A reader that guesses from the first rows too takes a file whose rows use another
/// separator than its header for a one-column file, and reports missing columns instead of the rows that are wrong.
/// </summary>
public static class HeaderSeparator
{
    private const int MaxHeaderBytes = 1 << 20;

    /// <summary>
    /// Reads the header line of <paramref name="input"/> (up to 1 MB), returns the separator that occurs most often in
    /// it outside quotes (a comma when none occurs, or on a tie), and a stream that reads the input from its start again.
    /// </summary>
    public static char Detect(Stream input, out Stream replay)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        var end = -1;
        while (end < 0 && length < MaxHeaderBytes)
        {
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = input.Read(buffer, length, buffer.Length - length);
            if (read == 0) break;
            length += read;
            end = LineEnd(buffer.AsSpan(0, length));
        }
        replay = new ReplayStream(buffer, length, input);
        return Pick(buffer.AsSpan(0, end < 0 ? length : end));
    }

    /// <summary>Where the first line ends (a line break outside quotes), or -1 when it does not end in <paramref name="data"/>.</summary>
    private static int LineEnd(ReadOnlySpan<byte> data)
    {
        var quoted = false;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == '"') quoted = !quoted;
            else if (!quoted && data[i] is (byte)'\n' or (byte)'\r') return i;
        }
        return -1;
    }

    private static char Pick(ReadOnlySpan<byte> header)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var b in header)
        {
            if (b == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (b == ',') commas++;
            else if (b == ';') semicolons++;
            else if (b == '\t') tabs++;
        }
        if (semicolons > commas && semicolons >= tabs) return ';';
        if (tabs > commas && tabs > semicolons) return '\t';
        return ',';
    }

    /// <summary>Reads the bytes already taken from a stream, then the rest of it.</summary>
    private sealed class ReplayStream(byte[] prefix, int prefixLength, Stream rest) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefixLength)
            {
                var n = Math.Min(buffer.Length, prefixLength - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
