using System.Globalization;

namespace TeloMesh.Core.Metrics;

/// <summary>
/// Journey resilience, the percolation curve (docs/metrics.md section 14): pages removed one by one in order of betweenness
/// (highest first, ties in code point order of names), and after each removal the share of sessions whose journey is left
/// intact (none of its steps on a removed page). Made from, per page of the order, the sessions whose first page in that
/// order it is (<see cref="Journeys.IJourneySource.FirstRemovedAsync"/>): removing it breaks exactly those.
/// </summary>
/// <param name="Order">The pages in order of removal.</param>
/// <param name="Breaks">Per page of <see cref="Order"/>, the sessions its removal breaks (those not broken by an earlier one).</param>
/// <param name="Sessions">All sessions.</param>
public sealed record Resilience(IReadOnlyList<string> Order, IReadOnlyList<long> Breaks, long Sessions)
{
    /// <summary>The resilience of an analysis's graph: its pages removed by <paramref name="betweenness"/>, the sessions counted by <paramref name="source"/>.</summary>
    public static async Task<Resilience> Of(Graph.JourneyGraph graph, IReadOnlyList<double> betweenness, Journeys.JourneyAggregates aggregates,
        Journeys.IJourneySource source, CancellationToken cancellationToken = default)
    {
        var order = RemovalOrder([.. graph.NodeOrder.Select(n => (graph.Pages[n], betweenness[n]))]);
        var counts = await source.FirstRemovedAsync(aggregates, order, cancellationToken).ConfigureAwait(false);
        return new Resilience(order, counts[..order.Count], aggregates.Sessions);
    }

    /// <summary>The order of removal: by betweenness, highest first, ties in code point order.</summary>
    public static IReadOnlyList<string> RemovalOrder(IReadOnlyList<(string Page, double Betweenness)> pages) =>
        [.. pages.OrderByDescending(p => p.Betweenness).ThenBy(p => p.Page, Text.CodePointComparer.Instance).Select(p => p.Page)];

    /// <summary>The share of sessions intact after removing the first <paramref name="removed"/> pages (1 for none).</summary>
    public double Intact(int removed) => Sessions == 0 ? 1 : 1 - (double)Breaks.Take(removed).Sum() / Sessions;

    /// <summary>The curve: (pages removed, share intact) from 0 to every page.</summary>
    public IReadOnlyList<(int Removed, double Intact)> Curve => [.. Enumerable.Range(0, Order.Count + 1).Select(k => (k, Intact(k)))];

    /// <summary>The <paramref name="count"/> pages whose removal breaks the most sessions (ties in removal order), none that breaks none.</summary>
    public IReadOnlyList<(string Page, long Breaks)> Critical(int count) =>
        [.. Order.Select((p, i) => (Page: p, Breaks: Breaks[i], Index: i)).Where(p => p.Breaks > 0).OrderByDescending(p => p.Breaks).ThenBy(p => p.Index).Take(count)
            .Select(p => (p.Page, p.Breaks))];

    /// <summary>"without the top 1, 3 and 5 pages by betweenness, 62.0 %, 40.0 % and 21.0 % of sessions keep their journey".</summary>
    public string Summary()
    {
        var ks = new[] { 1, 3, 5 }.Where(k => k <= Order.Count).ToArray();
        if (ks.Length == 0) return "no page to remove";
        var c = CultureInfo.InvariantCulture;
        return string.Create(c, $"without the top {string.Join(", ", ks)} pages by betweenness, ") +
            string.Join(", ", ks.Select(k => Intact(k).ToString("0.0 %", c))) + " of sessions keep their journey";
    }
}
