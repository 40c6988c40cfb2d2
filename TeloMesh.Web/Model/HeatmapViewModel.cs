using System.Globalization;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Flow Heatmap page: which pages and transitions are drawn, the page hovered and the page selected,
/// and what the side panel lists. Drawing it is the page's (a Blazor.Diagrams model through
/// <see cref="HeatmapDiagramMapper"/>); the heatmap itself comes from Core, laid out once per analysis.
/// </summary>
/// <param name="report">The analysis's friction report: the selected page's (page, event) rows come from it.</param>
/// <param name="build">Builds the heatmap for a view, with every transition or only the strongest, the pages pinned and the layout (the store's analysis).</param>
/// <param name="pairs">The transition pairs (docs/metrics.md section 10) a hovered edge shows; none by default.</param>
public sealed class HeatmapViewModel(FrictionReport report, Func<HeatmapView, bool, IReadOnlySet<string>, LayoutKind, FlowHeatmap> build,
    IReadOnlyList<TransitionPair>? pairs = null)
{
    private readonly Dictionary<(string From, string To), TransitionPair> _pairs =
        (pairs ?? []).ToDictionary(p => (p.FromPage, p.ToPage));

    public HeatmapView View { get; private set; } = HeatmapView.All;

    /// <summary>Every transition, or only each page's strongest (the main routes).</summary>
    public bool AllEdges { get; private set; }

    /// <summary>Whether pages can be dragged.</summary>
    public bool Movable { get; set; }

    /// <summary>Layers from the entry pages (the default) or funnel columns by typical step.</summary>
    public LayoutKind Layout { get; private set; } = LayoutKind.Layered;

    /// <summary>What is drawn for <see cref="View"/>, <see cref="AllEdges"/> and <see cref="Layout"/>.</summary>
    public FlowHeatmap Heatmap { get; private set; } = build(HeatmapView.All, false, new SortedSet<string>(StringComparer.Ordinal), LayoutKind.Layered);

    /// <summary>Lays the pages out another way: a new heatmap with the same pages and transitions, nothing selected.</summary>
    public FlowHeatmap ChangeLayout(LayoutKind layout)
    {
        Layout = layout;
        return Show(View, AllEdges);
    }

    private readonly SortedSet<string> _pinned = new(StringComparer.Ordinal);

    /// <summary>Pages shown in every view, whatever their tier, in code point order.</summary>
    public IReadOnlySet<string> Pinned => _pinned;

    /// <summary>Pins a page (it then shows in every view) or unpins it, and draws the heatmap again; the page stays selected.</summary>
    public FlowHeatmap TogglePin(string page)
    {
        if (!_pinned.Remove(page)) _pinned.Add(page);
        var selected = Selected?.Page;
        Show(View, AllEdges);
        Selected = selected is null ? null : Heatmap.Nodes.FirstOrDefault(n => n.Page == selected);
        return Heatmap;
    }

    public HeatmapNode? Hovered { get; set; }

    public HeatmapNode? Selected { get; set; }

    /// <summary>The transition under the pointer.</summary>
    public HeatmapEdge? HoveredEdge { get; set; }

    /// <summary>The hovered edge's transition pair: its transitions, share and times; null when none is hovered.</summary>
    public TransitionPair? HoveredPair => HoveredEdge is { } e ? _pairs.GetValueOrDefault((e.From, e.To)) : null;

    /// <summary>What the hovered edge's numbers mean: "4 transitions, 100.0 % of those out of /a; median 15 s between the two steps".</summary>
    public static string EdgeSummary(TransitionPair pair) => string.Create(CultureInfo.InvariantCulture,
        $"{pair.Transitions:N0} {(pair.Transitions == 1 ? "transition" : "transitions")}, {TransitionsViewModel.Share(pair.Probability)} of those out of {pair.FromPage}; median {Durations.Readable(pair.MedianSeconds)} between the two steps");

    /// <summary>The dataset's goals and conversion; null without goals (then no page is green and there are no gains).</summary>
    public GoalSummary? Goals => report.Goals;

    /// <summary>The selected page's (page, event) rows, in the report's order (by score).</summary>
    public IEnumerable<FrictionPoint> SelectedRows => Selected is { } s ? report.Points.Where(p => p.Page == s.Page) : [];

    /// <summary>What is drawn: "6 pages, 7 edges" (a page followed by itself is no edge on the drawing).</summary>
    public string NodeCount => string.Create(CultureInfo.InvariantCulture, $"{Heatmap.Nodes.Count} pages, {Heatmap.Edges.Count(e => e.From != e.To)} edges");

    /// <summary>Shows other pages or transitions: a new heatmap, with nothing hovered or selected on it.</summary>
    public FlowHeatmap Show(HeatmapView view, bool allEdges)
    {
        View = view;
        AllEdges = allEdges;
        Heatmap = build(view, allEdges, _pinned, Layout);
        Hovered = null;
        HoveredEdge = null;
        Selected = null;
        return Heatmap;
    }
}
