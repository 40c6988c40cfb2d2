namespace TeloMesh.Core.Graph;

/// <summary>
/// A transition between two pages, aggregated: how many times it happened (<see cref="Weight"/>), its
/// <see cref="Event"/> (the most frequent event of the destination step, ties to the first seen), and the count of
/// every event seen on it (<see cref="EventCounts"/>, in first-seen order; the multigraph view).
/// </summary>
public sealed record JourneyEdge(int From, int To, int Weight, int Event, IReadOnlyList<EdgeEventCount> EventCounts)
{
    public bool IsSelfLoop => From == To;
}

/// <summary>How many transitions of an edge carried an event.</summary>
public readonly record struct EdgeEventCount(int Event, int Count);
