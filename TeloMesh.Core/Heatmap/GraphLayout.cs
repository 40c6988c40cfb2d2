using GraphShape;
using GraphShape.Algorithms.Layout;
using QuikGraph;
using TeloMesh.Core.Graph;

namespace TeloMesh.Core.Heatmap;

/// <summary>Where each page is drawn: the top-left corner and size of its box, in the layout's units (pixels).</summary>
public readonly record struct NodeBox(double X, double Y, double Width, double Height)
{
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;
}

/// <summary>
/// Lays the journey graph out in layers (GraphShape's Sugiyama algorithm), entry pages on top and journeys flowing
/// down, so the dashboard and the HTML export draw the same picture. Dense journey graphs have an edge between most
/// pairs of pages, which makes a layered layout slow and unreadable; the layout therefore uses each page's
/// <see cref="StrongestEdgesPerPage"/> strongest outgoing transitions (the backbone of the journeys); the heatmap draws
/// the same backbone by default and every edge on request. Boxes are sized by traffic, so the busiest pages stand out before any colour is read.
/// </summary>
public static class GraphLayout
{
    public const int StrongestEdgesPerPage = 3;

    /// <summary>The most pages side by side in one row.</summary>
    public const int MaxPerRow = 8;
    private const double NodeHeight = 36, CharWidth = 7.5, Padding = 24, MinWidth = 70;

    /// <summary>
    /// The layout of an analysis's journey graph: boxes sized by the steps on each page, and the pages where at least
    /// 5 % of sessions start (or the most common entry) on top.
    /// </summary>
    public static IReadOnlyDictionary<int, NodeBox> Compute(Pipeline.AnalysisResult result)
    {
        var steps = new int[result.Graph.Pages.Count];
        foreach (var (page, totals) in FlowHeatmap.PageTotals(result.Friction)) steps[result.Graph.Pages.Find(page)] = totals.Steps;
        var starts = result.SessionStarts();
        var entries = Enumerable.Range(0, starts.Length).Where(p => starts[p] >= 0.05 * result.SessionCount).ToList();
        if (entries.Count == 0 && starts.Length > 0) entries.Add(Array.IndexOf(starts, starts.Max()));
        return Compute(result.Graph, steps, entries);
    }

    /// <param name="traffic">Steps per page id: busier pages get bigger boxes (up to 1.6 times), or all the same when null.</param>
    /// <param name="entries">Pages to put on top; journeys are laid out downwards from them (by hop distance).</param>
    public static IReadOnlyDictionary<int, NodeBox> Compute(JourneyGraph graph, IReadOnlyList<int>? traffic = null, IReadOnlyList<int>? entries = null)
    {
        var depth = Depths(graph, entries ?? (graph.NodeOrder.Count > 0 ? [graph.NodeOrder[0]] : []));
        var busiest = traffic is null || traffic.Count == 0 ? 0 : traffic.Max();
        double Scale(int node) => busiest == 0 ? 1 : 1 + 0.6 * Math.Sqrt((double)traffic![node] / busiest);
        // GraphShape needs reference-type vertices: each page id is boxed once as its own object.
        var vertices = graph.NodeOrder.ToDictionary(n => n, n => new PageVertex(n));
        var layoutGraph = new BidirectionalGraph<PageVertex, Edge<PageVertex>>(allowParallelEdges: false);
        foreach (var node in graph.NodeOrder) layoutGraph.AddVertex(vertices[node]);
        // Only edges one step further from the entries, so a page's layer is its distance from them: cycles (back,
        // retry) would otherwise pull pages above their entry, and long detours would stretch the picture.
        foreach (var edge in Strongest(graph.Edges.Where(e => depth[e.To] == depth[e.From] + 1)))
            layoutGraph.AddEdge(new Edge<PageVertex>(vertices[edge.From], vertices[edge.To]));

        var sizes = vertices.Values.ToDictionary(v => v, v => new Size(Width(graph.Pages[v.Id]) * Scale(v.Id), NodeHeight * Scale(v.Id)));
        var positions = new Dictionary<PageVertex, Point>();
        var parameters = new SugiyamaLayoutParameters { LayerGap = 60, SliceGap = 24, OptimizeWidth = true, WidthPerHeight = 1.6 };
        var algorithm = new SugiyamaLayoutAlgorithm<PageVertex, Edge<PageVertex>, BidirectionalGraph<PageVertex, Edge<PageVertex>>>(
            layoutGraph, positions, sizes, parameters);
        algorithm.Compute();

        var centres = algorithm.VerticesPositions.ToDictionary(p => p.Key.Id, p => (p.Value.X, p.Value.Y));
        var size = vertices.Values.ToDictionary(v => v.Id, v => sizes[v]);
        return Wrap(centres, size, depth);
    }

