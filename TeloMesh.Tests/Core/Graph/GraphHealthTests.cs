using TeloMesh.Core.Metrics;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Graph;

/// <summary>
/// Graph health (docs/metrics.md section 14) on a graph whose answers are worked out by hand. Sessions:
/// a b c a b c d d d d d d; a b (three times); a b c; a c (twice). Transitions between different pages: a->b 6, b->c 3,
/// a->c 2, c->a 1, c->d 1 (d->d, a self-loop, is left out): 5 edges, 13 transitions. Steps per page: a 8, b 6, c 5, d 6.
/// </summary>
public class GraphHealthTests
{
    private static readonly AnalysisResult Result = AnalysisPipeline.Analyze(SessionCsv.Paths(
        "a b c a b c d d d d d d", "a b", "a b", "a b", "a b c", "a c", "a c"), AnalysisOptions.Default);

    // Computed in each test, not once for the class: a mutation-testing run then sees which tests read it.
    private static GraphHealth Health => GraphHealth.Compute(Result.Aggregates);

    [Fact]
    public void The_top_tenth_of_edges_carries_its_share_of_transitions()
    {
        // ceil(0.1 x 5) = 1 edge, a->b with 6 of the 13.
        Assert.Equal((4, 5), (Health.Pages, Health.Edges));
        Assert.Equal(6.0 / 13, Health.TopEdgeShare, 12);
        // 20 values: ceil(0.1 x 20) = 2 (19.000000000000004 in floating point would make it 3).
        Assert.Equal((20.0 + 19) / 210, GraphHealth.TopShare([.. Enumerable.Range(1, 20).Select(i => (long)i)]), 12);
    }

    [Fact]
    public void The_gini_coefficient_of_page_traffic_is_worked_from_its_definition()
    {
        // Sorted 5, 6, 6, 8: 2 (1x5 + 2x6 + 3x6 + 4x8) / (4 x 25) - 5/4 = 134/100 - 1.25 = 0.09.
        Assert.Equal(0.09, Health.TrafficGini, 12);
        Assert.Equal(0, GraphHealth.Gini([7, 7, 7]));
        // One page with everything of n: (n - 1) / n.
        Assert.Equal(0.75, GraphHealth.Gini([0, 0, 0, 10]), 12);
    }

    [Fact]
    public void The_average_clustering_counts_each_pages_linked_neighbours()
    {
        // Undirected: a-b, a-c, b-c, c-d. a: neighbours b, c, linked: 1 of 1. b: a, c: 1. c: a, b, d: a-b only, 1 of 3. d: one
        // neighbour, 0. Mean (1 + 1 + 1/3 + 0) / 4 = 7/12.
        Assert.Equal(7.0 / 12, Health.Clustering, 12);
        Assert.False(Health.IsMeaningful); // 4 pages, 5 edges
    }

    [Fact]
    public void The_numbers_mean_something_from_five_pages_and_ten_edges()
    {
        Assert.True(new GraphHealth(GraphHealth.MeaningfulPages, GraphHealth.MeaningfulEdges, 0, 0, 0).IsMeaningful);
        Assert.False(new GraphHealth(GraphHealth.MeaningfulPages - 1, 100, 0, 0, 0).IsMeaningful);
        Assert.False(new GraphHealth(100, GraphHealth.MeaningfulEdges - 1, 0, 0, 0).IsMeaningful);
        Assert.Equal((5, 10), (GraphHealth.MeaningfulPages, GraphHealth.MeaningfulEdges));
    }

    [Fact]
    public void Two_pages_already_have_a_gini_coefficient()
    {
        // Sorted 1, 3: 2 (1x1 + 2x3) / (2 x 4) - 3/2 = 14/8 - 1.5 = 0.25. One page alone has none.
        Assert.Equal(0.25, GraphHealth.Gini([3, 1]), 12);
        Assert.Equal(0, GraphHealth.Gini([5]));
    }

    [Fact]
    public void The_power_law_fit_reads_as_a_sentence()
    {
        Assert.Equal("too few pages (fewer than 20) or degrees to fit", GraphHealth.PowerLawText(null));
        var fit = new PowerLawFit(2.414, 3, 40, 0.05, 0.346, 200);
        Assert.Equal("a power law: the best fit, from degree 3 (40 pages), α 2.41, p = 0.35", GraphHealth.PowerLawText(fit));
        Assert.Equal("not a power law: the best fit, from degree 3 (40 pages), α 2.41, p = 0.05", GraphHealth.PowerLawText(fit with { PValue = 0.05 }));
    }
}
