using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Friction;

/// <summary>
/// Computes the friction report (SPEC.md section 4) from sessions and the betweenness of each page.
/// </summary>
public static class FrictionAnalyzer
{
    /// <param name="betweenness">Per page id, as <see cref="Betweenness.Compute"/> returns it.</param>
    /// <param name="percentile">The chokepoint percentile, 0.9 by SPEC.md.</param>
    public static FrictionReport Analyze(SessionSet sessions, double[] betweenness, CompatMode mode = CompatMode.Default,
        double percentile = 0.9)
    {
        var events = sessions.Events;
        var pageIds = events.PageIds;
        var eventIds = events.EventIds;
        var userIds = events.UserIds;

        // Count occurrences and exits per (page, event) pair.
        var pairIndex = new Dictionary<long, int>(Text.PairKeyComparer.Instance);
        var pairs = new List<(int Page, int Event)>();
        var occurrences = new List<int>();
        var exits = new List<int>();
        var lostUsers = new HashSet<long>(Text.PairKeyComparer.Instance);
        var stepPair = new int[sessions.StepCount];
        var allSteps = sessions.AllSteps;
        for (var k = 0; k < allSteps.Length; k++)
        {
            var row = allSteps[k];
            var key = ((long)pageIds[row] << 32) | (uint)eventIds[row];
            if (!pairIndex.TryGetValue(key, out var p))
            {
                p = pairs.Count;
                pairIndex.Add(key, p);
                pairs.Add((pageIds[row], eventIds[row]));
                occurrences.Add(0);
                exits.Add(0);
            }
            occurrences[p]++;
            stepPair[k] = p;
        }
        var offsets = sessions.StepOffsets;
        for (var s = 0; s < sessions.Count; s++)
        {
            var last = offsets[s + 1] - 1;
            var p = stepPair[last];
            exits[p]++;
            lostUsers.Add(((long)p << 32) | (uint)userIds[allSteps[last]]);
        }
        var uniqueLost = new int[pairs.Count];
        foreach (var key in lostUsers) uniqueLost[(int)(key >> 32)]++;

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
            points[p] = new FrictionPoint(events.Pages[page], events.Events[evt], occurrences[p], exits[p], rates[p],
                uniqueLost[p], betweenness[page], scores[p], isChokepoint[p]);
        }
        Array.Sort(points, CompareRows);

        var nodeMap = new SortedDictionary<string, double>(CodePointComparer.Instance);
        foreach (var point in points)
            if (!nodeMap.TryGetValue(point.Page, out var best) || point.Score > best)
                nodeMap[point.Page] = point.Score;

        var flows = FragileFlows(sessions, stepPair, scores, isChokepoint);
        var lostAtChokepoints = new HashSet<int>();
        var sessionsLostAtChokepoints = 0;
        for (var s = 0; s < sessions.Count; s++)
        {
            var last = offsets[s + 1] - 1;
            if (!isChokepoint[stepPair[last]]) continue;
            sessionsLostAtChokepoints++;
            lostAtChokepoints.Add(userIds[allSteps[last]]);
        }
        var summary = new FrictionSummary(sessionsLostAtChokepoints, lostAtChokepoints.Count,
            rates.Length == 0 ? 0 : rates.Average(), scores.Length == 0 ? 0 : scores.Average(), isChokepoint.Count(c => c));
        return new FrictionReport(points, threshold, flows, nodeMap) { Summary = summary };
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
        var allSteps = sessions.AllSteps;
        for (var s = 0; s < sessions.Count; s++)
        {
            var count = 0;
            for (var k = offsets[s]; k < offsets[s + 1]; k++)
                if (isChokepoint[stepPair[k]]) count++;
            if (count < 2) continue;
            var steps = new FlowStep[offsets[s + 1] - offsets[s]];
            for (var k = offsets[s]; k < offsets[s + 1]; k++)
            {
                var row = allSteps[k];
                var p = stepPair[k];
                steps[k - offsets[s]] = new FlowStep(k - offsets[s], events.Pages[events.PageIds[row]],
                    events.Events[events.EventIds[row]], events.Ticks[row], scores[p], isChokepoint[p]);
            }
            flows.Add(new FragileFlow(sessions.Ids[s], events.Users[sessions.Users[s]], steps));
        }
        return flows;
    }
}
