using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Metrics;

/// <summary>
/// How healthy the journey graph is (docs/metrics.md section 14): how concentrated the traffic is and how clustered the
/// pages are. Computed from the aggregates, so the same from every source.
/// </summary>
/// <param name="Pages">Pages with at least one step.</param>
/// <param name="Edges">Pairs of different pages visited one right after the other (self-loops left out).</param>
/// <param name="TopEdgeShare">The share of those transitions on the top tenth of edges (ceil(0.1 x edges) with the most transitions).</param>
/// <param name="TrafficGini">The Gini coefficient of the steps per page: 0 when every page has as many, towards 1 when one has all.</param>
/// <param name="Clustering">The average clustering coefficient of the undirected graph (pages with fewer than two neighbours count 0).</param>
public sealed record GraphHealth(int Pages, int Edges, double TopEdgeShare, double TrafficGini, double Clustering)
{
    /// <summary>Fewer edges than this: the top tenth is a single edge or none, and its share says little.</summary>
    public const int MeaningfulEdges = 10;

    /// <summary>Fewer pages than this: a Gini coefficient or a clustering coefficient of so few says little.</summary>
    public const int MeaningfulPages = 5;

    /// <summary>Whether the numbers describe a graph large enough for them to mean something.</summary>
    public bool IsMeaningful => Pages >= MeaningfulPages && Edges >= MeaningfulEdges;

    public static GraphHealth Compute(JourneyAggregates aggregates)
    {
        var traffic = new long[aggregates.Pages.Count];
        foreach (var p in aggregates.Pairs) traffic[p.Page] += p.Occurrences;
        var visited = traffic.Where(t => t > 0).ToArray();
        var edges = aggregates.PagePairs.Where(p => p.From != p.To).ToList();
        return new GraphHealth(visited.Length, edges.Count, TopShare(edges.Select(e => (long)e.Transitions).ToList()), Gini(visited),
            AverageClustering(aggregates.Pages.Count, edges.Select(e => (e.From, e.To))));
    }

    /// <summary>Each visited page's degree in the undirected simple graph: its distinct neighbours (self-loops left out).</summary>
    public static int[] Degrees(JourneyAggregates aggregates)
    {
        var neighbours = Neighbours(aggregates.Pages.Count, aggregates.PagePairs.Select(e => (e.From, e.To)));
        var visited = new bool[aggregates.Pages.Count];
        foreach (var p in aggregates.Pairs) visited[p.Page] |= p.Occurrences > 0;
        return [.. Enumerable.Range(0, neighbours.Length).Where(p => visited[p]).Select(p => neighbours[p].Count)];
    }

    /// <summary>The power-law fit of the degrees (<see cref="PowerLawFit"/>), in words: "a power law from degree 3, α 2.41 (p = 0.34)".</summary>
    public static string PowerLawText(PowerLawFit? fit) => fit is null
        ? $"too few pages (fewer than {PowerLawFit.MinValues}) or degrees to fit"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(fit.IsPowerLaw ? "a power law" : "not a power law")}: the best fit, from degree {fit.XMin} ({fit.TailSize} pages), α {fit.Alpha:0.00}, p = {fit.PValue:0.00}");

    /// <summary>Per page id, its distinct neighbours in the undirected simple graph of <paramref name="edges"/> (self-loops dropped).</summary>
    private static HashSet<int>[] Neighbours(int pages, IEnumerable<(int From, int To)> edges)
    {
        var neighbours = Enumerable.Range(0, pages).Select(_ => new HashSet<int>()).ToArray();
        foreach (var (from, to) in edges)
        {
            if (from == to) continue;
            neighbours[from].Add(to);
            neighbours[to].Add(from);
        }
        return neighbours;
    }

    /// <summary>The share of the total on the ceil(10 %) largest values (the ceiling in integers); 0 without values.</summary>
    public static double TopShare(IReadOnlyList<long> values)
    {
        var total = values.Sum();
        if (total == 0) return 0;
        var top = (values.Count + 9) / 10;
        return (double)values.OrderByDescending(v => v).Take(top).Sum() / total;
    }

    /// <summary>G = 2 Σ i x(i) / (n Σ x) − (n + 1) / n over the values sorted ascending, i from 1; 0 for fewer than two or a zero sum.</summary>
    public static double Gini(IReadOnlyList<long> values)
    {
        var n = values.Count;
        var total = values.Sum();
        if (n < 2 || total == 0) return 0;
        var sorted = values.Order().ToArray();
        double weighted = 0;
        for (var i = 0; i < n; i++) weighted += (i + 1) * (double)sorted[i];
        return 2 * weighted / ((double)n * total) - (n + 1.0) / n;
    }

    /// <summary>
    /// The undirected simple graph of <paramref name="edges"/> (directions merged, self-loops dropped); per page with k ≥ 2
    /// neighbours, the links among them over k(k − 1)/2, and 0 for the others; the mean over all <paramref name="pages"/>
    /// pages that have a neighbour or not (as networkx's average_clustering counts them).
    /// </summary>
    public static double AverageClustering(int pages, IEnumerable<(int From, int To)> edges)
    {
        if (pages == 0) return 0;
        var neighbours = Neighbours(pages, edges);
        double sum = 0;
        foreach (var own in neighbours)
        {
            var k = own.Count;
            if (k < 2) continue;
            var list = own.ToArray();
            var links = 0;
            for (var i = 0; i < list.Length; i++)
                for (var j = i + 1; j < list.Length; j++)
                    if (neighbours[list[i]].Contains(list[j])) links++;
            sum += 2.0 * links / (k * (k - 1.0));
        }
        return sum / pages;
    }
}
