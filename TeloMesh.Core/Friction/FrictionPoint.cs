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

    /// <summary>The low end of the exit rate's 95 % Wilson interval (docs/metrics.md section 8).</summary>
    public double ExitRateLow { get; init; }

    /// <summary>The high end of the exit rate's 95 % Wilson interval.</summary>
    public double ExitRateHigh { get; init; }

    /// <summary>The cautious score: <see cref="ExitRateLow"/> x betweenness, what the score is at least, at 95 %.</summary>
    public double ScoreLow { get; init; }

    /// <summary>Seen fewer than <see cref="WilsonInterval.FewObservations"/> times: its rate is a rough guess.</summary>
    public bool FewObservations => Occurrences < WilsonInterval.FewObservations;

    /// <summary>With goals: the pair's sessions, conversions and projected gain; null without goals.</summary>
    public PairGoalNumbers? Goal { get; init; }

    /// <summary>Whether the pair is a goal (its page is a goal page or its event a goal event).</summary>
    public bool IsGoal => Goal?.IsGoal == true;
}

/// <summary>
/// What goals add to a pair (docs/metrics.md section 8).
/// </summary>
/// <param name="IsGoal">Its steps are goal steps.</param>
/// <param name="Sessions">Sessions with at least one step of the pair.</param>
/// <param name="Conversions">Of those, the sessions that convert.</param>
/// <param name="ProjectedGain">Extra conversions per 1,000 sessions if the reduction's share of the sessions ending here went on
/// like the others; NaN when not computed (large chains: only the chokepoints and the pairs with the most exits are).</param>
/// <param name="ProjectedConversions">The same as a number of conversions over all the dataset's sessions.</param>
public sealed record PairGoalNumbers(bool IsGoal, int Sessions, int Conversions, double ProjectedGain, double ProjectedConversions)
{
    /// <summary>Conversions / sessions.</summary>
    public double ConversionRate => Sessions == 0 ? 0 : (double)Conversions / Sessions;

    /// <summary>Whether <see cref="ProjectedGain"/> was computed.</summary>
    public bool HasGain => !double.IsNaN(ProjectedGain);
}
