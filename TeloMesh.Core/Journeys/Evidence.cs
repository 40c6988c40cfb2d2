using TeloMesh.Core.Text;

namespace TeloMesh.Core.Journeys;

/// <summary>
/// Sessions that pass one (page, event) pair, to show a team what a chokepoint looks like from the inside
/// (docs/metrics.md section 15): how many sessions pass it, how many end there, and the steps of the first
/// <see cref="DefaultCount"/> of them, those that end there first, each group in code point order of session id.
/// </summary>
/// <param name="SessionsThrough">Sessions with a step on the pair.</param>
/// <param name="EndedThere">Of those, sessions whose last step is on the pair.</param>
/// <param name="Sessions">The sessions shown, in order.</param>
public sealed record EvidenceSample(int SessionsThrough, int EndedThere, IReadOnlyList<EvidenceSession> Sessions)
{
    /// <summary>How many sessions an evidence file shows.</summary>
    public const int DefaultCount = 20;

    /// <summary>
    /// The first <paramref name="count"/> of <paramref name="candidates"/> in evidence order (ended there first, then by
    /// session id in code point order); every source picks its sessions with this, so all pick the same.
    /// </summary>
    public static IReadOnlyList<T> First<T>(IEnumerable<T> candidates, Func<T, bool> endedThere, Func<T, string> sessionId, int count) =>
        [.. candidates.OrderByDescending(endedThere).ThenBy(sessionId, CodePointComparer.Instance).Take(count)];
}

/// <summary>A session of an evidence sample: its id, its user (of its first step), whether it ended on the pair, and its steps.</summary>
public sealed record EvidenceSession(string SessionId, string UserId, bool EndedThere, IReadOnlyList<EvidenceStep> Steps);

/// <summary>A step of an evidence session: its position from 0, its time (ticks, UTC), page and event.</summary>
public sealed record EvidenceStep(int Step, long Ticks, string Page, string Event);
