namespace TeloMesh.Core.Friction;

/// <summary>
/// The friction numbers of one (page, event) pair (docs/metrics.md section 4).
/// </summary>
/// <param name="Occurrences">Steps with this pair, in all sessions.</param>
/// <param name="Exits">Sessions whose last step is this pair.</param>
/// <param name="ExitRate">Exits / occurrences, in [0, 1].</param>
/// <param name="UniqueUsersLost">Distinct users with at least one session ending on this pair.</param>
/// <param name="Betweenness">The page's betweenness, scaled so the top page is 1.</param>
/// <param name="Score">The WSJF friction score: exit rate x betweenness.</param>
/// <param name="IsChokepoint">Whether the score is at or above the chokepoint threshold (and, by default, above zero).</param>
public sealed record FrictionPoint(
    string Page,
    string Event,
    int Occurrences,
    int Exits,
    double ExitRate,
    int UniqueUsersLost,
    double Betweenness,
    double Score,
    bool IsChokepoint)
{
    /// <summary>Sessions lost here: equal to <see cref="Exits"/>; the name is kept for compatibility with the original.</summary>
    public int UsersLost => Exits;
}
