namespace TeloMesh.Core.Journeys;

/// <summary>
/// The options sessions and their counts are made with (later: goals, grouping rules, a slice): aggregates made with
/// an equal key are used again (<see cref="IJourneySource.StillDescribesAsync"/>).
/// </summary>
public readonly record struct AggregationKey(TimeSpan SessionGap);
