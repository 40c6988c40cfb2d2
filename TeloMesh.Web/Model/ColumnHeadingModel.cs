using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Web.Model;

/// <summary>
/// The heading of a funnel column ("step 2") on the heatmap diagram: a locked node above its column's pages, so it pans
/// and zooms with them; the pointer passes through it (app.css).
/// </summary>
public sealed class ColumnHeadingModel(LayoutColumn column) : NodeModel("column:" + column.Label, new Point(column.X, 6))
{
    public LayoutColumn Column { get; } = column;
}
