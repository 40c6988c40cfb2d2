using TeloMesh.Core.Import;
using TeloMesh.Core.Pipeline;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// GA4's BigQuery export, as documented in "[GA4] BigQuery Export schema"
/// (https://support.google.com/analytics/answer/7029846, also https://developers.google.com/analytics/bigquery/event-schema):
/// one row per event with <c>event_date</c>, <c>event_timestamp</c> (microseconds, UTC), <c>event_name</c>,
/// <c>event_params</c> (a repeated record of <c>key</c> and <c>value</c> with <c>string_value</c>, <c>int_value</c>,
/// <c>float_value</c>, <c>double_value</c>; <c>page_location</c>, <c>page_title</c> and <c>ga_session_id</c> among the keys),
/// <c>user_pseudo_id</c> and <c>user_properties</c>. The JSON fixture is written as BigQuery exports a table to newline-delimited
/// JSON (INT64 values as strings; two records use numbers, as other tools write them). BigQuery cannot export nested
/// tables to CSV, so the CSV fixture is the usual flattening query's result: one column per parameter.
/// </summary>
public class Ga4ImportTests
{
    private const string User1 = "1197596843.1709283000", User2 = "2038471125.1709286000";
    private const string Session1 = User1 + "_1709283600", Session2 = User2 + "_1709287200";

    [Fact]
    public void Json_lines_map_every_field()
    {
        var result = ImportFixture("ga4.jsonl", EventFormat.Ga4);
        AssertRows(
        [
            new(1, User1, March1(9, 0, 0), "/", "page_view", Session1, """{"ga_session_number":"3"}""", "[]"),
            new(2, User1, March1(9, 1, 40, 250), "/search", "view_search_results", Session1, """{"search_term":"thé vert"}""", "[]"),
            new(3, User1, March1(9, 3, 20), "Produkt – Grüner Tee", "scroll", Session1,
                """{"percent_scrolled":"90","engagement_time_msec":"5120"}""", "[]"),
            new(4, User1, March1(9, 40, 0), "/checkout/danke", "purchase", null, """{"value":"19.99","currency":"EUR"}""",
                """[{"key":"customer_tier","value":{"string_value":"gold","set_timestamp_micros":"1709286000000000"}}]"""),
            // No page_location or page_title: the event name stands for the page (docs/metrics.md section 11).
            new(6, "5D4C3B2A19F8E7D6C5B4A39281706F5E", March1(9, 43, 20), "app_remove", "app_remove", "5D4C3B2A19F8E7D6C5B4A39281706F5E_1709286200", "", ""),
            new(7, User2, March1(10, 0, 0), "/product/42", "page_view", Session2, "", ""),
            new(8, User2, March1(10, 1, 40), "/product/42", "add_to_cart", Session2, """{"value":"12.5"}""", ""),
        ], result);
    }

    [Fact]
    public void Json_lines_reject_records_without_user_and_take_the_event_name_for_a_missing_page()
    {
        var result = ImportFixture("ga4.jsonl", EventFormat.Ga4);
        Assert.Equal([(5L, "no user ('user_pseudo_id')")], Rejections(result));
        Assert.Equal(File.ReadAllLines(Fixture("ga4.jsonl"))[4], result.Rejected[0].RawText);
        Assert.Equal((8, 7, 1), (result.RowsRead, result.RowsAccepted, result.PagesFromEvents));
    }

    [Fact]
    public void Keep_query_keeps_the_query_but_drops_the_fragment()
    {
        var result = ImportFixture("ga4.jsonl", EventFormat.Ga4, keepQuery: true);
        Assert.Equal(
            ["/?gclid=abc123", "/search?q=th%C3%A9&utm_source=x", "Produkt – Grüner Tee", "/checkout/danke", "app_remove", "/product/42?color=green", "/product/42"],
            Rows(result).Select(r => r.Page));
    }

    [Fact]
    public void Sessions_are_user_plus_ga_session_id_and_the_rest_use_the_gap_rule()
    {
        var result = ImportFixture("ga4.jsonl", EventFormat.Ga4);
        var sessions = AnalysisPipeline.Analyze(result.Events, AnalysisOptions.Default).LocalSessions!;
        Assert.Equal([Session1, Session2, "5D4C3B2A19F8E7D6C5B4A39281706F5E_1709286200", "session_" + User1 + "_00"], sessions.Ids);
        Assert.Equal([3, 2, 1, 1], Enumerable.Range(0, sessions.Count).Select(s => sessions.Steps(s).Length));
    }

    [Fact]
    public void Csv_export_maps_every_field()
    {
        var result = ImportFixture("ga4.csv", EventFormat.Ga4);
        const string Date = """{"event_date":"20240301"}""";
        AssertRows(
        [
            new(2, User1, March1(9, 0, 0), "/", "page_view", Session1, Date, ""),
            new(3, User1, March1(9, 1, 40, 250), "/search", "view_search_results", Session1,
                """{"event_date":"20240301","search_term":"thé vert"}""", ""),
            new(4, User1, March1(9, 3, 20), "Produkt – Grüner Tee", "scroll", Session1, Date, ""),
            new(5, User1, March1(9, 40, 0), "/checkout/danke", "purchase", null, Date, ""),
            new(7, User2, March1(10, 0, 0), "/product/42", "page_view", Session2, Date, ""),
            new(8, User2, March1(10, 1, 40), "/product/42", "add_to_cart", Session2, Date, ""),
        ], result);
        Assert.Equal([(6L, "no user ('user_pseudo_id')")], Rejections(result));
        Assert.Equal("20240301,1709286100000000,page_view,,,https://shop.example.com/,,", result.Rejected[0].RawText);
    }

    [Fact]
    public void Csv_and_json_lines_give_the_same_events()
    {
        // The CSV fixture has no record without a page; the JSON one's (line 6) is left out.
        Assert.Equal(CoreFields(ImportFixture("ga4.jsonl", EventFormat.Ga4)).Where(e => e.Item3 != "app_remove"), CoreFields(ImportFixture("ga4.csv", EventFormat.Ga4)));
    }
}
