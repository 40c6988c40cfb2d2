using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using TeloMesh.Core.Pipeline;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// Format detection from a file's first record, and the messages for files that fit no format (the issue: "An unknown or
/// inconsistent file gets a message that says which formats were tried and why each did not fit").
/// </summary>
public class FormatDetectorTests
{
    private static readonly string[] EveryFormat = ["telomesh", "mixpanel", "amplitude", "ga4"];

    private static string Write(TestFiles.TempFolder folder, string name, string text)
    {
        var path = folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("mixpanel.csv", EventFormat.Mixpanel)]
    [InlineData("amplitude.csv", EventFormat.Amplitude)]
    [InlineData("ga4.csv", EventFormat.Ga4)]
    [InlineData("equivalence_telomesh.csv", EventFormat.Telomesh)]
    public void Each_csv_fixture_is_detected(string fixture, EventFormat format)
    {
        Assert.Equal(format, FormatDetector.Detect(Fixture(fixture)));
        Assert.Equal(format, FormatDetector.DetectOrTelomesh(Fixture(fixture)));
    }

    [Fact]
    public void An_unknown_csv_names_every_format_tried_and_the_missing_columns()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "report.csv", "visitor,when,url\nu1,2024-03-01T09:00:00Z,/home\n");
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.Detect(path));
        Assert.All(EveryFormat, name => Assert.Contains(name + ":", e.Message, StringComparison.Ordinal));
        Assert.Contains("'visitor', 'when', 'url'", e.Message, StringComparison.Ordinal);
        Assert.Contains("telomesh: missing user_id, timestamp, page, event", e.Message, StringComparison.Ordinal);
        Assert.Contains("ga4: needs columns event_name, event_timestamp, user_pseudo_id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_or_telomesh_takes_an_unknown_csv_as_telomesh()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "report.csv", "visitor,when,url\nu1,2024-03-01T09:00:00Z,/home\n");
        Assert.Equal(EventFormat.Telomesh, FormatDetector.DetectOrTelomesh(path));
    }

    [Fact]
    public void A_first_line_that_is_not_json_says_where()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "broken.jsonl", "{\"event\": \"Search\", \"properties\": {\n");
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.Detect(path));
        Assert.StartsWith("broken.jsonl, line 1: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_array_is_refused_with_a_hint_to_use_json_lines()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "events.json", """[{"event":"Search","properties":{"time":1709283600,"distinct_id":"alice"}}]""");
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.Detect(path));
        Assert.Contains("JSON lines", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_called_empty()
    {
        using var folder = new TestFiles.TempFolder();
        var path = Write(folder, "empty.csv", "");
        var e = Assert.Throws<InvalidInputException>(() => FormatDetector.Detect(path));
        Assert.Contains("empty", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_inconsistent_file_rejects_the_records_of_another_format_with_the_reason()
    {
        using var folder = new TestFiles.TempFolder();
        var lines = File.ReadAllLines(Fixture("ga4.jsonl"));
        var mixpanel = File.ReadAllLines(Fixture("mixpanel.jsonl"))[0];
        var path = Write(folder, "mixed.jsonl", string.Join('\n', lines[0], mixpanel, lines[1]) + "\n");

        var result = EventImporter.Read(path, EventFormat.Ga4);
        Assert.Equal(2, result.RowsAccepted);
        Assert.Equal([(2L, "no event name ('event_name')")], Rejections(result));
    }

    [Fact]
    public void A_file_read_as_the_wrong_format_fails_with_the_first_reason()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            AnalysisPipeline.Ingest(Fixture("mixpanel.jsonl"), AnalysisOptions.Default, format: EventFormat.Amplitude));
        Assert.Contains("all 10 rows were rejected", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 1: no event name ('event_type')", e.Message, StringComparison.Ordinal);
    }
}
