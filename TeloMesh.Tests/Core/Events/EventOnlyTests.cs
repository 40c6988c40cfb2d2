using TeloMesh.Core.Events;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Events;

/// <summary>
/// Event-only logs (docs/metrics.md section 11): a file without a page column whose page role is mapped to the event
/// column, so each event name is a step of the journey.
/// </summary>
public class EventOnlyTests
{
    /// <summary>
    /// u1 views, adds to the cart and buys; u2 views and adds; u3 views. Column order as a public shop log has it:
    /// user, event, time, and no page.
    /// </summary>
    internal const string Shop = """
        user_id,event,timestamp
        u1,view_item,2025-03-01T10:00:00Z
        u1,add_to_cart,2025-03-01T10:01:00Z
        u1,purchase,2025-03-01T10:02:00Z
        u2,view_item,2025-03-01T11:00:00Z
        u2,add_to_cart,2025-03-01T11:01:00Z
        u3,view_item,2025-03-01T12:00:00Z
        """;

    private static readonly IngestOptions EventAsPage = new() { Columns = ColumnMapping.Default with { Page = "event" } };

    [Fact]
    public void Without_a_mapping_the_missing_page_is_named_with_how_to_map_it()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read(Shop));
        Assert.StartsWith("Missing required column: page. The header (line 1) has: 'user_id', 'event', 'timestamp'.", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(ColumnPositions.EventOnlyHint, e.Message, StringComparison.Ordinal);
        // Without an event column either, mapping the page to it would not help: no such advice.
        var both = Assert.Throws<InvalidInputException>(() => TestFiles.Read("user_id,action,timestamp\nu,a,2025-03-01T10:00:00Z\n"));
        Assert.DoesNotContain(ColumnPositions.EventOnlyHint, both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapped_to_the_event_column_each_event_name_is_a_page()
    {
        var events = TestFiles.Read(Shop, EventAsPage).Events;
        Assert.Equal(6, events.Count);
        for (var i = 0; i < events.Count; i++) Assert.Equal(events.Events[events.EventIds[i]], events.Pages[events.PageIds[i]]);
        // Named in another case, it is still the same column.
        Assert.Equal(6, TestFiles.Read(Shop, new IngestOptions { Columns = ColumnMapping.Default with { Page = " EVENT " } }).Events.Count);
    }

    /// <summary>
    /// By hand: three sessions (the gap rule, one per user). view_item: 3 steps, 1 session ends there (u3): exit rate 1/3;
    /// add_to_cart: 2 steps, 1 ends (u2): 1/2; purchase: 1 step, 1 ends (u1): 1. The graph: view_item -> add_to_cart -> purchase.
    /// </summary>
    [Fact]
    public void An_event_only_log_is_analysed_with_its_events_as_the_journey()
    {
        var result = AnalysisPipeline.Analyze(TestFiles.Read(Shop, EventAsPage).Events, AnalysisOptions.Default);
        Assert.Equal(3, result.SessionCount);
        var exitRates = result.Friction.Points.ToDictionary(p => (p.Page, p.Event), p => p.ExitRate);
        Assert.Equal(new Dictionary<(string, string), double>
        {
            [("view_item", "view_item")] = 1.0 / 3,
            [("add_to_cart", "add_to_cart")] = 1.0 / 2,
            [("purchase", "purchase")] = 1.0,
        }, exitRates);
        Assert.Equal(["view_item -> add_to_cart", "add_to_cart -> purchase"],
            result.Graph.Edges.Select(e => $"{result.Graph.Pages[e.From]} -> {result.Graph.Pages[e.To]}"));
    }
}
