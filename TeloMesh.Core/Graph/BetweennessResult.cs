namespace TeloMesh.Core.Graph;

/// <summary>Betweenness per page id, each in [0, 1], and how it was obtained: exactly, or estimated with a bound.</summary>
public sealed record BetweennessResult(double[] Values, BetweennessEstimate? Estimate)
{
    public bool IsEstimate => Estimate is not null;
}

/// <summary>
/// How an estimated betweenness was made: from <see cref="Sources"/> of <see cref="Pages"/> source pages, and every
/// page's value lies within <see cref="ErrorBound"/> (on the 0 to 1 scale of the top page) of the exact value with
/// probability at least <see cref="Confidence"/>, for all pages at once.
/// </summary>
public sealed record BetweennessEstimate(int Sources, int Pages, double ErrorBound, double Confidence);
