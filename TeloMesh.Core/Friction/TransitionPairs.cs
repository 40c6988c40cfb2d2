using TeloMesh.Core.Journeys;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Friction;

/// <summary>A row of <c>transition_pairs.csv</c> (docs/metrics.md section 10).</summary>
/// <param name="Probability">Transitions / every transition out of the from page (self-loops included).</param>
/// <param name="FromChokepoint">Whether one of the from page's (page, event) pairs is a chokepoint.</param>
/// <param name="FromScore">The from page's node-map score: the highest friction score among its pairs.</param>
public sealed record TransitionPair(string FromPage, string ToPage, int Transitions, int Sessions, double Probability, double MedianSeconds,
    double P95Seconds, bool FromChokepoint, bool ToChokepoint, double FromScore, double ToScore);

/// <summary>A row of <c>loops.csv</c> (docs/metrics.md section 10): the ping-pong page -> other page -> page.</summary>
public sealed record Loop(string Page, string OtherPage, int Sessions, int Occurrences);

/// <summary>The journeys' tables of docs/metrics.md section 10 from the aggregates and the friction they were scored with.</summary>
public static class JourneyTables
{
    /// <summary>Every (from page, to page) of consecutive steps, by transitions descending, then from and to in code point order.</summary>
    public static IReadOnlyList<TransitionPair> TransitionPairs(JourneyAggregates aggregates, FrictionReport report)
    {
        var outOf = new long[aggregates.Pages.Count];
        foreach (var p in aggregates.PagePairs) outOf[p.From] += p.Transitions;
        var chokepointPages = report.Points.Where(p => p.IsChokepoint).Select(p => p.Page).ToHashSet(StringComparer.Ordinal);
        double Score(string page) => report.NodeMap.GetValueOrDefault(page);
        var rows = aggregates.PagePairs.Select(p =>
        {
            var (from, to) = (aggregates.Pages[p.From], aggregates.Pages[p.To]);
            return new TransitionPair(from, to, p.Transitions, p.Sessions, (double)p.Transitions / outOf[p.From], p.Gaps.MedianSeconds,
                p.Gaps.P95Seconds, chokepointPages.Contains(from), chokepointPages.Contains(to), Score(from), Score(to));
        }).ToList();
        rows.Sort((a, b) =>
        {
            var byCount = b.Transitions.CompareTo(a.Transitions);
            if (byCount != 0) return byCount;
            var byFrom = CodePointComparer.Instance.Compare(a.FromPage, b.FromPage);
            return byFrom != 0 ? byFrom : CodePointComparer.Instance.Compare(a.ToPage, b.ToPage);
        });
        return rows;
    }

    /// <summary>Every ping-pong, by sessions, then occurrences descending, then page and other page in code point order.</summary>
    public static IReadOnlyList<Loop> Loops(JourneyAggregates aggregates)
    {
        var rows = aggregates.Loops.Select(l => new Loop(aggregates.Pages[l.Page], aggregates.Pages[l.Other], l.Sessions, l.Occurrences)).ToList();
        rows.Sort((a, b) =>
        {
            var bySessions = b.Sessions.CompareTo(a.Sessions);
            if (bySessions != 0) return bySessions;
            var byOccurrences = b.Occurrences.CompareTo(a.Occurrences);
            if (byOccurrences != 0) return byOccurrences;
            var byPage = CodePointComparer.Instance.Compare(a.Page, b.Page);
            return byPage != 0 ? byPage : CodePointComparer.Instance.Compare(a.OtherPage, b.OtherPage);
        });
        return rows;
    }

    /// <summary>The (from page, to page) of every two consecutive steps of <paramref name="report"/>'s fragile flows.</summary>
    public static HashSet<(string From, string To)> FragileFlowPairs(FrictionReport report)
    {
        var pairs = new HashSet<(string, string)>();
        foreach (var flow in report.FragileFlows)
            for (var k = 1; k < flow.Steps.Count; k++)
                pairs.Add((flow.Steps[k - 1].Page, flow.Steps[k].Page));
        return pairs;
    }
}
