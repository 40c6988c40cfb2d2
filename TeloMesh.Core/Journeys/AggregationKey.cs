namespace TeloMesh.Core.Journeys;

/// <summary>
/// The options sessions and their counts are made with (later: grouping rules, a slice): aggregates made with an equal
/// key are used again (<see cref="IJourneySource.StillDescribesAsync"/>). Goals change which sessions lose someone and
/// the chain of states to the goal, so they are part of it; the sessions themselves depend only on the gap.
/// </summary>
public readonly record struct AggregationKey(TimeSpan SessionGap, GoalSet? Goals = null)
{
    /// <summary>The goals (none unless given).</summary>
    public GoalSet Goals { get; init; } = Goals ?? GoalSet.None;
}
