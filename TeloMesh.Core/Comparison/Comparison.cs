using TeloMesh.Core.Journeys;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Comparison;

/// <summary>The three kinds of test of docs/metrics.md section 9, in the order rows of equal impact are listed.</summary>
public enum ChangeKind
{
    Exit,
    Transition,
    Conversion,
}

/// <summary>
/// One test of a comparison (a row of <c>comparison.csv</c>): counts k of n in A and in B, their rates, the difference
/// B - A, the pooled z-test, its Benjamini-Hochberg q-value and the impact |difference| x n_B.
/// </summary>
/// <param name="Event">Empty for a transition.</param>
/// <param name="ToPage">The transition's destination; empty otherwise.</param>
public sealed record Change(ChangeKind Kind, string Page, string Event, string ToPage, long CountA, long TotalA, long CountB, long TotalB,
    double Z, double P, double Q)
{
    public double RateA => (double)CountA / TotalA;
    public double RateB => (double)CountB / TotalB;
    public double Difference => RateB - RateA;
    public double Impact => Math.Abs(Difference) * TotalB;

    /// <summary>q below 0.05: unlikely to be noise, after every test of the comparison is taken into account.</summary>
    public bool Significant => Q < Comparator.Significance;

    /// <summary>An exit rate that rose or a conversion rate that fell; transitions are changed, not worse.</summary>
    public bool Worse => Kind switch
    {
        ChangeKind.Exit => Difference > 0,
        ChangeKind.Conversion => Difference < 0,
        _ => false,
    };

    /// <summary>A transition absent from A (new) or from B (vanished).</summary>
    public bool New => Kind == ChangeKind.Transition && CountA == 0 && CountB > 0;

    public bool Vanished => Kind == ChangeKind.Transition && CountA > 0 && CountB == 0;
}

/// <summary>A slice's sessions and those that convert.</summary>
public sealed record SliceSummary(string Description, long Sessions, long Converted)
{
    public double ConversionRate => Sessions == 0 ? 0 : (double)Converted / Sessions;
}

/// <summary>What a comparison found: both slices' summaries, the site conversion test (with goals) and every change in order.</summary>
/// <param name="Hidden">Tests left out because a slice had fewer than the minimum support.</param>
public sealed record ComparisonResult(SliceSummary A, SliceSummary B, (double Z, double P)? ConversionTest, IReadOnlyList<Change> Changes,
    int MinSupport, int Hidden, bool WithGoals)
{
    /// <summary>Sessions in both slices (allowed: the two rates then share them); 0 for two datasets.</summary>
    public long Overlap { get; init; }

    /// <summary>The changes for the worse (an exit rate up, a conversion rate down), significant ones first as in <see cref="Changes"/>.</summary>
    public IEnumerable<Change> Worse => Changes.Where(c => c.Worse);
}

/// <summary>
/// Compares two slices' counts (docs/metrics.md section 9): an exit test per (page, event), a transition test per
/// (from page, to page) and, with goals, a conversion test per (page, event); each only when n reaches the minimum
/// support in both slices. q-values are Benjamini-Hochberg over every test; rows are ordered q &lt; 0.05 first, then
/// impact descending, then kind, then page, event and destination in ordinal order.
/// </summary>
public static class Comparator
{
    /// <summary>The q below which a change is reported as significant.</summary>
    public const double Significance = 0.05;

    /// <summary>The comparison's default minimum support (docs/metrics.md section 9): rates of fewer observations are noise.</summary>
    public const int DefaultMinSupport = 30;

    public static ComparisonResult Compare(SliceCounts a, SliceCounts b, string aName, string bName, bool withGoals, int minSupport = DefaultMinSupport)
    {
        var tests = new List<(ChangeKind Kind, string Page, string Event, string To, long KA, long NA, long KB, long NB)>();
        var hidden = 0;
        void Add(ChangeKind kind, string page, string evt, string to, long kA, long nA, long kB, long nB)
        {
            if (nA >= minSupport && nB >= minSupport) tests.Add((kind, page, evt, to, kA, nA, kB, nB));
            else hidden++;
        }
        foreach (var key in a.Pairs.Keys.Union(b.Pairs.Keys))
        {
            var ta = a.Pairs.GetValueOrDefault(key) ?? new PairTally();
            var tb = b.Pairs.GetValueOrDefault(key) ?? new PairTally();
            Add(ChangeKind.Exit, key.Page, key.Event, "", ta.Exits, ta.Occurrences, tb.Exits, tb.Occurrences);
            if (withGoals) Add(ChangeKind.Conversion, key.Page, key.Event, "", ta.Conversions, ta.Sessions, tb.Conversions, tb.Sessions);
        }
        foreach (var key in a.Transitions.Keys.Union(b.Transitions.Keys))
            Add(ChangeKind.Transition, key.From, "", key.To, a.Transitions.GetValueOrDefault(key), a.TransitionsOut.GetValueOrDefault(key.From),
                b.Transitions.GetValueOrDefault(key), b.TransitionsOut.GetValueOrDefault(key.From));

        var results = tests.Select(t => Statistics.TwoProportion(t.KA, t.NA, t.KB, t.NB)).ToList();
        var q = Statistics.BenjaminiHochberg([.. results.Select(r => r.P)]);
        var changes = tests.Select((t, i) => new Change(t.Kind, t.Page, t.Event, t.To, t.KA, t.NA, t.KB, t.NB, results[i].Z, results[i].P, q[i]))
            .ToList();
        changes.Sort(Order);
        return new ComparisonResult(new SliceSummary(aName, a.Sessions, a.Converted), new SliceSummary(bName, b.Sessions, b.Converted),
            withGoals && a.Sessions > 0 && b.Sessions > 0 ? Statistics.TwoProportion(a.Converted, a.Sessions, b.Converted, b.Sessions) : null,
            changes, minSupport, hidden, withGoals);
    }

    /// <summary>q &lt; 0.05 first, then impact descending, then kind, then page, event and destination in code point order (docs/metrics.md section 4: "ordinal" means code points).</summary>
    private static int Order(Change x, Change y)
    {
        var bySignificance = y.Significant.CompareTo(x.Significant);
        if (bySignificance != 0) return bySignificance;
        var byImpact = y.Impact.CompareTo(x.Impact);
        if (byImpact != 0) return byImpact;
        var byKind = x.Kind.CompareTo(y.Kind);
        if (byKind != 0) return byKind;
        var byPage = CodePointComparer.Instance.Compare(x.Page, y.Page);
        if (byPage != 0) return byPage;
        var byEvent = CodePointComparer.Instance.Compare(x.Event, y.Event);
        return byEvent != 0 ? byEvent : CodePointComparer.Instance.Compare(x.ToPage, y.ToPage);
    }
}
