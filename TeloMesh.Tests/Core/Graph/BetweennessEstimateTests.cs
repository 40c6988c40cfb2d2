using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Graph;

/// <summary>The sampled estimate of betweenness: when it is used, and that its stated bound holds.</summary>
public class BetweennessEstimateTests
{
    /// <summary>
    /// A site with a hub: 60 leaf pages, each visited from the hub and back (leaf -> hub -> other leaf journeys), so
    /// every leaf-to-leaf shortest path goes through the hub: exact betweenness is 1 for the hub and 0 for every leaf.
    /// </summary>
    private static JourneyGraph Hub()
    {
        var paths = Enumerable.Range(0, 60).Select(i => $"/leaf{i} /hub /leaf{(i + 1) % 60}").ToArray();
        return JourneyGraphBuilder.Build(Sessionizer.Build(SessionCsv.Paths(paths)));
    }

    [Fact]
    public void Estimate_keeps_the_hub_on_top_and_its_bound_covers_the_exact_values()
    {
        var graph = Hub();
        var exact = Betweenness.Compute(graph, BetweennessMode.Hops);
        var estimate = Betweenness.Estimate(graph, BetweennessMode.Hops, samples: 400);

        Assert.NotNull(estimate.Estimate);
        Assert.Equal(400, estimate.Estimate.Sources);
        Assert.Equal(61, estimate.Estimate.Pages);
        Assert.Equal(0.95, estimate.Estimate.Confidence);
        var hub = graph.Pages.Find("/hub");
        Assert.Equal(1.0, exact[hub]);
        Assert.Equal(1.0, estimate.Values[hub]);
        // e = sqrt(2 V L / k) + 7 L / (3 (k - 1)) with L = ln(4 * 61 / 0.05) = 8.49 and k = 400: the second term is 0.050,
        // the hub's X is 1 except when the hub itself is drawn (V about 1/61), so e is about 0.08 and the bound 2e about 0.16.
        Assert.InRange(estimate.Estimate.ErrorBound, 0.1, 0.25);
        for (var v = 0; v < exact.Length; v++)
            Assert.True(Math.Abs(exact[v] - estimate.Values[v]) <= estimate.Estimate.ErrorBound, $"{graph.Pages[v]} outside the bound");
    }

    [Fact]
    public void The_bound_shrinks_with_more_samples()
    {
        var graph = Hub();
        var few = Betweenness.Estimate(graph, BetweennessMode.Hops, samples: 20).Estimate!.ErrorBound;
        var many = Betweenness.Estimate(graph, BetweennessMode.Hops, samples: 2000).Estimate!.ErrorBound;
        Assert.True(many < few, $"{many} should be below {few}");
    }

    [Fact]
    public void Same_data_gives_the_same_estimate()
    {
        var graph = Hub();
        Assert.Equal(Betweenness.Estimate(graph, BetweennessMode.Probability, 30).Values, Betweenness.Estimate(graph, BetweennessMode.Probability, 30).Values);
    }

    [Theory]
    [InlineData(61, 10, false)] // at the threshold: exact
    [InlineData(60, 10, true)] // above it: estimated
    [InlineData(10, 100, false)] // as many samples as pages or more: exact is no slower
    public void Estimates_only_above_the_threshold(int sampleAbove, int samples, bool estimated)
    {
        var result = Betweenness.Compute(Hub(), BetweennessMode.Hops, CompatMode.Default, sampleAbove, samples);
        Assert.Equal(estimated, result.IsEstimate);
    }

    [Fact]
    public void Work_is_the_edges_every_source_reaches()
    {
        // Every page of the hub graph reaches all 120 edges (60 leaf -> hub, 60 hub -> leaf): 61 sources x 120.
        Assert.Equal(61 * 120, Betweenness.EstimatedWork(Hub()));
    }

    [Fact]
    public void By_default_many_pages_in_small_journeys_stay_exact()
    {
        // 6,000 pages in 2,000 separate three-page journeys: above 5,000 pages, but each source reaches at most 2 edges.
        var paths = Enumerable.Range(0, 2000).Select(i => $"/a{i} /b{i} /c{i}").ToArray();
        var graph = JourneyGraphBuilder.Build(Sessionizer.Build(SessionCsv.Paths(paths)));
        Assert.Equal(6000, graph.NodeCount);
        var result = Betweenness.Compute(graph, BetweennessMode.Probability, CompatMode.Default, sampleAbove: null, samples: 1000);
        Assert.False(result.IsEstimate);
        Assert.Equal(1.0, result.Values[graph.Pages.Find("/b7")]);
        // Asked for explicitly, the estimate is used all the same.
        Assert.True(Betweenness.Compute(graph, BetweennessMode.Probability, CompatMode.Default, sampleAbove: 5000, samples: 1000).IsEstimate);
    }

    [Fact]
    public void Compatibility_mode_is_always_exact()
    {
        var graph = Hub();
        Assert.False(Betweenness.Compute(graph, BetweennessMode.Reference, CompatMode.TeloMesh, sampleAbove: 3, samples: 5).IsEstimate);
    }
}
