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
        double percentile = DefaultPercentile) => Analyze(sessions, betweenness, new FrictionOptions(mode, percentile));

    /// <summary>The whole friction report of <paramref name="sessions"/> with every scoring option, and the goals of <paramref name="key"/>.</summary>
    public static FrictionReport Analyze(SessionSet sessions, double[] betweenness, FrictionOptions options, AggregationKey? key = null)
    {
        var aggregates = LocalSequences.Aggregate(sessions, key);
        var scores = Score(aggregates, betweenness, options);
        var flows = ((LocalSequences)aggregates.Sequences).FragileFlows(new ChokepointMarks(scores.Scores, scores.IsChokepoint));
        return scores.Complete(flows);
    }

    /// <summary>Scores the (page, event) pairs of <paramref name="aggregates"/> with the chokepoint percentile and mode alone.</summary>
    public static FrictionScores Score(JourneyAggregates aggregates, double[] betweenness, CompatMode mode = CompatMode.Default,
        double percentile = DefaultPercentile) =>
        Score(aggregates, betweenness, new FrictionOptions(mode, percentile));

    /// <summary>
    /// Scores the (page, event) pairs of <paramref name="aggregates"/>: exit rates with their Wilson intervals, scores and
    /// cautious scores, the chokepoint threshold over the pairs seen at least <see cref="FrictionOptions.MinSupport"/>
    /// times, the node map and, with goals, each pair's sessions, conversions and projected gain (docs/metrics.md sections
    /// 4 and 8). The pairs are in order of first occurrence (sessions in code point order of their ids, then steps), so the
    /// averages add up in the same order from every source and come out bit for bit the same.
    /// </summary>
    /// <param name="betweenness">Per page id, as <see cref="Betweenness.Compute(JourneyGraph, BetweennessMode, CompatMode)"/> returns it.</param>
    public static FrictionScores Score(JourneyAggregates aggregates, double[] betweenness, FrictionOptions options,
        CancellationToken cancellationToken = default)
    {
        var pairs = aggregates.Pairs;
        var (pages, events, mode) = (aggregates.Pages, aggregates.Events, options.Mode);
        var scores = new double[pairs.Count];
        var rates = new double[pairs.Count];
        var supported = new bool[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            rates[p] = (double)pairs[p].Exits / pairs[p].Occurrences;
            scores[p] = rates[p] * betweenness[pairs[p].Page];
            supported[p] = pairs[p].Occurrences >= options.MinSupport;
        }

        var threshold = Threshold(scores, supported, mode, options.Percentile);
        var isChokepoint = new bool[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
            isChokepoint[p] = supported[p] && !double.IsNaN(threshold) && scores[p] >= threshold && (mode == CompatMode.TeloMesh ||
                // Stryker disable once Equality : equivalent (> 0 to >= 0): by default the threshold is a percentile of the positive scores, so it is positive and scores[p] >= threshold already makes scores[p] > 0
                scores[p] > 0);

        var goals = aggregates.Goals.IsEmpty ? null : GoalNumbers(aggregates, isChokepoint, options.GainReduction, cancellationToken);
        var points = new FrictionPoint[pairs.Count];
        for (var p = 0; p < pairs.Count; p++)
        {
            var pair = pairs[p];
            var b = betweenness[pair.Page];
            var (low, high) = WilsonInterval.Of(pair.Exits, pair.Occurrences);
            points[p] = new FrictionPoint(pages[pair.Page], events[pair.Event], pair.Occurrences, pair.Exits, rates[p],
                pair.UniqueUsersLost, b, scores[p], isChokepoint[p])
            {
                ExitRateLow = low,
                ExitRateHigh = high,
                ScoreLow = low * b,
                Goal = goals is null ? null : new PairGoalNumbers(goals.Value.IsGoal[p], pair.Sessions, pair.Conversions,
                    goals.Value.Gains.Gains[p] * 1000, goals.Value.Gains.Gains[p] * aggregates.Sessions),
            };
        }
        Array.Sort(points, CompareRows);

        var nodeMap = new SortedDictionary<string, double>(CodePointComparer.Instance);
        foreach (var point in points)
            if (!nodeMap.TryGetValue(point.Page, out var best) ||
                // Stryker disable once Equality : equivalent (> to >=): on equal scores the page keeps the same number either way
                point.Score > best)
                nodeMap[point.Page] = point.Score;
        return new FrictionScores(points, threshold, scores, isChokepoint, nodeMap,
            rates.Length == 0 ? 0 : rates.Average(), scores.Length == 0 ? 0 : scores.Average())
        {
            Goals = goals is null ? null : new GoalSummary(aggregates.Goals, aggregates.Sessions, aggregates.Converted,
                goals.Value.Gains.ModelConversion, options.GainReduction, goals.Value.Gains.ComputedStates),
            MinSupport = options.MinSupport,
        };
    }

    /// <summary>
    /// Which pairs are goals, and the projected gain of the others: of every pair up to
    /// <see cref="ConversionModel.ExactStates"/> states; beyond, of the chokepoints and the <see cref="ConversionModel.TopByExits"/>
    /// pairs with the most exits.
    /// </summary>
    private static (bool[] IsGoal, ConversionGains Gains)? GoalNumbers(JourneyAggregates aggregates, bool[] isChokepoint, double reduction,
        CancellationToken cancellationToken)
    {
        var pairs = aggregates.Pairs;
        var topByExits = Enumerable.Range(0, pairs.Count).Where(p => pairs[p].Exits > 0)
            .OrderByDescending(p => pairs[p].Exits).ThenBy(p => p).Take(ConversionModel.TopByExits).ToHashSet();
        var gains = ConversionModel.Fit(aggregates).Compute(reduction, p => isChokepoint[p] || topByExits.Contains(p), cancellationToken);
        return (aggregates.GoalPairs(), gains);
    }

    /// <summary>
    /// By default the percentile of the non-zero scores (a page nobody leaves is not friction, and a threshold of zero
    /// would make every pair a chokepoint); in compatibility mode the percentile of all scores, zeros included.
    /// NaN when there are no scores to take it from, which means no chokepoints.
    /// </summary>
    /// <remarks>Pairs seen fewer times than the minimum support take no part (docs/metrics.md section 8).</remarks>
    private static double Threshold(double[] scores, bool[] supported, CompatMode mode, double percentile) =>
        Percentile.Linear(scores.Where((s, p) => supported[p] && (mode == CompatMode.TeloMesh || s > 0)), percentile);

    /// <summary>Score descending, then page, then event in code point order.</summary>
    private static int CompareRows(FrictionPoint a, FrictionPoint b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0) return byScore;
        var byPage = CodePointComparer.Instance.Compare(a.Page, b.Page);
        return byPage != 0 ? byPage : CodePointComparer.Instance.Compare(a.Event, b.Event);
    }
}
