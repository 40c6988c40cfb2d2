using Blazor.Diagrams.Core.Models;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Web.Model;

/// <summary>A transition on the heatmap diagram, knowing its edge so hovering it can show its numbers.</summary>
public sealed class HeatmapLinkModel(NodeModel from, NodeModel to, HeatmapEdge edge) : LinkModel(from, to)
{
    public HeatmapEdge Edge { get; } = edge;
}
