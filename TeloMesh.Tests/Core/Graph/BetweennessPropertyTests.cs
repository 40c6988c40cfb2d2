using CsCheck;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Graph;

/// <summary>
/// Brandes' algorithm against the definition, on random journeys: all-pairs distances by Floyd-Warshall, path counts
/// by summing over the last step, and raw betweenness of v = sum over s != v != t of sigma(s,v) sigma(v,t) / sigma(s,t)
/// where d(s,v) + d(v,t) = d(s,t). Whole-number lengths (hops, reference), so "shortest" is exact.
/// </summary>
public class BetweennessPropertyTests
{
    /// <summary>Up to 12 sessions of 2 to 7 steps over 7 pages.</summary>
    private static readonly Gen<int[][]> Journeys = Gen.Int[0, 6].Array[2, 7].Array[1, 12];

    [Fact]
    public void Exact_betweenness_equals_the_definition() =>
        Journeys.Select(Gen.Bool.Select(hops => hops ? BetweennessMode.Hops : BetweennessMode.Reference)).Sample((journeys, mode) =>
        {
            var graph = JourneyGraphBuilder.Build(Sessionizer.Build(SessionCsv.Paths([.. journeys.Select(j => string.Join(' ', j.Select(p => $"p{p}")))])));
            var actual = Betweenness.Compute(graph, mode);
            var expected = ByDefinition(journeys, mode);
            foreach (var node in graph.NodeOrder)
            {
                var page = int.Parse(graph.Pages[node][1..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(expected[page] - actual[node]) < 1e-9, $"p{page}: expected {expected[page]}, actual {actual[node]}");
            }
        }, iter: 300);

    /// <summary>
    /// The default settles pages from a radix heap, compatibility mode from networkx's binary heap order: on a graph big
    /// enough for many ties and stale heap entries (whole-number lengths) they must agree. Compatibility mode also
    /// scales by 1/((n-1)(n-2)) first, which dividing by the top value undoes.
    /// </summary>
    [Theory]
    [InlineData(BetweennessMode.Reference)]
    [InlineData(BetweennessMode.Probability)]
    [InlineData(BetweennessMode.Hops)]
    public void Both_settle_orders_give_the_same_betweenness_on_a_large_graph(BetweennessMode mode)
    {
        var random = new Random(11);
        var journeys = Enumerable.Range(0, 3000).Select(_ =>
        {
            var page = random.Next(400);
            return string.Join(' ', Enumerable.Range(0, random.Next(2, 9)).Select(_ => $"p{(page = random.NextDouble() < 0.7 ? (page + 1 + random.Next(10)) % 400 : random.Next(400))}"));
        });
        var graph = JourneyGraphBuilder.Build(Sessionizer.Build(SessionCsv.Paths([.. journeys])));
        Assert.True(graph.NodeCount > 350);
        var radix = Betweenness.Compute(graph, mode, CompatMode.Default);
        var binary = Betweenness.Compute(graph, mode, CompatMode.TeloMesh);
        Assert.Contains(radix, v => v is > 0 and < 1);
        for (var v = 0; v < radix.Length; v++)
            Assert.True(Math.Abs(radix[v] - binary[v]) < 1e-9, $"{graph.Pages[v]}: {radix[v]} against {binary[v]}");
    }

    /// <summary>Raw betweenness from the definition, divided by the largest, indexed by page number.</summary>
    private static double[] ByDefinition(int[][] journeys, BetweennessMode mode)
    {
        const int n = 7;
        var weight = new long[n, n];
        foreach (var journey in journeys)
            for (var i = 1; i < journey.Length; i++)
                weight[journey[i - 1], journey[i]]++;
        var inf = long.MaxValue / 4;
        var d = new long[n, n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++)
                d[a, b] = a == b ? 0 : weight[a, b] > 0 ? (mode == BetweennessMode.Hops ? 1 : weight[a, b]) : inf;
        for (var k = 0; k < n; k++)
            for (var a = 0; a < n; a++)
                for (var b = 0; b < n; b++)
                    d[a, b] = Math.Min(d[a, b], d[a, k] + d[k, b]);
        long Length(int a, int b) => mode == BetweennessMode.Hops ? 1 : weight[a, b];

        // sigma[s, t]: shortest paths from s to t, counted over their last step u -> t.
        var sigma = new double[n, n];
        for (var s = 0; s < n; s++)
        {
            sigma[s, s] = 1;
            foreach (var t in Enumerable.Range(0, n).Where(t => t != s && d[s, t] < inf).OrderBy(t => d[s, t]))
                for (var u = 0; u < n; u++)
                    if (u != t && weight[u, t] > 0 && d[s, u] < inf && d[s, u] + Length(u, t) == d[s, t])
                        sigma[s, t] += sigma[s, u];
        }
        var raw = new double[n];
        for (var s = 0; s < n; s++)
            for (var t = 0; t < n; t++)
                for (var v = 0; v < n; v++)
                    if (s != t && v != s && v != t && d[s, t] < inf && d[s, v] < inf && d[v, t] < inf && d[s, v] + d[v, t] == d[s, t])
                        raw[v] += sigma[s, v] * sigma[v, t] / sigma[s, t];
        var max = raw.Max();
        return [.. raw.Select(r => max > 0 ? r / max : 0)];
    }
}
