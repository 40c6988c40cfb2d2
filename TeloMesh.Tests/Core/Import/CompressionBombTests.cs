using System.IO.Compression;
using System.Text;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// Small packed files that unpack to a great deal: refused with a reason, early, instead of filling memory (a
/// gigabyte-long first line) or costing minutes (hundreds of megabytes of line breaks).
/// </summary>
public sealed class CompressionBombTests : IDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A gzip of <paramref name="head"/> then <paramref name="megabytes"/> MB of <paramref name="fill"/>.</summary>
    public static byte[] Bomb(string head, byte fill, int megabytes)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize))
        {
            gzip.Write(Encoding.UTF8.GetBytes(head));
            var block = new byte[1 << 20];
            Array.Fill(block, fill);
            for (var i = 0; i < megabytes; i++) gzip.Write(block);
        }
        return packed.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = _folder.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_first_line_of_zeros_is_refused_by_detection_after_four_megabytes()
    {
        var path = Write("zeros.csv.gz", Bomb("", 0, 64));
        Assert.True(new FileInfo(path).Length < 1 << 20); // a small file...
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.DetectOrTelomesh(path));
        Assert.Contains("the first line is longer than 4 MB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hundreds_of_megabytes_of_line_breaks_are_refused_as_a_bomb_at_the_ratio()
    {
        // A header, then 300 MB of empty lines: about 0.3 MB packed, a ratio near 1,000.
        var path = Write("newlines.csv.gz", Bomb("user_id,timestamp,page,event\n", (byte)'\n', 300));
        var e = Assert.Throws<InvalidInputException>(() => EventImporter.Read(path, EventFormat.Telomesh));
        Assert.Contains("unpacks to more than 200 times its packed size", e.Message, StringComparison.Ordinal);
        Assert.Contains("compression bomb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_gzip_is_read_whole()
    {
        // The tiny example gzipped (ratio about 5): its 28 events (docs/metrics.md).
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal))
            gzip.Write(File.ReadAllBytes(TestFiles.Fixture("tiny", "events.csv")));
        var path = Write("tiny.csv.gz", packed.ToArray());
        Assert.Equal(EventFormat.Telomesh, FormatDetector.DetectOrTelomesh(path));
        Assert.Equal(28, EventImporter.Read(path, EventFormat.Telomesh).RowsAccepted);
    }
}
