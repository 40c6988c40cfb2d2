using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Friction;

/// <summary>
/// Computes the friction report (SPEC.md section 4) from sessions and the betweenness of each page.
/// </summary>
public static class FrictionAnalyzer
{
    /// <param name="betweenness">Per page id, as <see cref="Betweenness.Compute(JourneyGraph, BetweennessMode, CompatMode)"/> returns it.</param>
    /// <param name="percentile">The chokepoint percentile, 0.9 by SPEC.md.</param>
    public static FrictionReport Analyze(SessionSet sessions, double[] betweenness, CompatMode mode = CompatMode.Default,
        double percentile = 0.9) =>
        Analyze(FrictionCounts.Count(sessions), betweenness, mode, percentile);

    /// <summary>
    /// Scores counts made once per set of sessions: re-scoring with another betweenness or percentile skips the pass
    /// over every step.
    /// </summary>
    public static FrictionReport Analyze(FrictionCounts counts, double[] betweenness, CompatMode mode = CompatMode.Default,
        double percentile = 0.9)
    {
        var sessions = counts.Sessions;
        var events = sessions.Events;
        var userIds = events.UserIds;
        var stepPair = counts.StepPair;
        var offsets = sessions.StepOffsets;
        var allSteps = sessions.AllSteps;
        var scored = Score(counts.Pairs, counts.Occurrences, counts.Exits, counts.UniqueUsersLost, events.Pages, events.Events,
            betweenness, mode, percentile);

        var flows = FragileFlows(sessions, stepPair, scored.Scores, scored.IsChokepoint);
        var lostAtChokepoints = new HashSet<int>();
        var sessionsLostAtChokepoints = 0;
        for (var s = 0; s < sessions.Count; s++)
        {
            var last = offsets[s + 1] - 1;
            if (!scored.IsChokepoint[stepPair[last]]) continue;
            sessionsLostAtChokepoints++;
            lostAtChokepoints.Add(userIds[allSteps[last]]);
        }
        return scored.Complete(flows, sessionsLostAtChokepoints, lostAtChokepoints.Count);
    }

    /// <summary>
    /// Scores (page, event) pairs counted elsewhere (in process or by a warehouse query): exit rates, scores, the
    /// chokepoint threshold and the node map. The pairs must be in order of first occurrence (sessions in code point
    /// order of their ids, then steps), as <see cref="FrictionCounts.Pairs"/> are, so the averages add up in the same
    /// order and come out bit for bit the same.
    /// </summary>
    public static FrictionScores Score(IReadOnlyList<(int Page, int Event)> pairs, IReadOnlyList<int> occurrences, IReadOnlyList<int> exits,
        IReadOnlyList<int> uniqueLost, Events.StringPool pages, Events.StringPool events, double[] betweenness,
        CompatMode mode = CompatMode.Default, double percentile = 0.9)
    {
        var scores = new double[pairs.Count];
        var rates = new double[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            rates[p] = (double)exits[p] / occurrences[p];
            scores[p] = rates[p] * betweenness[pairs[p].Page];
        }

        var threshold = Threshold(scores, mode, percentile);
        var isChokepoint = new bool[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
            isChokepoint[p] = !double.IsNaN(threshold) && scores[p] >= threshold && (mode == CompatMode.TeloMesh || scores[p] > 0);

        var points = new FrictionPoint[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            var (page, evt) = pairs[p];
            points[p] = new FrictionPoint(pages[page], events[evt], occurrences[p], exits[p], rates[p],
                uniqueLost[p], betweenness[page], scores[p], isChokepoint[p]);
        }
        Array.Sort(points, CompareRows);

        var nodeMap = new SortedDictionary<string, double>(CodePointComparer.Instance);
        foreach (var point in points)
            if (!nodeMap.TryGetValue(point.Page, out var best) || point.Score > best)
                nodeMap[point.Page] = point.Score;
        return new FrictionScores(points, threshold, scores, isChokepoint, nodeMap,
            rates.Length == 0 ? 0 : rates.Average(), scores.Length == 0 ? 0 : scores.Average());
    }

    /// <summary>
    /// By default the percentile of the non-zero scores (a page nobody leaves is not friction, and a threshold of zero
    /// would make every pair a chokepoint); in compatibility mode the percentile of all scores, zeros included.
    /// NaN when there are no scores to take it from, which means no chokepoints.
    /// </summary>
    private static double Threshold(double[] scores, CompatMode mode, double percentile) =>
        Percentile.Linear(mode == CompatMode.TeloMesh ? scores : scores.Where(s => s > 0), percentile);

    /// <summary>Score descending, then page, then event in code point order.</summary>
    private static int CompareRows(FrictionPoint a, FrictionPoint b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0) return byScore;
        var byPage = CodePointComparer.Instance.Compare(a.Page, b.Page);
        return byPage != 0 ? byPage : CodePointComparer.Instance.Compare(a.Event, b.Event);
    }

    private static List<FragileFlow> FragileFlows(SessionSet sessions, int[] stepPair, double[] scores, bool[] isChokepoint)
    {
        var events = sessions.Events;
        var flows = new List<FragileFlow>();
        var offsets = sessions.StepOffsets;
        for (var s = 0; s < sessions.Count; s++)
        {
            var count = 0;
            var total = 0.0;
            for (var k = offsets[s]; k < offsets[s + 1]; k++)
            {
                var p = stepPair[k];
                if (isChokepoint[p]) count++;
                total += scores[p];
            }
            if (count < 2) continue;
            flows.Add(new FragileFlow(sessions.Ids[s], events.Users[sessions.Users[s]],
                new SessionFlowSteps(sessions, s, stepPair, scores, isChokepoint), count, total));
        }
        return flows;
    }
}
