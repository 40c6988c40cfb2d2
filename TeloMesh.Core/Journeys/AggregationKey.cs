namespace TeloMesh.Core.Journeys;

/// <summary>
/// The options sessions and their counts are made with: aggregates made with an equal key are
/// used again (<see cref="IJourneySource.StillDescribesAsync"/>). Goals change which sessions lose someone and the chain
/// of states to the goal, so they are part of it; the sessions themselves depend only on the gap. A filter keeps only
/// the sessions of one slice (docs/metrics.md section 9: by their first step), for a view of, say, mobile only. Grouping
/// rules (section 11) rename the pages before anything is counted.
/// </summary>
public readonly record struct AggregationKey(TimeSpan SessionGap, GoalSet? Goals = null, Slice? Filter = null, Grouping.PageRules? PageRules = null)
{
    /// <summary>The grouping rules the pages are renamed with (none unless given).</summary>
    public Grouping.PageRules PageRules { get; init; } = PageRules ?? Grouping.PageRules.None;

    /// <summary>The goals (none unless given).</summary>
    public GoalSet Goals { get; init; } = Goals ?? GoalSet.None;

    /// <summary>The sessions kept: a time window and/or a segment value of their first step (all unless given).</summary>
    public Slice Filter { get; init; } = Filter ?? Slice.All;
}
