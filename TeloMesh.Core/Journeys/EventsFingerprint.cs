namespace TeloMesh.Core.Journeys;

/// <summary>
/// What a set of events sums up to: their number and the sum (modulo 2^64) of a 64-bit hash of each event's user, time,
/// page, event and session id. Any change to the events changes it, but for a chance of 1 in 2^64; sums of disjoint
/// parts (shards) add up.
/// </summary>
public readonly record struct EventsFingerprint(long Events, ulong Hash)
{
    public static EventsFingerprint operator +(EventsFingerprint a, EventsFingerprint b) => new(a.Events + b.Events, unchecked(a.Hash + b.Hash));
}
