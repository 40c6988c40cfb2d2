using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Web.Model;

/// <summary>A page on the heatmap diagram; its size is fixed by the server-side layout, not measured in the browser.</summary>
public sealed class HeatmapNodeModel(HeatmapNode data)
    : NodeModel(data.Page, new Point(data.Box.X, data.Box.Y))
{
    public HeatmapNode Data { get; } = data;

    /// <summary>Green for a goal page, else its tier's colour.</summary>
    public string Colour => Data.Colour;
}
