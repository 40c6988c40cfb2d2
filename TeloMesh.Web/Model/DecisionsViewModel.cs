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

    public IReadOnlyList<DecisionRow> Rows => [.. Filter.Apply(All)];

    public int Count(PageAction action) => All.Count(r => r.Action == action);

    public string RowCount => string.Create(C, $"{Rows.Count:N0} of {All.Count:N0} pages");

    /// <summary>"45.5 % (26.9–65.3)".</summary>
    public static string ExitRate(DecisionRow row) =>
        string.Create(C, $"{row.ExitRate * 100:0.0} % ({row.ExitRateLow * 100:0.0}–{row.ExitRateHigh * 100:0.0})");

    /// <summary>"+35.7", or a dash without a gain.</summary>
    public static string Gain(DecisionRow row) => double.IsNaN(row.Gain) ? "–" : string.Create(C, $"+{row.Gain:0.0}");

    public string SiteText => string.Create(C, $"Site exit rate {SiteExitRate * 100:0.0} %: sessions lost over all steps.");

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
    ];

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
