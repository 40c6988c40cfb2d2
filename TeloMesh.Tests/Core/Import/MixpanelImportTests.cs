using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using TeloMesh.Core.Pipeline;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// Mixpanel's raw event export, as documented in "Raw Event Export API" (https://docs.mixpanel.com/reference/raw-event-export,
/// formerly https://developer.mixpanel.com/reference/raw-event-export): one JSON object per line,
/// <c>{"event": name, "properties": {"time": epoch seconds (milliseconds with time_in_ms), "distinct_id", "$insert_id",
/// "mp_processing_time_ms", ...}}</c>. <c>$insert_id</c> is Mixpanel's de-duplication id (events with the same event name,
/// distinct_id, time and $insert_id are one event), so repeats are dropped and sessions come from the 30-minute rule
/// (docs/metrics.md section 1). The CSV fixture has the same properties as columns.
/// </summary>
public class MixpanelImportTests
{
    private static readonly ImportedRow[] JsonRows =
    [
        new(1, "alice", March1(9, 0, 0), "/", "$mp_web_page_view", null,
            """{"mp_processing_time_ms":1709283601234,"$browser":"Firefox","mp_lib":"web"}""", ""),
        new(2, "alice", March1(9, 1, 40), "/search", "Search", null,
            """{"mp_processing_time_ms":1709283702000,"search_term":"thé vert 🍵","filters":{"colour":"grün","sizes":["S","M"]}}""", ""),
        new(4, "alice", March1(9, 5, 0), "/product/42", "Add to Cart", null, """{"price":12.5,"currency":"EUR"}""", ""),
        new(5, "bob", March1(10, 0, 0), "Checkout", "Screen Viewed", null, """{"$os":"iOS","$app_version_string":"5.2.0"}""", ""),
        new(6, "bob", March1(10, 45, 0), "Confirmation", "Purchase", null, """{"amount":19.99,"items":[{"sku":"42","qty":1}]}""", ""),
        new(9, "zoë", March1(11, 0, 0), "/café/menü", "Page View", null, """{"$city":"Zürich"}""", ""),
        new(10, "zoë", March1(11, 1, 0, 123), "/café", "Page View", null, "", ""),
    ];

    [Fact]
    public void Json_lines_map_every_field()
    {
        var result = ImportFixture("mixpanel.jsonl", EventFormat.Mixpanel);
        AssertRows(JsonRows, result);
    }

    [Fact]
    public void Json_lines_reject_records_without_user_or_time_with_line_and_reason()
    {
        var result = ImportFixture("mixpanel.jsonl", EventFormat.Mixpanel);
        Assert.Equal([(7L, "no user ('properties.distinct_id')"), (8L, "no time ('properties.time')")], Rejections(result));
        var lines = File.ReadAllLines(Fixture("mixpanel.jsonl"));
        Assert.Equal([lines[6], lines[7]], result.Rejected.Select(r => r.RawText));
    }

    [Fact]
    public void A_name_longer_than_any_name_is_rejected_as_in_a_csv()
    {
        using var folder = new TestFiles.TempFolder();
        var page = "/" + new string('p', 9_999);
        File.WriteAllLines(folder.File("long.jsonl"),
        [
            """{"event":"Page View","properties":{"time":1709283600,"distinct_id":"alice","$current_url":"/home"}}""",
            $$$"""{"event":"Page View","properties":{"time":1709283660,"distinct_id":"alice","$current_url":"{{{page}}}"}}""",
        ]);
        var result = EventImporter.Read(folder.File("long.jsonl"), EventFormat.Mixpanel);
        Assert.Equal(1, result.RowsAccepted);
        Assert.Equal([(2L, "page is 10,000 characters long (at most 8,192)")], Rejections(result));
    }

