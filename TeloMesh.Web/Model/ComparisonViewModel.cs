using System.Globalization;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Compare page once a comparison has run: the result, the filter of its rows and what the summary says.
/// Every sentence comes from <see cref="ReportText"/>, so the page, the HTML download and the command line say the same;
/// the rows are computed once per filter change.
/// </summary>
/// <param name="goals">The goals both slices were counted with (named beside the conversion test).</param>
public sealed class ComparisonViewModel(ComparisonResult result, GoalSet goals)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly FilteredRows<ChangeFilter, Change> _rows = new(new(), filter => filter.Apply(result));

    public ComparisonResult Result { get; } = result;

    public ChangeFilter Filter
    {
        get => _rows.Filter;
        set => _rows.Filter = value;
    }

    public IReadOnlyList<Change> Rows => _rows.Rows;

    // ---- The summary ----

    public string SliceA => ReportText.Slice("A", Result.A, Result.WithGoals);

    public string SliceB => ReportText.Slice("B", Result.B, Result.WithGoals);

    /// <summary>The site conversion test with the goals it counts: "Conversion 70.0 % -> 30.0 % (p &lt; 0.001). Goals: page /checkout."; null without goals.</summary>
    public string? Conversion => ReportText.ConversionChange(Result) is { } test ? $"{test} Goals: {goals}." : null;

    public string Support => ReportText.Support(Result);

    public string? Overlap => Result.Overlap > 0 ? ReportText.Overlap(Result) : null;

    /// <summary>Why there are no rows at all (not an error); null when there are tests.</summary>
    public string? NothingToCompare => Result.Changes.Count == 0 ? ReportText.NothingToCompare(Result) : null;

    public string Significance => ReportText.Significance(Result);

    /// <summary>How many rows the filter keeps, of all: "2 of 6 changes".</summary>
    public string RowCount => string.Create(C, $"{Rows.Count:N0} of {Result.Changes.Count:N0} changes");

    /// <summary>The kinds of test this comparison has: conversions only with goals.</summary>
    public IReadOnlyList<ChangeKind> Kinds => Result.WithGoals ? [ChangeKind.Exit, ChangeKind.Transition, ChangeKind.Conversion] : [ChangeKind.Exit, ChangeKind.Transition];

    /// <summary>The significant changes at <paramref name="page"/> (its exits and conversions, transitions from or to it), in order.</summary>
    public IReadOnlyList<Change> SignificantAt(string page) =>
        [.. Result.Changes.Where(c => c.Significant && (c.Page == page || c.ToPage == page))];

    // ---- Cells ----

    /// <summary>The change in words: "/cart -> /checkout: share of the transitions out of /cart 77.8 % -> 37.5 % (q = 0.002), 13 transitions affected".</summary>
    public static string Words(Change c) => ReportText.Change(c);

    public static string Rate(double rate) => rate.ToString("P1", C);

    /// <summary>The counts behind a rate: "28 of 36".</summary>
    public static string Counts(long count, long total) => string.Create(C, $"{count:N0} of {total:N0}");

    /// <summary>B - A in percentage points, signed: "+10.0 pts", "-40.3 pts".</summary>
    public static string Difference(Change c) => string.Create(C, $"{c.Difference * 100:+0.0;-0.0;0.0} pts");

    /// <summary>The q-value as a cell shows it: "0.002", "&lt; 0.001".</summary>
    public static string Q(Change c) => c.Q < 0.001 ? "< 0.001" : c.Q.ToString("0.###", C);

    public static string Impact(Change c) => c.Impact.ToString("N0", C);

    /// <summary>The marks of a row: "worse" (significant and for the worse), "new" or "vanished" (a transition).</summary>
    public static IReadOnlyList<string> Marks(Change c)
    {
        var marks = new List<string>();
        if (c.Significant && c.Worse) marks.Add("worse");
        if (c.New) marks.Add("new");
        if (c.Vanished) marks.Add("vanished");
        return marks;
    }
}
