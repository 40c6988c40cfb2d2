namespace TeloMesh.Core.Friction;

/// <summary>A session that passed two or more chokepoint steps (repeated steps count each time).</summary>
public sealed record FragileFlow(string SessionId, string UserId, IReadOnlyList<FlowStep> Steps)
{
    public int ChokepointCount => Steps.Count(s => s.IsChokepoint);
    public double TotalScore => Steps.Sum(s => s.Score);
}

/// <summary>One step of a fragile flow with its pair's friction score.</summary>
public sealed record FlowStep(int StepIndex, string Page, string Event, long TimestampTicks, double Score, bool IsChokepoint);