    [Fact]
    public void A_repeated_insert_id_is_dropped_and_counted_not_rejected()
    {
        var result = ImportFixture("mixpanel.jsonl", EventFormat.Mixpanel);
        Assert.Equal(1, result.DuplicatesDropped);
        Assert.Equal(10, result.RowsRead);
        Assert.Equal(7, result.RowsAccepted);
        Assert.Equal(2, result.RowsRejected);
        // zoë's first event reuses alice's "$insert_id" a-001: a different user and time, so not a repeat.
        Assert.Equal(2, Rows(result).Count(r => r.User == "zoë"));
    }

    [Fact]
    public void Insert_id_is_not_a_session_so_the_gap_rule_makes_the_sessions()
    {
        var result = ImportFixture("mixpanel.jsonl", EventFormat.Mixpanel);
        Assert.All(Rows(result), r => Assert.Null(r.Session));
        var analysis = AnalysisPipeline.Analyze(result.Events, AnalysisOptions.Default);
        // alice: 09:00, 09:01:40, 09:05 (one session); bob: 10:00 and 10:45 (45 minutes apart: two); zoë: 11:00, 11:01.
        Assert.Equal(["session_alice_00", "session_bob_00", "session_bob_01", "session_zoë_00"], analysis.LocalSessions!.Ids);
    }

    [Fact]
    public void Keep_query_keeps_the_query_of_urls_but_never_the_fragment()
    {
        var result = ImportFixture("mixpanel.jsonl", EventFormat.Mixpanel, keepQuery: true);
        Assert.Equal(
            ["/?utm_source=newsletter", "/search?q=th%C3%A9", "/product/42", "Checkout", "Confirmation", "/café/menü", "/café?table=4"],
            Rows(result).Select(r => r.Page));
    }

    [Fact]
    public void Csv_export_maps_every_field()
    {
        var result = ImportFixture("mixpanel.csv", EventFormat.Mixpanel);
        AssertRows(
        [
            new(2, "alice", March1(9, 0, 0), "/", "$mp_web_page_view", null, """{"$browser":"Firefox"}""", ""),
            new(3, "alice", March1(9, 1, 40), "/search", "Search", null, """{"$browser":"Firefox","search_term":"thé vert, 🍵"}""", ""),
            new(5, "alice", March1(9, 5, 0), "/product/42", "Add to Cart", null, """{"$browser":"Firefox"}""", ""),
            new(6, "bob", March1(10, 0, 0), "Checkout", "Screen Viewed", null, "", ""),
            new(7, "bob", March1(10, 45, 0), "Confirmation", "Purchase", null, "", ""),
            new(9, "zoë", March1(11, 0, 0), "/café/menü", "Page View", null, """{"$browser":"Safari"}""", ""),
            new(10, "zoë", March1(11, 1, 0, 123), "/café", "Page View", null, "", ""),
        ], result);
    }

    [Fact]
    public void Csv_export_rejects_with_line_and_reason_and_drops_the_repeat()
    {
        var result = ImportFixture("mixpanel.csv", EventFormat.Mixpanel);
        Assert.Equal(
            [(8L, "no user ('properties.distinct_id')"), (11L, "unparsable time 'not-a-time': unrecognised timestamp")],
            Rejections(result));
        Assert.Equal("Search,not-a-time,zoë,z-003,https://shop.example.com/search,,Safari,", result.Rejected[1].RawText);
        Assert.Equal(1, result.DuplicatesDropped);
        Assert.Equal(10, result.RowsRead);
    }

    [Fact]
    public void Csv_and_json_lines_give_the_same_events()
    {
        Assert.Equal(
            CoreFields(ImportFixture("mixpanel.jsonl", EventFormat.Mixpanel)),
            CoreFields(ImportFixture("mixpanel.csv", EventFormat.Mixpanel)));
    }

    [Fact]
    public void Strict_stops_at_the_first_bad_record()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            EventImporter.Read(Fixture("mixpanel.jsonl"), EventFormat.Mixpanel, import: new ImportOptions { Strict = true }));
        Assert.StartsWith("Line 7: no user ('properties.distinct_id')", e.Message);
    }

}
