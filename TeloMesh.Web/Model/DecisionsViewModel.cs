using System.Globalization;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Model;

/// <summary>
/// Which rows of the decision table (docs/metrics.md section 13) are shown: one action or all, one role or all, pages
/// containing a text. Kept in the export link's query (<c>action</c>, <c>role</c>, <c>q</c>).
/// </summary>
public sealed record DecisionFilter(PageAction? Action = null, PageRole? Role = null, string Search = "")
{
    public IEnumerable<DecisionRow> Apply(IEnumerable<DecisionRow> rows) => rows
        .Where(r => Action is null || r.Action == Action)
        .Where(r => Role is null || r.Role == Role)
        .Where(r => Search.Length == 0 || r.Page.Contains(Search, StringComparison.OrdinalIgnoreCase));

    /// <summary>The filter as query pairs, none for what is not set.</summary>
    public string ToQuery() => QueryText.Build([
        ("action", Action is { } a ? DecisionTable.Name(a) : null),
        ("role", Role is { } r ? DecisionTable.Name(r).Replace(' ', '-') : null),
        ("q", Search.Length == 0 ? null : Search),
    ]);

    /// <summary>The filter a query names; unknown values are left out.</summary>
    public static DecisionFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new(
        Enum.GetValues<PageAction>().Cast<PageAction?>().FirstOrDefault(a => query.GetValueOrDefault("action") == DecisionTable.Name(a!.Value)),
        Enum.GetValues<PageRole>().Cast<PageRole?>().FirstOrDefault(r => query.GetValueOrDefault("role") == DecisionTable.Name(r!.Value).Replace(' ', '-')),
        query.GetValueOrDefault("q") ?? "");

    /// <summary>"-fix-leak" for a file name.</summary>
    public string FileSuffix() => (Action is { } a ? "-" + DecisionTable.Name(a) : "") + (Role is { } r ? "-" + DecisionTable.Name(r).Replace(' ', '-') : "");
}

/// <summary>The state of the Decisions page: the table of an analysis (or a filtered view of it) and the filter.</summary>
public sealed class DecisionsViewModel(AnalysisResult result)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public IReadOnlyList<DecisionRow> All { get; } = DecisionTable.Build(result.Aggregates, result.Friction);

    public double SiteExitRate { get; } = DecisionTable.SiteExitRate(result.Friction);

    /// <summary>Whether goals are set: without them there are no leaks, funnel steps or gains.</summary>
    public bool HasGoals { get; } = result.Friction.Goals is not null;

    public DecisionFilter Filter { get; set; } = new();

    public IReadOnlyList<DecisionRow> Rows
    {
        get
        {
            // Filtered once per filter: the page reads the rows for its table, its count and its matrix on every render.
            if (_filtered is not { } kept || kept.Filter != Filter) _filtered = kept = (Filter, [.. Filter.Apply(All)]);
            return kept.Rows;
        }
    }

    private (DecisionFilter Filter, IReadOnlyList<DecisionRow> Rows)? _filtered;

    public int Count(PageAction action) => All.Count(r => r.Action == action);

    public string RowCount => string.Create(C, $"{Rows.Count:N0} of {All.Count:N0} pages");

    /// <summary>"+35.7", or a dash without a gain.</summary>
    public static string Gain(DecisionRow row) => double.IsNaN(row.Gain) ? "–" : string.Create(C, $"+{row.Gain:0.0}");

    public string SiteText => string.Create(C, $"Site exit rate {SiteExitRate * 100:0.0} %: sessions lost over all steps.");

    /// <summary>The priority matrix of every page (by gain with goals, by traffic without).</summary>
    public PriorityMatrix Matrix => _matrix ??= new PriorityMatrix(All, HasGoals);

    private PriorityMatrix? _matrix;

    /// <summary>The journey graph's health (docs/metrics.md section 14).</summary>
    public TeloMesh.Core.Metrics.GraphHealth Health { get; } = TeloMesh.Core.Metrics.GraphHealth.Compute(result.Aggregates);

    /// <summary>Each health number with what it means, as the page lists them.</summary>
    public IReadOnlyList<(string Name, string Value, string Meaning)> HealthRows =>
    [
        ("Edge concentration", string.Create(C, $"{Health.TopEdgeShare:P1}"),
            string.Create(C, $"of the transitions between pages run on the top tenth of the {Health.Edges:N0} edges: high means a few routes carry the journeys.")),
        ("Traffic Gini", string.Create(C, $"{Health.TrafficGini:0.000}"),
            "0 when every page gets as many steps, towards 1 when a few pages get them all."),
        ("Clustering", string.Create(C, $"{Health.Clustering:0.000}"),
            "how often two pages linked to the same page are linked to each other: high means people move around within groups of pages."),
        ("Degrees", TeloMesh.Core.Metrics.GraphHealth.PowerLawText(_degrees.Value),
            "whether the number of pages linked to each page follows a power law (a few hubs, many pages with few links); p below 0.1 rules it out."),
    ];

    private readonly Lazy<TeloMesh.Core.Metrics.PowerLawFit?> _degrees =
        new(() => TeloMesh.Core.Metrics.PowerLawFit.Fit(TeloMesh.Core.Metrics.GraphHealth.Degrees(result.Aggregates)));

    /// <summary>The percolation curve as an SVG polyline's points in a 300 x 120 box: pages removed across, sessions intact up.</summary>
    public static string CurvePoints(TeloMesh.Core.Metrics.Resilience resilience)
    {
        var curve = resilience.Curve;
        var last = Math.Max(1, curve.Count - 1);
        return string.Join(' ', curve.Select(p => string.Create(C, $"{300.0 * p.Removed / last:0.#},{120 - 120 * p.Intact:0.#}")));
    }

    /// <summary>"/home breaks 50.0 % of sessions" for the critical pages.</summary>
    public static IReadOnlyList<string> CriticalText(TeloMesh.Core.Metrics.Resilience resilience) =>
        [.. resilience.Critical(3).Select(c => string.Create(C, $"{c.Page}: {(double)c.Breaks / resilience.Sessions:P1} of sessions"))];

    /// <summary>Why the health numbers mean little here; null when the graph is large enough.</summary>
    public string? HealthWarning => Health.IsMeaningful ? null : string.Create(C,
        $"This graph has {Health.Pages:N0} pages and {Health.Edges:N0} edges: with fewer than {TeloMesh.Core.Metrics.GraphHealth.MeaningfulPages} pages or {TeloMesh.Core.Metrics.GraphHealth.MeaningfulEdges} edges these numbers say little.");
}

