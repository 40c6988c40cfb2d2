using TeloMesh.Core.Import;
using TeloMesh.Core.Pipeline;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// The issue: "the same events given as CSV and as the vendor format give identical analysis results". The 17 events of
/// equivalence_telomesh.csv (user_id, timestamp, page, event, session_id) are written again as a GA4 BigQuery export
/// (https://support.google.com/analytics/answer/7029846: microsecond timestamps, page_location with a query and fragment,
/// ga_session_id in event_params) and as an Amplitude export (https://amplitude.com/docs/apis/analytics/export:
/// "[Amplitude] Page URL", session_id in milliseconds). Sessions: user-001 at 09:00 (5 steps) and 11:00 (3), user-002 at
/// 09:10 (4), user-003 at 09:23:20 (3), and user-003's two events without a session id (10:30, 10:31) by the gap rule.
/// </summary>
public class ImportEquivalenceTests
{
    private static AnalysisResult Analyze(string fixture, EventFormat format)
    {
        var ingest = AnalysisPipeline.Ingest(Fixture(fixture), AnalysisOptions.Default, format: format);
        Assert.Empty(ingest.Rejected);
        return AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default);
    }

    private static readonly AnalysisResult Csv = Analyze("equivalence_telomesh.csv", EventFormat.Telomesh);

    private static (string Page, string Event, int Occurrences, int Exits, double ExitRate, double Betweenness, double Score, bool IsChokepoint)[]
        Friction(AnalysisResult r) =>
        [.. r.Friction.Points.Select(p => (p.Page, p.Event, p.Occurrences, p.Exits, p.ExitRate, p.Betweenness, p.Score, p.IsChokepoint))];

    [Fact]
    public void The_telomesh_csv_has_the_sessions_and_counts_worked_out_by_hand()
    {
        Assert.Equal(5, Csv.SessionCount);
        Assert.Equal(
            ["session_user-003_00", "user-001_1709283600", "user-001_1709290800", "user-002_1709284200", "user-003_1709285000"],
            Csv.LocalSessions!.Ids);
        var points = Csv.Friction.Points.ToDictionary(p => (p.Page, p.Event));
        // select_item on /product: user-001 twice, user-002, user-003; nobody leaves there.
        Assert.Equal((4, 0), (points[("/product", "select_item")].Occurrences, points[("/product", "select_item")].Exits));
        // scroll on /product ends both sessions it is in; the other ends: /checkout, /cart, /search.
        Assert.Equal((2, 2), (points[("/product", "scroll")].Occurrences, points[("/product", "scroll")].Exits));
        Assert.Equal((1, 1), (points[("/checkout", "begin_checkout")].Occurrences, points[("/checkout", "begin_checkout")].Exits));
        Assert.Equal((2, 1), (points[("/cart", "add_to_cart")].Occurrences, points[("/cart", "add_to_cart")].Exits));
        Assert.Equal((4, 1), (points[("/search", "view_search_results")].Occurrences, points[("/search", "view_search_results")].Exits));
        Assert.Contains(Csv.Friction.Points, p => p.Score > 0);
    }

    [Theory]
    [InlineData("equivalence_ga4.jsonl", EventFormat.Ga4)]
    [InlineData("equivalence_amplitude.jsonl", EventFormat.Amplitude)]
    public void A_vendor_export_of_the_same_events_gives_the_same_analysis(string fixture, EventFormat format)
    {
        var vendor = Analyze(fixture, format);

        Assert.Equal(Csv.SessionCount, vendor.SessionCount);
        Assert.Equal(Friction(Csv), Friction(vendor));
        Assert.Equal(Csv.Friction.ChokepointThreshold, vendor.Friction.ChokepointThreshold);
        Assert.Equal(Csv.Friction.NodeMap.OrderBy(p => p.Key, StringComparer.Ordinal), vendor.Friction.NodeMap.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(Csv.Friction.FragileFlows.Count, vendor.Friction.FragileFlows.Count);
        Assert.Equal(
            Csv.Graph.Edges.Select(e => (Csv.Graph.Pages[e.From], Csv.Graph.Pages[e.To], e.Weight, Csv.Graph.EventNames[e.Event])),
            vendor.Graph.Edges.Select(e => (vendor.Graph.Pages[e.From], vendor.Graph.Pages[e.To], e.Weight, vendor.Graph.EventNames[e.Event])));
    }

    [Fact]
    public void The_ga4_sessions_have_the_same_ids_as_the_csv()
    {
        Assert.Equal(Csv.LocalSessions!.Ids, Analyze("equivalence_ga4.jsonl", EventFormat.Ga4).LocalSessions!.Ids);
    }
}
