using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Journeys;

/// <summary>
/// The sessions behind a <see cref="JourneyAggregates"/>, as the source that made it left them: in memory for a file
/// (<see cref="LocalSequences"/>), or what a warehouse source keeps to ask its table again. The questions counts cannot
/// answer (which sessions pass two or more chokepoints, known only once the scores are; later the paths of a page) go to
/// the source (<see cref="IJourneySource.FragileFlowsAsync"/>), which holds the live connection; this holds no
/// connection, so aggregates can be kept and reused after the connection that made them is closed.
/// </summary>
public interface ISessionSequences
{
    /// <summary>
    /// The sessions in memory when the events were read in process; null when they stay where they live (a warehouse),
    /// so <c>session_flows.csv</c>, one row per event, is not written.
    /// </summary>
    SessionSet? Local { get; }

    /// <summary>Aggregates made without sessions (a test's hand-made counts).</summary>
    public static ISessionSequences None { get; } = new NoSequences();

    private sealed class NoSequences : ISessionSequences
    {
        public SessionSet? Local => null;
    }
}

/// <summary>What <see cref="IJourneySource.FragileFlowsAsync"/> found.</summary>
/// <param name="Count">Every fragile flow, whether or not its steps came back.</param>
/// <param name="Flows">The flows with their steps, in code point order of session ids: all of them from memory, the first
/// up to a source's limit from a warehouse.</param>
/// <param name="SessionsLostAtChokepoints">Sessions whose last step is a chokepoint pair.</param>
/// <param name="UsersLostAtChokepoints">Distinct users with at least one such session.</param>
public sealed record FragileFlowSet(int Count, IReadOnlyList<FragileFlow> Flows, int SessionsLostAtChokepoints, int UsersLostAtChokepoints)
{
    public static FragileFlowSet Empty { get; } = new(0, [], 0, 0);
}

/// <summary>Per pair of <see cref="JourneyAggregates.Pairs"/> (same index), its friction score and whether it is a chokepoint.</summary>
public sealed record ChokepointMarks(double[] Scores, bool[] IsChokepoint)
{
    /// <summary>The chokepoint pairs by name, in pair order.</summary>
    public List<(string Page, string Event)> Chokepoints(JourneyAggregates aggregates)
    {
        var chokepoints = new List<(string Page, string Event)>();
        for (var p = 0; p < IsChokepoint.Length; p++)
            if (IsChokepoint[p]) chokepoints.Add((aggregates.Pages[aggregates.Pairs[p].Page], aggregates.Events[aggregates.Pairs[p].Event]));
        return chokepoints;
    }
}
