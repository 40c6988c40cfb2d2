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
/// <param name="build">Builds the heatmap for a view, with every transition or only the strongest (the store's analysis).</param>
public sealed class HeatmapViewModel(FrictionReport report, Func<HeatmapView, bool, FlowHeatmap> build)
{
    public HeatmapView View { get; private set; } = HeatmapView.All;

    /// <summary>Every transition, or only each page's strongest (the main routes).</summary>
    public bool AllEdges { get; private set; }

    /// <summary>Whether pages can be dragged.</summary>
    public bool Movable { get; set; }

    /// <summary>What is drawn for <see cref="View"/> and <see cref="AllEdges"/>.</summary>
    public FlowHeatmap Heatmap { get; private set; } = build(HeatmapView.All, false);

    public HeatmapNode? Hovered { get; set; }

    public HeatmapNode? Selected { get; set; }

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
        Heatmap = build(view, allEdges);
        Hovered = null;
        Selected = null;
        return Heatmap;
    }
}
