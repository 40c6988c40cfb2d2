namespace TeloMesh.Core.Sessions;

/// <summary>How events become sessions.</summary>
public sealed record SessionOptions
{
    /// <summary>
    /// A new session starts when the gap to the user's previous event is greater than this (docs/metrics.md section 2).
    /// 30 minutes is the industry default (Google Analytics, Amplitude, Mixpanel); exactly 30:00 stays in the session.
    /// </summary>
    public TimeSpan Gap { get; init; } = TimeSpan.FromMinutes(30);

    public static SessionOptions Default { get; } = new();
}
