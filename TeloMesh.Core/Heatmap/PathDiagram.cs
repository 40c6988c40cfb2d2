using System.Globalization;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Heatmap;

/// <summary>A node of a path diagram: a page (or <c>(end)</c>, <c>(goal)</c>, <c>(start)</c>, <c>(other)</c>) at a step.</summary>
/// <param name="Share">Its sessions over all the sessions through the page (n0).</param>
public sealed record PathNode(int Step, string Name, int Sessions, double Share, double X, double Y, double Height)
{
    /// <summary>Whether it names a page (not one of the path's ends, nor <c>(other)</c>): a page can be the next start.</summary>
    public bool IsPage => Name is not (Paths.End or Paths.Goal or Paths.Start or Paths.Other);
}

/// <summary>A link of a path diagram: a band from its source's right edge to its target's left edge, as thick as its sessions.</summary>
/// <param name="Share">Its sessions over the sessions of its source node.</param>
public sealed record PathBand(PathLink Link, double Share, double X0, double Y0, double X1, double Y1, double Thickness)
{
    /// <summary>The band as an SVG path: two cubic curves joined by the ends' vertical edges.</summary>
    public string Svg()
    {
        var c = CultureInfo.InvariantCulture;
        var middle = (X0 + X1) / 2;
        return string.Create(c,
            $"M{X0:0.##},{Y0:0.##} C{middle:0.##},{Y0:0.##} {middle:0.##},{Y1:0.##} {X1:0.##},{Y1:0.##} L{X1:0.##},{Y1 + Thickness:0.##} C{middle:0.##},{Y1 + Thickness:0.##} {middle:0.##},{Y0 + Thickness:0.##} {X0:0.##},{Y0 + Thickness:0.##} Z");
    }
}

/// <summary>
/// A path view (docs/metrics.md section 10) laid out as a Sankey diagram: one column per step, n0 on the left for paths
/// from a page and on the right for paths to it (read left to right as time runs); in each column the pages by sessions
/// (most first, then by name), then <c>(other)</c>, <c>(goal)</c>, <c>(end)</c> and <c>(start)</c>; heights in
/// proportion to sessions, on one scale for every column, so a band keeps its thickness from end to end. Drawn the same
/// by the dashboard and the HTML export.
/// </summary>
public sealed class PathDiagram
{
    public const double ColumnWidth = 200, NodeWidth = 14, Gap = 10, Margin = 20, LabelRoom = 140;

    public IReadOnlyList<PathNode> Nodes { get; }
    public IReadOnlyList<PathBand> Bands { get; }
    public double Width { get; }
    public double Height { get; }

    /// <param name="height">The height of the tallest column's nodes (their gaps come on top).</param>
    public PathDiagram(PathResult result, double height = 480)
    {
        var steps = result.Links.Count == 0 ? 0 : result.Links.Max(l => l.Step);
        var reversed = result.Query.Direction == PathDirection.To;
        // Sessions per node: n0 is every session through the page; a node at step k >= 1 has the sessions of its incoming links.
        var sessions = new Dictionary<(int Step, string Name), int> { [(0, result.Query.Page)] = result.Sessions };
        foreach (var link in result.Links)
            sessions[(link.Step, link.To)] = sessions.GetValueOrDefault((link.Step, link.To)) + link.Sessions;
        var columns = sessions.GroupBy(s => s.Key.Step).ToDictionary(g => g.Key, g => g.Select(s => (s.Key.Name, Sessions: s.Value))
            .OrderBy(s => Rank(s.Name)).ThenByDescending(s => s.Sessions).ThenBy(s => s.Name, Text.CodePointComparer.Instance).ToList());
        var tallest = columns.Values.Max(c => c.Sum(n => n.Sessions));
        var scale = tallest == 0 ? 0 : height / tallest;
        var nodes = new Dictionary<(int, string), PathNode>();
        foreach (var (step, column) in columns)
        {
            var x = Margin + (reversed ? steps - step : step) * ColumnWidth;
            var y = Margin;
            foreach (var (name, count) in column)
            {
                var node = new PathNode(step, name, count, result.Sessions == 0 ? 0 : (double)count / result.Sessions, x, y, count * scale);
                nodes[(step, name)] = node;
                y += node.Height + Gap;
            }
        }
        Nodes = [.. nodes.Values.OrderBy(n => n.Step).ThenBy(n => n.Y)];

        // Bands leave their source in the order of their targets and reach their target in the order of their sources.
        var outOffset = new Dictionary<(int, string), double>();
        var inOffset = new Dictionary<(int, string), double>();
        var bands = new List<PathBand>();
        foreach (var link in result.Links.OrderBy(l => l.Step).ThenBy(l => nodes[(l.Step, l.To)].Y).ThenBy(l => nodes[(l.Step - 1, l.From)].Y))
        {
            var source = nodes[(link.Step - 1, link.From)];
            var target = nodes[(link.Step, link.To)];
            var thickness = link.Sessions * scale;
            var y0 = source.Y + outOffset.GetValueOrDefault((source.Step, source.Name));
            outOffset[(source.Step, source.Name)] = outOffset.GetValueOrDefault((source.Step, source.Name)) + thickness;
            // Read left to right: a path to a page runs from the later step's node (left) to the earlier one (right).
            var (left, right) = reversed ? (target, source) : (source, target);
            var yTarget = target.Y + inOffset.GetValueOrDefault((target.Step, target.Name));
            inOffset[(target.Step, target.Name)] = inOffset.GetValueOrDefault((target.Step, target.Name)) + thickness;
            var (yLeft, yRight) = reversed ? (yTarget, y0) : (y0, yTarget);
            bands.Add(new PathBand(link, source.Sessions == 0 ? 0 : (double)link.Sessions / source.Sessions, left.X + NodeWidth, yLeft, right.X,
                yRight, thickness));
        }
        Bands = bands;
        Width = 2 * Margin + steps * ColumnWidth + NodeWidth + LabelRoom;
        Height = 2 * Margin + (columns.Count == 0 ? 0 : columns.Values.Max(c => c.Sum(n => n.Sessions * scale) + (c.Count - 1) * Gap));
    }

    /// <summary>Pages first, then (other), (goal), (end) and (start).</summary>
    private static int Rank(string name) => name switch
    {
        Paths.Other => 1,
        Paths.Goal => 2,
        Paths.End => 3,
        Paths.Start => 4,
        _ => 0,
    };

    /// <summary>A node's tooltip: <c>/cart at step 2: 1,234 sessions (12.3 % of those through /home)</c>.</summary>
    public static string Describe(PathNode node, string page) => string.Create(CultureInfo.InvariantCulture,
        $"{node.Name} at step {node.Step}: {node.Sessions:N0} sessions ({node.Share:P1} of those through {page})");

    /// <summary>A band's tooltip: <c>/cart -> /checkout: 456 sessions (37.0 % of /cart's at step 1)</c>.</summary>
    public static string Describe(PathBand band) => string.Create(CultureInfo.InvariantCulture,
        $"{band.Link.From} -> {band.Link.To}: {band.Link.Sessions:N0} sessions ({band.Share:P1} of {band.Link.From}'s at step {band.Link.Step - 1})");
}