/// <summary>
/// The priority matrix (issue 18): one dot per page, its friction score up, its projected gain across (with goals; its
/// traffic without), sized by traffic; the lines at the medians of the pages drawn split it into four labelled quadrants.
/// Coordinates are in a <see cref="Width"/> x <see cref="Height"/> box, up being a higher score.
/// </summary>
public sealed class PriorityMatrix
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public const double Width = 600, Height = 300, MaxRadius = 18, MinRadius = 4;

    /// <param name="rows">The decision table's rows; goal pages are left out (sessions succeed there).</param>
    /// <param name="byGain">Across by projected gain (with goals), or by traffic.</param>
    public PriorityMatrix(IReadOnlyList<DecisionRow> rows, bool byGain)
    {
        ByGain = byGain;
        var shown = rows.Where(r => r.Role != PageRole.Goal).ToList();
        double X(DecisionRow r) => byGain ? (double.IsNaN(r.Gain) ? 0 : r.Gain) : r.Traffic;
        var maxX = shown.Count == 0 ? 1 : Math.Max(shown.Max(X), 1e-12);
        var maxY = shown.Count == 0 ? 1 : Math.Max(shown.Max(r => r.Score), 1e-12);
        var maxTraffic = shown.Count == 0 ? 1 : Math.Max(1, shown.Max(r => r.Traffic));
        Dots = [.. shown.Select(r => new Dot(r.Page, Width * X(r) / maxX, Height - Height * r.Score / maxY,
            MinRadius + (MaxRadius - MinRadius) * Math.Sqrt((double)r.Traffic / maxTraffic), r))];
        SplitX = shown.Count == 0 ? Width / 2 : Width * Median(shown.Select(X)) / maxX;
        SplitY = shown.Count == 0 ? Height / 2 : Height - Height * Median(shown.Select(r => r.Score)) / maxY;
    }

    public bool ByGain { get; }

    public IReadOnlyList<Dot> Dots { get; }

    /// <summary>Where the vertical and horizontal lines stand: the pages' median x and median score.</summary>
    public double SplitX { get; }
    public double SplitY { get; }

    /// <summary>The quadrants' labels: top right, top left, bottom right, bottom left.</summary>
    public (string TopRight, string TopLeft, string BottomRight, string BottomLeft) Labels => ByGain
        ? ("fix first: friction that costs conversions", "friction with little to gain", "gain from a quiet page", "leave as is")
        : ("busy and stuck: investigate first", "stuck but quiet", "busy and flowing", "leave as is");

    public string XAxis => ByGain ? "projected gain per 1,000 sessions →" : "traffic (steps) →";

    /// <summary>The middle of the values (of an even count, halfway between the two middle ones).</summary>
    private static double Median(IEnumerable<double> values) => Percentile.Linear(values, 0.5);

    /// <summary>A page's dot, with its row.</summary>
    public sealed record Dot(string Page, double X, double Y, double Radius, DecisionRow Row)
    {
        public string Title => string.Create(C,
            $"{Page}: score {Row.Score:0.0000}, {(double.IsNaN(Row.Gain) ? "no gain" : $"+{Row.Gain:0.0} per 1,000 sessions")}, {Row.Traffic:N0} steps · click for its row");
    }
}
