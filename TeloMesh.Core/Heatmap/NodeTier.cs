namespace TeloMesh.Core.Heatmap;

/// <summary>How a page is coloured on the flow heatmap.</summary>
public enum NodeTier
{
    /// <summary>Among the top 10 % of pages by friction score (red).</summary>
    Top10,

    /// <summary>Among the top 20 % but not the top 10 % (orange).</summary>
    Top20,

    /// <summary>Among the top 50 % but not the top 20 % (olive), as the original TeloMesh's third tier.</summary>
    Top50,

    /// <summary>Everything else (grey).</summary>
    Rest,
}

/// <summary>
/// Ranks pages by their node-map score (their worst (page, event)). The top 10 % of pages (rounded up) are
/// <see cref="NodeTier.Top10"/>, the next up to 20 % <see cref="NodeTier.Top20"/>, the next up to 50 % <see cref="NodeTier.Top50"/>.
/// A page whose score is zero is never
/// in a top tier: with nothing to fix there, red would mislead. Ties with the last page of a tier join it.
/// </summary>
public static class NodeTiers
{
    public static IReadOnlyDictionary<string, NodeTier> Assign(IReadOnlyDictionary<string, double> nodeMap)
    {
        var ranked = nodeMap.OrderByDescending(p => p.Value).ThenBy(p => p.Key, Text.CodePointComparer.Instance).ToList();
        var top10 = (int)Math.Ceiling(ranked.Count * 0.1);
        var top20 = (int)Math.Ceiling(ranked.Count * 0.2);
        var top50 = (ranked.Count + 1) / 2;
        double Cut(int count) => count == 0 ? double.PositiveInfinity : ranked[count - 1].Value;
        var cut10 = Cut(top10);
        var cut20 = Cut(top20);
        var cut50 = Cut(top50);
        return ranked.ToDictionary(p => p.Key, p =>
            p.Value <= 0 ? NodeTier.Rest
            : p.Value >= cut10 ? NodeTier.Top10
            : p.Value >= cut20 ? NodeTier.Top20
            : p.Value >= cut50 ? NodeTier.Top50
            : NodeTier.Rest);
    }
}
