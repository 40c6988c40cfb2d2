namespace TeloMesh.Core.Journeys;

/// <summary>
/// In how many sessions page <see cref="Page"/> (an id of <see cref="JourneyAggregates.Pages"/>) is first reached at step
/// <see cref="Step"/>, for the heatmap's funnel layout (docs/metrics.md section 10, "Funnel"): steps are counted from 1 at
/// the session's first step, consecutive steps on the same page are one step (as the paths collapse repeats), and every
/// step from <see cref="FunnelSteps.MaxStep"/> on counts as <see cref="FunnelSteps.MaxStep"/>.
/// </summary>
public readonly record struct PageStepCount(int Page, int Step, int Sessions);

/// <summary>A <see cref="PageStepCount"/> as a warehouse returns it, by page name.</summary>
public sealed record PageStepRow(string Page, int Step, int Sessions);

/// <summary>Where pages sit in a funnel: each page's typical step from the session's start.</summary>
public static class FunnelSteps
{
    /// <summary>Steps are counted up to this one; later first visits count as this step ("20 or later").</summary>
    public const int MaxStep = 20;

    /// <summary>
    /// Per page id, its typical step: the lower median of the steps at which its sessions first reach it (the smallest
    /// step s such that at least half of those sessions reach the page at s or before). A whole step, so it is exact from
    /// counts that add up over shards; 0 for a page without counts.
    /// </summary>
    public static int[] Typical(JourneyAggregates aggregates)
    {
        var typical = new int[aggregates.Pages.Count];
        foreach (var page in aggregates.PageSteps.GroupBy(c => c.Page))
        {
            var sessions = page.Sum(c => (long)c.Sessions);
            long reached = 0;
            foreach (var count in page.OrderBy(c => c.Step))
            {
                reached += count.Sessions;
                if (2 * reached < sessions) continue;
                typical[page.Key] = count.Step;
                break;
            }
        }
        return typical;
    }

    /// <summary>The step a session's <paramref name="visit"/>-th page counts at: <see cref="MaxStep"/> at most.</summary>
    internal static int Capped(int visit) => Math.Min(visit, MaxStep);
}
