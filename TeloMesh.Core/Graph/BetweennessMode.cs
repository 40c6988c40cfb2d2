namespace TeloMesh.Core.Graph;

/// <summary>The length given to each edge when betweenness looks for shortest paths (docs/metrics.md section 4).</summary>
public enum BetweennessMode
{
    /// <summary>
    /// Length = -ln(p) + 1e-9, p = weight(u->v) / total outgoing weight of u (self-loops included in the total).
    /// Shortest paths are the most probable routes; the 1e-9 keeps a certain step (p = 1) from being free.
    /// The default, because it is the only mode in which a frequent transition makes a route more likely.
    /// </summary>
    Probability,

    /// <summary>Every edge has length 1: structure only, traffic ignored.</summary>
    Hops,

    /// <summary>Length = weight, as the original did (frequent transitions count as long). Kept for comparison.</summary>
    Reference,
}
