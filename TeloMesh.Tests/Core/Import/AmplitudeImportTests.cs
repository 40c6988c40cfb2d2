using TeloMesh.Core.Import;
using TeloMesh.Core.Pipeline;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// Amplitude's Export API, as documented in "Export API" (https://amplitude.com/docs/apis/analytics/export): a zipped
/// archive of JSON files with one event object per line, fields per its "Response schema": <c>user_id</c> (null for
/// anonymous users, who have a <c>device_id</c>), <c>event_time</c> (UTC, <c>yyyy-MM-dd HH:mm:ss.ffffff</c>),
/// <c>event_type</c>, <c>session_id</c> (the session's start in epoch milliseconds, -1 for events outside a session),
/// <c>event_properties</c> (the browser SDK's "[Amplitude] Page URL", "[Amplitude] Page Path", "[Amplitude] Page Title"
/// among them) and <c>user_properties</c>, both dicts. The CSV fixture flattens event properties into columns.
/// </summary>
public class AmplitudeImportTests
{
    private const string AliceSession = "alice@example.com_1709283600000";

    [Fact]
    public void Json_lines_map_every_field()
    {
        var result = ImportFixture("amplitude.jsonl", EventFormat.Amplitude);
        AssertRows(
        [
            new(1, "alice@example.com", March1(9, 0, 0), "/", "[Amplitude] Page Viewed", AliceSession,
                """{"[Amplitude] Page URL":"https://shop.example.com/?ref=mail#hero","[Amplitude] Page Title":"Home","[Amplitude] Page Domain":"shop.example.com"}""",
                """{"plan":"pro","address":{"city":"Berlin","zip":"10115"},"tags":["beta","early"]}"""),
            new(2, "alice@example.com", March1(9, 1, 40, 500), "/search", "Search Submitted", AliceSession,
                """{"[Amplitude] Page URL":"https://shop.example.com/search?q=tea&utm_source=x","query":"tea","filters":{"colour":"grün","in_stock":true}}""",
                """{"plan":"pro"}"""),
            new(3, "alice@example.com", March1(9, 5, 0), "/checkout", "Checkout Started", AliceSession,
                """{"[Amplitude] Page Path":"/checkout","[Amplitude] Page URL":"https://shop.example.com/checkout?step=2"}""", """{"plan":"pro"}"""),
            new(4, "dev-9f8e7d", March1(10, 0, 0), "/product/42", "[Amplitude] Page Viewed", "dev-9f8e7d_1709287200000",
                """{"[Amplitude] Page URL":"https://shop.example.com/product/42?utm_campaign=spring"}""", "{}"),
            new(5, "alice@example.com", March1(11, 30, 0), "Bestellungen – Übersicht", "Order Shipped", null,
                """{"[Amplitude] Page Title":"Bestellungen – Übersicht","carrier":"DHL"}""", """{"plan":"pro"}"""),
            // No page path, URL or title: the event name stands for the page (docs/metrics.md section 11).
            new(6, "bob@example.com", March1(10, 1, 40), "Button Clicked", "Button Clicked", "bob@example.com_1709287300000",
                """{"button":"Buy"}""", "{}"),
            new(8, "józef", March1(10, 1, 40), "/szukaj/żółw", "Wyszukiwanie", "józef_1709287300000",
                """{"[Amplitude] Page URL":"https://sklep.example.pl/szukaj/%C5%BC%C3%B3%C5%82w","query":"żółw"}""", """{"język":"polski"}"""),
        ], result);
    }

    [Fact]
    public void Json_lines_reject_records_without_user_or_time_and_take_the_event_name_for_a_missing_page()
    {
        var result = ImportFixture("amplitude.jsonl", EventFormat.Amplitude);
        Assert.Equal(
        [
            (7L, "no user ('user_id' or 'device_id')"),
            (9L, "no time ('event_time')"),
        ], Rejections(result));
        Assert.Equal(File.ReadAllLines(Fixture("amplitude.jsonl"))[6], result.Rejected[0].RawText);
        Assert.Equal((9, 7, 0, 1), (result.RowsRead, result.RowsAccepted, result.DuplicatesDropped, result.PagesFromEvents));
    }

    [Fact]
    public void Keep_query_applies_to_page_urls_and_the_page_path_wins_over_the_url()
    {
        var result = ImportFixture("amplitude.jsonl", EventFormat.Amplitude, keepQuery: true);
        Assert.Equal(
            ["/?ref=mail", "/search?q=tea&utm_source=x", "/checkout", "/product/42?utm_campaign=spring", "Bestellungen – Übersicht", "Button Clicked", "/szukaj/żółw"],
            Rows(result).Select(r => r.Page));
    }

