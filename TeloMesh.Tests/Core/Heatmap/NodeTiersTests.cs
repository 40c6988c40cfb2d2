using TeloMesh.Core.Heatmap;

namespace TeloMesh.Tests.Core.Heatmap;

/// <summary>
/// Tiers by rank (NodeTiers' XML docs): the top 10 % of pages, rounded up, are Top10; the top 20 %, rounded up, minus
/// those are Top20; the top 50 %, rounded up, minus those are Top50; ties with the last page of a tier join it; a zero
/// score is never in a top tier.
/// </summary>
public class NodeTiersTests
{
    private const NodeTier T10 = NodeTier.Top10, T20 = NodeTier.Top20, T50 = NodeTier.Top50, Rest = NodeTier.Rest;

    /// <summary>The tiers of pages p01, p02, ... given the scores in that order.</summary>
    private static NodeTier[] Tiers(params double[] scores)
    {
        var map = scores.Select((s, i) => (Page: $"p{i + 1:00}", Score: s)).ToDictionary(p => p.Page, p => p.Score);
        var tiers = NodeTiers.Assign(map);
        Assert.Equal(scores.Length, tiers.Count);
        return [.. Enumerable.Range(1, scores.Length).Select(i => tiers[$"p{i:00}"])];
    }

    private static NodeTier[] Repeat(NodeTier tier, int count) => [.. Enumerable.Repeat(tier, count)];

    /// <summary>n distinct scores n/n, (n-1)/n, ..., 1/n: page p01 has the highest.</summary>
    private static double[] Descending(int n) => [.. Enumerable.Range(0, n).Select(i => (double)(n - i) / n)];

    [Fact]
    public void Empty_map_has_no_tiers() => Assert.Empty(NodeTiers.Assign(new Dictionary<string, double>()));

    [Fact]
    public void Ten_pages_with_distinct_scores_give_one_top10_one_top20_three_top50_and_five_rest()
    {
        // 10 pages: top 10 % = ceil(1.0) = 1 page (p01); top 20 % = ceil(2.0) = 2 pages, so p02 is Top20; top 50 % = 5
        // pages, so p03-p05 are Top50; 5 left.
        Assert.Equal([T10, T20, T50, T50, T50, .. Repeat(Rest, 5)], Tiers(Descending(10)));
    }

    [Fact]
    public void Twenty_pages_with_distinct_scores_give_two_top10_and_two_top20()
    {
        // 20 pages: top 10 % = 2 pages (p01, p02); top 20 % = 4 pages, so p03 and p04 are Top20; top 50 % = 10 pages, so
        // p05-p10 are Top50; 10 left.
        Assert.Equal([T10, T10, T20, T20, .. Repeat(T50, 6), .. Repeat(Rest, 10)], Tiers(Descending(20)));
    }

    [Fact]
    public void Tier_sizes_round_up()
    {
        // 11 pages: ceil(1.1) = 2 Top10, ceil(2.2) = 3 in the top 20 %, so 1 Top20; ceil(5.5) = 6 in the top 50 %, so 3
        // Top50 and 5 Rest.
        Assert.Equal([T10, T10, T20, T50, T50, T50, .. Repeat(Rest, 5)], Tiers(Descending(11)));
        // 3 pages: ceil(0.3) = 1 Top10, ceil(0.6) = 1 in the top 20 %, so no Top20; ceil(1.5) = 2 in the top 50 %.
        Assert.Equal([T10, T50, Rest], Tiers(Descending(3)));
        // 1 page with a score above zero: ceil(0.1) = 1, it is Top10.
        Assert.Equal([T10], Tiers(0.25));
    }

    [Fact]
    public void Rank_comes_from_the_score_not_from_the_map_order()
    {
        // Scores ascending 0.1 ... 1.0: p10 ranks first (Top10), p09 second (Top20), p08-p06 Top50.
        var ascending = Enumerable.Range(1, 10).Select(i => i / 10.0).ToArray();
        Assert.Equal([.. Repeat(Rest, 5), T50, T50, T50, T20, T10], Tiers(ascending));
    }

    [Fact]
    public void Ties_with_the_last_page_of_top20_join_it()
    {
        // 10 pages: Top10 = rank 1 (0.9). Top 20 % = 2 pages, the second scores 0.8; p03 and p04 tie with it and join.
        // Top 50 % = 5 pages, the fifth scores 0.5: p05 alone is Top50.
        Assert.Equal([T10, T20, T20, T20, T50, .. Repeat(Rest, 5)], Tiers(0.9, 0.8, 0.8, 0.8, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05));
    }

    [Fact]
    public void Ties_with_the_last_page_of_top10_join_it()
    {
        // 10 pages: Top10 = rank 1 (0.9); p02 and p03 tie with it and are Top10 too. The top 20 % (2 pages) are both
        // already Top10, so nothing is Top20: 0.5 is below the second page's 0.9. The top 50 % (5 pages) end at 0.4:
        // p04 and p05 are Top50.
        Assert.Equal([T10, T10, T10, T50, T50, .. Repeat(Rest, 5)], Tiers(0.9, 0.9, 0.9, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01));
    }

    [Fact]
    public void Zero_scores_are_never_in_a_top_tier()
    {
        // p02 ranks second of 10 (inside the top 20 %) but scores 0: Rest.
        Assert.Equal([T10, .. Repeat(Rest, 9)], Tiers([0.7, .. new double[9]]));
        // All zero: every page ties with the first, yet none is coloured.
        Assert.Equal(Repeat(Rest, 10), Tiers(new double[10]));
        Assert.Equal([Rest], Tiers(0.0));
    }

    [Fact]
    public void Tiny_default_case_has_cart_and_product_top10_by_the_tie()
    {
        var result = HeatmapCases.Tiny();
        // Node map (docs/metrics.md, the tiny example): /cart 1/3, /product 1/3, the other 4 pages 0.
        var map = result.Friction.NodeMap;
        Assert.Equal(6, map.Count);
        Assert.Equal(1.0 / 3, map["/cart"], 12);
        Assert.Equal(1.0 / 3, map["/product"], 12);
        Assert.All(new[] { "/home", "/search", "/checkout", "/help" }, p => Assert.Equal(0.0, map[p]));

        // 6 pages: ceil(0.6) = 1 Top10 page, 1/3; /product (or /cart) ties with it and joins. ceil(1.2) = 2 in the top
        // 20 %, both Top10 already; ceil(3) = 3 in the top 50 %, but the third scores 0; the rest score 0, so Rest.
        var tiers = NodeTiers.Assign(map);
        Assert.Equal(T10, tiers["/cart"]);
        Assert.Equal(T10, tiers["/product"]);
        Assert.Equal(4, tiers.Values.Count(t => t == Rest));
        Assert.DoesNotContain(T20, tiers.Values);
        Assert.DoesNotContain(T50, tiers.Values);
    }
}
