using System.Collections;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Journeys;

/// <summary>A session that passed two or more chokepoint steps (repeated steps count each time).</summary>
public sealed record FragileFlow
{
    public FragileFlow(string sessionId, string userId, IReadOnlyList<FlowStep> steps)
        : this(sessionId, userId, steps, steps.Count(s => s.IsChokepoint), steps.Sum(s => s.Score))
    {
    }

    internal FragileFlow(string sessionId, string userId, IReadOnlyList<FlowStep> steps, int chokepointCount, double totalScore)
    {
        SessionId = sessionId;
        UserId = userId;
        Steps = steps;
        ChokepointCount = chokepointCount;
        TotalScore = totalScore;
    }

    public string SessionId { get; }
    public string UserId { get; }
    public IReadOnlyList<FlowStep> Steps { get; }
    public int ChokepointCount { get; }

    /// <summary>The sum of the steps' scores, in step order.</summary>
    public double TotalScore { get; }
}

/// <summary>One step of a fragile flow with its pair's friction score.</summary>
public sealed record FlowStep(int StepIndex, string Page, string Event, long TimestampTicks, double Score, bool IsChokepoint);

/// <summary>
/// The steps of one session as <see cref="FlowStep"/>s, made when read: ten million events have hundreds of thousands
/// of fragile flows, and building every step up front took most of a re-analysis.
/// </summary>
internal sealed class SessionFlowSteps(SessionSet sessions, int session, int[] stepPair, double[] scores, bool[] isChokepoint) : IReadOnlyList<FlowStep>
{
    private readonly int _start = sessions.StepOffsets[session];

    public int Count => sessions.StepOffsets[session + 1] - _start;

    public FlowStep this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var k = _start + index;
            var row = sessions.AllSteps[k];
            var pair = stepPair[k];
            var events = sessions.Events;
            return new FlowStep(index, events.Pages[events.PageIds[row]], events.Events[events.EventIds[row]], events.Ticks[row], scores[pair], isChokepoint[pair]);
        }
    }

    public IEnumerator<FlowStep> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
