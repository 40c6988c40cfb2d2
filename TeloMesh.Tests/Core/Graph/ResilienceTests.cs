using TeloMesh.Core.Journeys;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Graph;

/// <summary>Journey resilience, the percolation curve (docs/metrics.md section 14), worked by hand.</summary>
public class ResilienceTests
{
    /// <summary>
    /// Sessions a b c; a b; b d; c; d, pages removed in the order b, a, c, d. Removing b breaks the three sessions with a step
    /// on it; a then breaks none more (both of its sessions had b); c breaks the fourth; d the fifth. Intact: 5/5, 2/5, 2/5,
    /// 1/5, 0.
    /// </summary>
    [Fact]
    public async Task Each_removal_breaks_the_sessions_no_earlier_one_broke()
    {
        var result = AnalysisPipeline.Analyze(SessionCsv.Paths("a b c", "a b", "b d", "c", "d"), AnalysisOptions.Default);
        string[] order = ["b", "a", "c", "d"];
        var counts = await new EventTableSource(result.LocalSessions!.Events).FirstRemovedAsync(result.Aggregates, order);
        Assert.Equal([3L, 0, 1, 1, 0], counts);

        var resilience = new Resilience(order, counts[..order.Length], result.SessionCount);
        Assert.Equal([(0, 1.0), (1, 0.4), (2, 0.4), (3, 0.2), (4, 0.0)], resilience.Curve.Select(p => (p.Removed, Math.Round(p.Intact, 12))));
        Assert.Equal([("b", 3L), ("c", 1L)], resilience.Critical(2));
        // Asked for more: a page that breaks nothing (a) is never critical; equal breaks (c, d) keep the removal order.
        Assert.Equal([("b", 3L), ("c", 1L), ("d", 1L)], resilience.Critical(10));
        Assert.Equal("without the top 1, 3 pages by betweenness, 40.0 %, 20.0 % of sessions keep their journey", resilience.Summary());
    }

    [Fact]
    public void Pages_are_removed_by_betweenness_ties_in_code_point_order()
    {
        Assert.Equal(["b", "a", "x"], Resilience.RemovalOrder([("x", 0.5), ("a", 0.5), ("b", 1.0)]));
    }

    [Fact]
    public void The_summary_names_every_step_of_one_three_and_five_that_the_pages_allow()
    {
        // Three pages: the top 3 is all of them, the top 5 is not there. Sessions 4; the first page breaks 2, the others 1 each.
        var three = new Resilience(["p", "q", "r"], [2L, 1, 1], 4);
        Assert.Equal("without the top 1, 3 pages by betweenness, 50.0 %, 0.0 % of sessions keep their journey", three.Summary());
        var five = new Resilience(["p", "q", "r", "s", "t"], [1L, 1, 1, 1, 0], 8);
        Assert.Equal("without the top 1, 3, 5 pages by betweenness, 87.5 %, 62.5 %, 50.0 % of sessions keep their journey", five.Summary());
        // No session: nothing can break, everything is intact.
        var empty = new Resilience([], [], 0);
        Assert.Equal(("no page to remove", 1.0), (empty.Summary(), empty.Intact(0)));
    }
}
