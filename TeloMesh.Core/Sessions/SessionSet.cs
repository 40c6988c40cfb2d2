using TeloMesh.Core.Events;

namespace TeloMesh.Core.Sessions;

/// <summary>
/// The sessions of a dataset, in ordinal (code point) order of their ids. Steps are stored flat: the steps of session
/// <c>s</c> are <c>StepRows[StepOffsets[s]..StepOffsets[s+1]]</c>, each the row index of an event in <see cref="Events"/>,
/// in step order (step_index 0 first).
/// </summary>
public sealed class SessionSet
{
    internal SessionSet(EventTable events, string[] ids, int[] users, int[] stepOffsets, int[] stepRows)
    {
        Events = events;
        Ids = ids;
        _users = users;
        _stepOffsets = stepOffsets;
        _stepRows = stepRows;
    }

    private readonly int[] _users, _stepOffsets, _stepRows;

    public EventTable Events { get; }

    /// <summary>The session ids, in the order sessions are numbered here.</summary>
    public IReadOnlyList<string> Ids { get; }

    public int Count => Ids.Count;

    /// <summary>The user of each session: the user of its first step.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>The event rows of session <paramref name="session"/>, in step order.</summary>
    public ReadOnlySpan<int> Steps(int session) => _stepRows.AsSpan(_stepOffsets[session], _stepOffsets[session + 1] - _stepOffsets[session]);

    /// <summary>Every step of every session, session after session.</summary>
    public ReadOnlySpan<int> AllSteps => _stepRows;

    /// <summary>Where each session's steps start in <see cref="AllSteps"/>; one more entry than sessions.</summary>
    public ReadOnlySpan<int> StepOffsets => _stepOffsets;

    public int StepCount => _stepRows.Length;
}
