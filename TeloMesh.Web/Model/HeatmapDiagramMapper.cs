using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Web.Model;

/// <summary>
/// Turns a <see cref="FlowHeatmap"/> into Blazor.Diagrams models (as Aspire's ResourceGraphMapper does for its graph),
/// without rendering, so it is tested on its own. Self-loops are left out of the drawing (a page followed by itself
/// adds no route); the tooltip and the node's rows still count them.
/// </summary>
public static class HeatmapDiagramMapper
{
    public const string EdgeColour = "#8a8fa3", HighlightColour = "#7c9cff", DimColour = "#8a8fa344";

    /// <param name="edgeStyle">Each edge's colour and thickness; by default <see cref="EdgeColour"/> and the edge's own thickness.</param>
    public static (IReadOnlyList<HeatmapNodeModel> Nodes, IReadOnlyList<LinkModel> Links) Map(FlowHeatmap heatmap, bool movable,
        Func<HeatmapEdge, (string Colour, double Width)>? edgeStyle = null)
    {
        edgeStyle ??= e => (EdgeColour, e.Thickness);
        var nodes = heatmap.Nodes.Select(n => new HeatmapNodeModel(n)
        {
            ControlledSize = true,
            Size = new Size(n.Box.Width, n.Box.Height),
            Locked = !movable,
            Title = n.Page,
        }).ToList();
        var byPage = nodes.ToDictionary(n => n.Data.Page, StringComparer.Ordinal);
        var links = heatmap.Edges
            .Where(e => e.From != e.To && byPage.ContainsKey(e.From) && byPage.ContainsKey(e.To))
            .Select(e => (Edge: e, Style: edgeStyle(e)))
            .Select(e => new HeatmapLinkModel(byPage[e.Edge.From], byPage[e.Edge.To], e.Edge)
            {
                Width = e.Style.Width,
                Color = e.Style.Colour,
                SelectedColor = HighlightColour,
                TargetMarker = LinkMarker.Arrow,
                Locked = true,
            })
            .ToList<LinkModel>();
        return (nodes, links);
    }

    /// <summary>The funnel layout's column headings as locked nodes; none for the layered layout.</summary>
    public static IReadOnlyList<ColumnHeadingModel> Headings(FlowHeatmap heatmap) =>
        [.. heatmap.Columns.Select(c => new ColumnHeadingModel(c) { Locked = true, ControlledSize = true, Size = new Size(c.Width, 24) })];

    /// <summary>Colours the links of <paramref name="selected"/> (in and out) and dims the rest; none selected restores all.</summary>
    public static void Highlight(IEnumerable<BaseLinkModel> links, NodeModel? selected)
    {
        foreach (var link in links.OfType<LinkModel>())
        {
            var touches = selected is not null && (link.Source.Model == selected || link.Target.Model == selected);
            link.Color = selected is null ? EdgeColour : touches ? HighlightColour : DimColour;
        }
    }
}