    [Fact]
    public void Session_minus_one_falls_back_to_the_gap_rule()
    {
        var result = ImportFixture("amplitude.jsonl", EventFormat.Amplitude);
        var sessions = AnalysisPipeline.Analyze(result.Events, AnalysisOptions.Default).LocalSessions!;
        // Four given sessions (alice 09:00, bob, the anonymous device, józef) and alice's 11:30 event alone by the gap rule.
        Assert.Equal(
            ["alice@example.com_1709283600000", "bob@example.com_1709287300000", "dev-9f8e7d_1709287200000", "józef_1709287300000", "session_alice@example.com_00"],
            sessions.Ids);
        Assert.Equal(3, sessions.Steps(0).Length);
    }

    [Fact]
    public void Csv_export_maps_every_field()
    {
        var result = ImportFixture("amplitude.csv", EventFormat.Amplitude);
        AssertRows(
        [
            new(2, "alice@example.com", March1(9, 0, 0), "/", "[Amplitude] Page Viewed", AliceSession, "",
                """{"plan":"pro","address":{"city":"Berlin","zip":"10115"}}"""),
            new(3, "alice@example.com", March1(9, 1, 40, 500), "/search", "Search Submitted", AliceSession, """{"query":"tea"}""", """{"plan":"pro"}"""),
            new(4, "alice@example.com", March1(9, 5, 0), "/checkout", "Checkout Started", AliceSession, "", """{"plan":"pro"}"""),
            new(5, "dev-9f8e7d", March1(10, 0, 0), "/product/42", "[Amplitude] Page Viewed", "dev-9f8e7d_1709287200000", "", ""),
            new(6, "alice@example.com", March1(11, 30, 0), "Bestellungen – Übersicht", "Order Shipped", null, "", """{"plan":"pro"}"""),
            new(7, "bob@example.com", March1(10, 1, 40), "Button Clicked", "Button Clicked", "bob@example.com_1709287300000", "", ""),
            new(8, "józef", March1(10, 1, 40), "/szukaj/żółw", "Wyszukiwanie", "józef_1709287300000", """{"query":"żółw"}""", """{"język":"polski"}"""),
        ], result);
    }

    [Fact]
    public void Csv_export_rejects_a_short_row_and_takes_the_event_name_for_a_missing_page()
    {
        var result = ImportFixture("amplitude.csv", EventFormat.Amplitude);
        Assert.Equal([(9L, "expected 10 fields, found 7")], Rejections(result));
        Assert.Equal(1, result.PagesFromEvents);
        Assert.Equal(
            "alice@example.com,dev-a1b2c3,2024-03-01 11:31:00.000000,[Amplitude] Page Viewed,1709292600000,,https://shop.example.com/orders",
            result.Rejected[0].RawText);
    }

    [Fact]
    public void Csv_and_json_lines_give_the_same_events()
    {
        Assert.Equal(
            CoreFields(ImportFixture("amplitude.jsonl", EventFormat.Amplitude)),
            CoreFields(ImportFixture("amplitude.csv", EventFormat.Amplitude)));
    }

    /// <summary>
    /// A CSV export may keep event_properties as one JSON cell instead of flattened columns: the page comes from it as
    /// from the JSON lines (path, then URL as a path, then title), and a cell that is not JSON is no properties.
    /// </summary>
    [Fact]
    public void Csv_export_with_event_properties_as_a_json_cell_takes_the_page_from_it()
    {
        using var folder = new TestFiles.TempFolder();
        var file = folder.File("amplitude.csv");
        File.WriteAllText(file, "user_id,event_time,event_type,session_id,event_properties\n" +
            "a,2024-03-01 09:00:00.000000,Viewed,1,\"{\"\"[Amplitude] Page URL\"\":\"\"https://shop.example.com/home?x=1\"\"}\"\n" +
            "a,2024-03-01 09:01:00.000000,Viewed,1,\"{\"\"page_path\"\":\"\"/cart\"\",\"\"page_title\"\":\"\"Cart\"\"}\"\n" +
            "a,2024-03-01 09:02:00.000000,Clicked,1,{not json\n");
        var result = ImportFile(file, EventFormat.Amplitude);
        Assert.Equal(["/home", "/cart", "Clicked"], Rows(result).Select(r => r.Page));
        Assert.Equal(1, result.PagesFromEvents);
    }
}
