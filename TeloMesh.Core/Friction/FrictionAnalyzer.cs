using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Friction;

/// <summary>
/// Computes the friction report (docs/metrics.md section 4) from sessions and the betweenness of each page.
/// </summary>
public static class FrictionAnalyzer
{
    /// <summary>docs/metrics.md section 4: pairs at or above the 90th percentile of the scores, the worst tenth, are chokepoints.</summary>
    public const double DefaultPercentile = 0.9;

    /// <summary>
    /// The whole friction report of <paramref name="sessions"/> (scores, chokepoints, fragile flows), for callers that
    /// hold sessions and betweenness already; an analysis goes through <c>Pipeline.AnalysisPipeline</c>.
    /// </summary>
    /// <param name="betweenness">Per page id, as <see cref="Betweenness.Compute(JourneyGraph, BetweennessMode, CompatMode)"/> returns it.</param>
    /// <param name="percentile">The chokepoint percentile, 0.9 by docs/metrics.md.</param>
    public static FrictionReport Analyze(SessionSet sessions, double[] betweenness, CompatMode mode = CompatMode.Default,
        double percentile = DefaultPercentile)
    {
        var aggregates = LocalSequences.Aggregate(sessions);
        var scores = Score(aggregates, betweenness, mode, percentile);
        var flows = ((LocalSequences)aggregates.Sequences).FragileFlows(new ChokepointMarks(scores.Scores, scores.IsChokepoint));
        return scores.Complete(flows);
    }

    /// <summary>Scores the (page, event) pairs of <paramref name="aggregates"/> (see the other overload).</summary>
    public static FrictionScores Score(JourneyAggregates aggregates, double[] betweenness, CompatMode mode = CompatMode.Default,
        double percentile = DefaultPercentile)
    {
        var pairs = aggregates.Pairs;
        return Score([.. pairs.Select(p => (p.Page, p.Event))], [.. pairs.Select(p => p.Occurrences)], [.. pairs.Select(p => p.Exits)],
            [.. pairs.Select(p => p.UniqueUsersLost)], aggregates.Pages, aggregates.Events, betweenness, mode, percentile);
    }

    /// <summary>
    /// Scores (page, event) pairs counted elsewhere (in process or by a warehouse query): exit rates, scores, the
    /// chokepoint threshold and the node map. The pairs must be in order of first occurrence (sessions in code point
    /// order of their ids, then steps), as <see cref="JourneyAggregates.Pairs"/> are, so the averages add up in the same
    /// order and come out bit for bit the same.
    /// </summary>
    public static FrictionScores Score(IReadOnlyList<(int Page, int Event)> pairs, IReadOnlyList<int> occurrences, IReadOnlyList<int> exits,
        IReadOnlyList<int> uniqueLost, Events.StringPool pages, Events.StringPool events, double[] betweenness,
        CompatMode mode = CompatMode.Default, double percentile = DefaultPercentile)
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
            isChokepoint[p] = !double.IsNaN(threshold) && scores[p] >= threshold && (mode == CompatMode.TeloMesh ||
                // Stryker disable once Equality : equivalent (> 0 to >= 0): by default the threshold is a percentile of the positive scores, so it is positive and scores[p] >= threshold already makes scores[p] > 0
                scores[p] > 0);

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
            if (!nodeMap.TryGetValue(point.Page, out var best) ||
                // Stryker disable once Equality : equivalent (> to >=): on equal scores the page keeps the same number either way
                point.Score > best)
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
}
