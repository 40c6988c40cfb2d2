using System.IO.Compression;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// Gzipped and zipped inputs, made at run time from the plain fixtures. The zip is shaped like the response of Amplitude's
/// Export API (https://amplitude.com/docs/apis/analytics/export: "a zipped archive of JSON files", several per hour):
/// here a folder entry and two parts of one hour (named like <c>123456_2024-03-01_9#0.json.gz</c>), one of them left
/// plain to show that each entry is unpacked on its own.
/// </summary>
public class CompressedInputTests
{
    private static void Gzip(string source, string target)
    {
        using var output = File.Create(target);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal);
        using var input = File.OpenRead(source);
        input.CopyTo(gzip);
    }

    private static byte[] Gzipped(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    /// <summary>amplitude.jsonl split into a gzipped part (lines 1-6) and a plain part (lines 7-9), after an empty folder entry.</summary>
    private static void AmplitudeZip(string target)
    {
        var lines = File.ReadAllLines(Fixture("amplitude.jsonl"));
        using var zip = ZipFile.Open(target, ZipArchiveMode.Create);
        zip.CreateEntry("123456/");
        using (var part = zip.CreateEntry("123456/123456_2024-03-01_9#0.json.gz").Open())
            part.Write(Gzipped(string.Join('\n', lines[..6]) + "\n"));
        using (var writer = new StreamWriter(zip.CreateEntry("123456/123456_2024-03-01_9#1.json").Open()))
            writer.Write(string.Join('\n', lines[6..]) + "\n");
    }

    [Theory]
    [InlineData("mixpanel.jsonl", EventFormat.Mixpanel)]
    [InlineData("mixpanel.csv", EventFormat.Mixpanel)]
    [InlineData("amplitude.jsonl", EventFormat.Amplitude)]
    [InlineData("amplitude.csv", EventFormat.Amplitude)]
    [InlineData("ga4.jsonl", EventFormat.Ga4)]
    [InlineData("ga4.csv", EventFormat.Ga4)]
    public void A_gzipped_file_gives_the_same_events_rejections_and_duplicates(string fixture, EventFormat format)
    {
        using var folder = new TestFiles.TempFolder();
        var gz = folder.File(fixture + ".gz");
        Gzip(Fixture(fixture), gz);

        var plain = ImportFixture(fixture, format);
        var packed = ImportFile(gz, format);

        Assert.Equal("gzip", InputStreams.Packing(gz));
        Assert.Equal(Rows(plain), Rows(packed));
        Assert.Equal(Rejections(plain), Rejections(packed));
        Assert.Equal(plain.DuplicatesDropped, packed.DuplicatesDropped);
    }

    [Fact]
    public void Gzip_is_known_by_its_bytes_not_its_name()
    {
        using var folder = new TestFiles.TempFolder();
        var disguised = folder.File("export.jsonl");
        Gzip(Fixture("ga4.jsonl"), disguised);
        Assert.Equal(Rows(ImportFixture("ga4.jsonl", EventFormat.Ga4)), Rows(ImportFile(disguised, EventFormat.Ga4)));
    }

    [Fact]
    public void A_zip_of_several_parts_one_gzipped_gives_the_same_events_as_the_plain_file()
    {
        using var folder = new TestFiles.TempFolder();
        var zip = folder.File("export.zip");
        AmplitudeZip(zip);

        var plain = ImportFixture("amplitude.jsonl", EventFormat.Amplitude);
        var zipped = ImportFile(zip, EventFormat.Amplitude);

        Assert.Equal("zip", InputStreams.Packing(zip));
        // Line numbers count within each part, so compare everything else.
        Assert.Equal(Rows(plain).Select(r => r with { Line = 0 }), Rows(zipped).Select(r => r with { Line = 0 }));
        // A rejection names its part, and its line counts within it: the first part holds the plain file's lines 1-6, the
        // second (with both rejected records, lines 7 and 9) the rest.
        Assert.Equal([7L, 9L], plain.Rejected.Select(r => r.LineNumber));
        Assert.Equal(plain.Rejected.Select(r => (r.LineNumber - 6, r.Reason + " (in 123456/123456_2024-03-01_9#1.json)", r.RawText)),
            zipped.Rejected.Select(r => (r.LineNumber, r.Reason, r.RawText)));
        Assert.Equal(plain.RowsRead, zipped.RowsRead);
    }

    [Fact]
    public void Strict_mode_stops_at_the_first_bad_record_of_a_zip_and_names_its_part()
    {
        using var folder = new TestFiles.TempFolder();
        var zip = folder.File("export.zip");
        AmplitudeZip(zip);
        var first = ImportFixture("amplitude.jsonl", EventFormat.Amplitude).Rejected[0]; // line 7: the second part's first
        var e = Assert.Throws<InvalidInputException>(() => EventImporter.Read(zip, EventFormat.Amplitude, import: new ImportOptions { Strict = true }));
        Assert.StartsWith($"Line 1 of 123456/123456_2024-03-01_9#1.json: {first.Reason} (strict reading stops at the first bad record).", e.Message,
            StringComparison.Ordinal);
        Assert.Equal(7, first.LineNumber);
    }

    [Fact]
    public void Zip_parts_are_listed_by_name_and_empty_entries_skipped()
    {
        using var folder = new TestFiles.TempFolder();
        var zip = folder.File("export.zip");
        AmplitudeZip(zip);
        var parts = InputStreams.Open(zip).Select(p => p.Name).ToList();
        Assert.Equal(["123456/123456_2024-03-01_9#0.json.gz", "123456/123456_2024-03-01_9#1.json"], parts);
    }

    [Theory]
    [InlineData("mixpanel.csv", EventFormat.Mixpanel)]
    [InlineData("amplitude.csv", EventFormat.Amplitude)]
    [InlineData("ga4.csv", EventFormat.Ga4)]
    [InlineData("equivalence_telomesh.csv", EventFormat.Telomesh)]
    public void A_gzipped_csv_is_detected(string fixture, EventFormat format)
    {
        using var folder = new TestFiles.TempFolder();
        var gz = folder.File(fixture + ".gz");
        Gzip(Fixture(fixture), gz);
        Assert.Equal(format, FormatDetector.Detect(gz));
    }
}
