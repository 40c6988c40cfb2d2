using System.IO.Compression;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// Regression tests for four importer bugs found by writing the vendor tests: JSON detection read a released record,
/// a packed TeloMesh CSV was read after its stream closed, property JSON escaped every non-ASCII letter, and mapped
/// CSV columns in another case leaked into event_properties.
/// </summary>
public class ImporterRegressionTests
{
    private static readonly string[] EveryFormat = ["telomesh", "mixpanel", "amplitude", "ga4"];

    private static string Write(TestFiles.TempFolder folder, string name, string text)
    {
        var path = folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void Gzip(string source, string target)
    {
        using var output = File.Create(target);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal);
        using var input = File.OpenRead(source);
        input.CopyTo(gzip);
    }

    // Bug 1: FormatDetector.Detect takes the first record with FirstOrDefault(), which disposes the JSON-lines iterator and
    // with it the record's JsonDocument, then reads the record: ObjectDisposedException for every JSON-lines file.

    [Theory]
    [InlineData("mixpanel.jsonl", EventFormat.Mixpanel)]
    [InlineData("amplitude.jsonl", EventFormat.Amplitude)]
    [InlineData("ga4.jsonl", EventFormat.Ga4)]
    public void Each_json_fixture_is_detected(string fixture, EventFormat format)
    {
        Assert.Equal(format, FormatDetector.Detect(Fixture(fixture)));
        Assert.Equal(format, FormatDetector.DetectOrTelomesh(Fixture(fixture)));
    }

    [Fact]
    public void A_gzipped_json_file_is_detected()
    {
        using var folder = new TestFiles.TempFolder();
        var gz = folder.File("ga4.jsonl.gz");
        Gzip(Fixture("ga4.jsonl"), gz);
        Assert.Equal(EventFormat.Ga4, FormatDetector.Detect(gz));
    }