    /// <summary>
    /// Journeys fan out: a shop's product pages all sit in one layer, tens of boxes wide. Layers wider than
    /// <see cref="MaxPerRow"/> pages are wrapped into several rows (keeping the left-to-right order the algorithm chose
    /// to reduce crossings), and every row is centred, so the picture keeps a readable shape on screen.
    /// </summary>
    private static Dictionary<int, NodeBox> Wrap(Dictionary<int, (double X, double Y)> centres, Dictionary<int, Size> sizes, int[] depth)
    {
        const double RowGap = 18, LayerGap = 56, Gap = 20, Margin = 20;
        // A page's layer is its distance from the entries; the algorithm's x order within a layer keeps crossings low.
        var layers = centres.GroupBy(c => depth[c.Key]).OrderBy(g => g.Key)
            .Select(g => g.OrderBy(c => c.Value.X).Select(c => c.Key).ToList()).ToList();
        var rows = new List<(List<int> Nodes, bool LastOfLayer)>();
        foreach (var layer in layers)
        {
            var chunks = layer.Chunk(MaxPerRow).ToList();
            for (var i = 0; i < chunks.Count; i++) rows.Add((chunks[i].ToList(), i == chunks.Count - 1));
        }
        double RowWidth(List<int> row) => row.Sum(n => sizes[n].Width) + Gap * (row.Count - 1);
        var width = rows.Count == 0 ? 0 : rows.Max(r => RowWidth(r.Nodes));
        var boxes = new Dictionary<int, NodeBox>();
        var y = Margin;
        foreach (var (row, last) in rows)
        {
            var height = row.Max(n => sizes[n].Height);
            var x = Margin + (width - RowWidth(row)) / 2;
            foreach (var n in row)
            {
                boxes[n] = new NodeBox(x, y + (height - sizes[n].Height) / 2, sizes[n].Width, sizes[n].Height);
                x += sizes[n].Width + Gap;
            }
            y += height + (last ? LayerGap : RowGap);
        }
        return boxes;
    }

    /// <summary>Hop distance from the nearest entry page; pages no entry reaches come after the deepest.</summary>
    private static int[] Depths(JourneyGraph graph, IReadOnlyList<int> entries)
    {
        var depth = new int[graph.Pages.Count];
        Array.Fill(depth, int.MaxValue);
        var queue = new Queue<int>();
        foreach (var e in entries)
        {
            depth[e] = 0;
            queue.Enqueue(e);
        }
        var outgoing = graph.Edges.Where(e => !e.IsSelfLoop).ToLookup(e => e.From, e => e.To);
        while (queue.Count > 0)
        {
            var page = queue.Dequeue();
            foreach (var next in outgoing[page])
            {
                if (depth[next] != int.MaxValue) continue;
                depth[next] = depth[page] + 1;
                queue.Enqueue(next);
            }
        }
        var deepest = depth.Where(d => d != int.MaxValue).DefaultIfEmpty(0).Max();
        for (var p = 0; p < depth.Length; p++)
            if (depth[p] == int.MaxValue) depth[p] = deepest + 1;
        return depth;
    }

    /// <summary>Each page's <see cref="StrongestEdgesPerPage"/> heaviest outgoing edges (ties by target page id).</summary>
    public static IEnumerable<JourneyEdge> Strongest(IEnumerable<JourneyEdge> edges) =>
        edges.GroupBy(e => e.From).SelectMany(g => g.OrderByDescending(e => e.Weight).ThenBy(e => e.To).Take(StrongestEdgesPerPage));

    private sealed record PageVertex(int Id);

    /// <summary>The width of a page's box: room for its name, capped so long URLs do not dominate.</summary>
    public static double Width(string page) => Math.Max(MinWidth, Math.Min(page.Length, 32) * CharWidth + Padding);
}
