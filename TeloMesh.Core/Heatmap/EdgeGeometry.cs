using System.Globalization;

namespace TeloMesh.Core.Heatmap;

/// <summary>SVG paths for heatmap edges: a gentle curve from box border to box border, bent to one side when the
/// reverse edge exists so the two do not overlap.</summary>
public static class EdgeGeometry
{
    public static string Curve(NodeBox from, NodeBox to, bool hasReverse)
    {
        var (x1, y1) = Border(from, to.CenterX, to.CenterY);
        var (x2, y2) = Border(to, from.CenterX, from.CenterY);
        var dx = x2 - x1;
        var dy = y2 - y1;
        var length = Math.Max(1, Math.Sqrt(dx * dx + dy * dy));
        var bend = hasReverse ? 0.18 * length : 0.06 * length;
        var cx = (x1 + x2) / 2 - dy / length * bend;
        var cy = (y1 + y2) / 2 + dx / length * bend;
        return string.Create(CultureInfo.InvariantCulture, $"M{x1:0.#},{y1:0.#} Q{cx:0.#},{cy:0.#} {x2:0.#},{y2:0.#}");
    }

    /// <summary>A small loop on the right side of the box, for a page followed by itself.</summary>
    public static string SelfLoop(NodeBox box)
    {
        var x = box.X + box.Width;
        var y = box.CenterY;
        return string.Create(CultureInfo.InvariantCulture, $"M{x:0.#},{y - 8:0.#} C{x + 30:0.#},{y - 24:0.#} {x + 30:0.#},{y + 24:0.#} {x:0.#},{y + 8:0.#}");
    }

    /// <summary>Where the line from the box's centre towards (tx, ty) leaves the box.</summary>
    private static (double X, double Y) Border(NodeBox box, double tx, double ty)
    {
        var dx = tx - box.CenterX;
        var dy = ty - box.CenterY;
        if (dx == 0 && dy == 0) return (box.CenterX, box.CenterY);
        var scale = Math.Min(Math.Abs(dx) < 1e-9 ? double.MaxValue : box.Width / 2 / Math.Abs(dx),
                             Math.Abs(dy) < 1e-9 ? double.MaxValue : box.Height / 2 / Math.Abs(dy));
        return (box.CenterX + dx * scale, box.CenterY + dy * scale);
    }
}