    [Fact]
    public void An_unknown_json_line_names_every_format_tried_and_why()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "clicks.jsonl", """{"action":"click","ts":1709283600,"who":"u1"}""" + "\n");
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.Detect(path));
        Assert.All(EveryFormat, name => Assert.Contains(name + ":", e.Message, StringComparison.Ordinal));
        Assert.Contains("'action', 'ts', 'who'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_or_telomesh_still_fails_for_unknown_json()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "clicks.jsonl", """{"action":"click","ts":1709283600,"who":"u1"}""" + "\n");
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.DetectOrTelomesh(path));
        Assert.All(EveryFormat, name => Assert.Contains(name + ":", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_mixpanel_like_line_without_properties_is_not_mixpanel()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "events.jsonl", """{"event":"Search","time":1709283600,"distinct_id":"alice"}""" + "\n");
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.Detect(path));
        Assert.Contains("mixpanel: needs 'event' and a 'properties' object", e.Message, StringComparison.Ordinal);
    }

    // Bug 2: EventImporter.Read(path, Telomesh) of a .gz or .zip takes InputStreams.Open(path).First(), which disposes the
    // iterator and with it the stream, then reads that stream: ObjectDisposedException.

    [Fact]
    public void A_gzipped_telomesh_csv_reads_like_the_plain_one()
    {
        using var folder = new TestFiles.TempFolder();
        var gz = folder.File("events.csv.gz");
        Gzip(Fixture("equivalence_telomesh.csv"), gz);
        var plain = EventImporter.Read(Fixture("equivalence_telomesh.csv"), EventFormat.Telomesh).Events;
        var packed = EventImporter.Read(gz, EventFormat.Telomesh).Events;
        Assert.Equal(17, packed.Count);
        Assert.Equal(plain.Ticks.ToArray(), packed.Ticks.ToArray());
        Assert.Equal(plain.Sessions!.Values, packed.Sessions!.Values);
    }

    [Fact]
    public void A_zipped_telomesh_csv_reads_like_the_plain_one()
    {
        using var folder = new TestFiles.TempFolder();
        var zip = folder.File("events.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            archive.CreateEntryFromFile(Fixture("equivalence_telomesh.csv"), "events.csv");
        Assert.Equal(17, EventImporter.Read(zip, EventFormat.Telomesh).Events.Count);
    }

    // Bug 3: event_properties escaped every non-ASCII character. Letters of every script are now kept as written;
    // characters outside the Basic Multilingual Plane (emoji) are still \u-escaped by System.Text.Json's writer,
    // which is the same JSON: parsed, the property holds the text exactly.

    [Theory]
    [InlineData("mixpanel.jsonl", EventFormat.Mixpanel, 1, "thé vert", "thé vert 🍵")]
    [InlineData("mixpanel.csv", EventFormat.Mixpanel, 1, "thé vert,", "thé vert, 🍵")]
    [InlineData("ga4.jsonl", EventFormat.Ga4, 1, "thé vert", null)]
    [InlineData("amplitude.csv", EventFormat.Amplitude, 6, "żółw", null)]
    public void Unicode_in_properties_is_kept_as_written(string fixture, EventFormat format, int row, string readable, string? parsed)
    {
        var json = Rows(ImportFixture(fixture, format))[row].EventProperties!;
        Assert.Contains(readable, json, StringComparison.Ordinal);
        if (parsed is not null)
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            Assert.Contains(document.RootElement.EnumerateObject(), p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String && p.Value.GetString() == parsed);
        }
    }

    // Bug 4: vendor CSV columns are found case-insensitively, but the columns left out of event_properties are matched
    // case-sensitively, so a "User_ID" column is both the user and an event property.

    [Fact]
    public void Mapped_csv_columns_in_another_case_are_not_event_properties()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "amplitude.csv", File.ReadAllText(Fixture("amplitude.csv")).Replace("user_id,device_id", "User_ID,Device_ID"));
        var rows = Rows(ImportFile(path, EventFormat.Amplitude));
        Assert.Equal("alice@example.com", rows[0].User);
        AssertJson("""{"query":"tea"}""", rows[1].EventProperties, "line 3: event_properties");
    }
}

/// <summary>
/// A vendor record holding bytes that are not UTF-8 (a Latin-1 "é", a stray 0xFF) is rejected with where, as the CSV
/// reader rejects such rows, instead of its names being silently altered to U+FFFD.
/// </summary>
public class VendorInvalidUtf8Tests
{
    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(p => p is string s ? System.Text.Encoding.UTF8.GetBytes(s) : (byte[])p)];

    [Fact]
    public void A_json_line_with_a_byte_that_is_not_utf8_is_rejected_with_its_position_and_the_rest_kept()
    {
        using var folder = new TestFiles.TempFolder();
        var path = folder.File("export.jsonl");
        File.WriteAllBytes(path, Bytes(
            """{"event":"View","properties":{"time":1709283600,"distinct_id":"alice","$insert_id":"1","$current_url":"https://x.example/caf""",
            new byte[] { 0xE9 }, "\"}}\n",
            """{"event":"View","properties":{"time":1709283700,"distinct_id":"alice","$insert_id":"2","$current_url":"https://x.example/café"}}""", "\n",
            """{"event":"View","properties":{"time":1709283800,"distinct_id":"bob","$insert_id":"3","$current_url":"https://x.example/\ufffd"}}""", "\n",
            "{\"event\":\"View\",\"properties\":{\"time\":1709283900,\"distinct_id\":\"bob\",\"$insert_id\":\"4\",\"$current_url\":\"https://x.example/x\uFFFD\"}}\n"));

        var result = ImportedRows.ImportFile(path, EventFormat.Mixpanel);

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(1, rejected.LineNumber);
        // The bad byte comes right after this text.
        var before = """{"event":"View","properties":{"time":1709283600,"distinct_id":"alice","$insert_id":"1","$current_url":"https://x.example/caf""";
        Assert.Equal($"not valid UTF-8 text (bytes that are not a character at character {before.Length + 1} of the record)", rejected.Reason);
        Assert.EndsWith("caf\uFFFD\"}}", rejected.RawText, StringComparison.Ordinal); // shown with the usual replacement character
        // Lines 3 and 4 hold a real U+FFFD (a JSON escape, then the character's own UTF-8 bytes): valid text, kept.
        Assert.Equal(["/café", "/\ufffd", "/x\ufffd"], ImportedRows.Rows(result).Select(r => r.Page));
    }

    [Fact]
    public void A_mixpanel_csv_row_in_latin1_is_rejected_and_the_utf8_rows_kept()
    {
        using var folder = new TestFiles.TempFolder();
        var path = folder.File("export.csv");
        File.WriteAllBytes(path, Bytes(
            "event,time,distinct_id,$insert_id,$current_url\n",
            "View,1709283600,alice,1,https://x.example/caf", new byte[] { 0xE9 }, "\n",
            "View,1709283700,alice,2,https://x.example/café\n"));

        var result = ImportedRows.ImportFile(path, EventFormat.Mixpanel);

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(2, rejected.LineNumber);
        Assert.Equal($"not valid UTF-8 text (bytes that are not a character at character {"View,1709283600,alice,1,https://x.example/caf".Length + 1} of the record)",
            rejected.Reason);
        Assert.Equal(["/café"], ImportedRows.Rows(result).Select(r => r.Page));
    }
}
