using System.IO.Compression;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using TeloMesh.Core.Stages;

namespace TeloMesh.Tests.Core.Import;

/// <summary>Progress of an import is measured in the bytes of the file as stored, packed or not.</summary>
public class ImportProgressTests
{
    private static List<IngestProgress> Read(string path, EventFormat format)
    {
        var reports = new List<IngestProgress>();
        EventImporter.Read(path, format, progress: new SyncProgress<IngestProgress>(reports.Add));
        return reports;
    }

    [Fact]
    public void A_json_lines_file_reports_its_bytes_up_to_its_length()
    {
        var path = TestFiles.Fixture("import", "ga4.jsonl");
        var last = Read(path, EventFormat.Ga4)[^1];
        Assert.Equal(new FileInfo(path).Length, last.BytesRead);
    }

    [Fact]
    public void A_gzipped_csv_reports_packed_bytes_never_past_the_file()
    {
        using var folder = new TestFiles.TempFolder();
        var path = folder.File("tiny.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal))
            gzip.Write(File.ReadAllBytes(TestFiles.Fixture("tiny", "events.csv")));
        var reports = Read(path, EventFormat.Telomesh);
        var length = new FileInfo(path).Length;
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.InRange(r.BytesRead, 1, length));
        Assert.Equal(length, reports[^1].BytesRead);
    }
}
