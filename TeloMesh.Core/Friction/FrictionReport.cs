namespace TeloMesh.Core.Friction;

/// <summary>
/// The friction analysis of a dataset: every (page, event) pair sorted by score (descending, ties by page then event
/// in code point order), the chokepoint threshold, the fragile flows in session order and the node map.
/// </summary>
public sealed record FrictionReport(
    IReadOnlyList<FrictionPoint> Points,
    double ChokepointThreshold,
    IReadOnlyList<FragileFlow> FragileFlows,
    IReadOnlyDictionary<string, double> NodeMap)
{
    public IEnumerable<FrictionPoint> Chokepoints => Points.Where(p => p.IsChokepoint);
}
