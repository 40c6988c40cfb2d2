using GraphShape;
using GraphShape.Algorithms.Layout;
using QuikGraph;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Heatmap;

/// <summary>Where each page is drawn: the top-left corner and size of its box, in the layout's units (pixels).</summary>
public readonly record struct NodeBox(double X, double Y, double Width, double Height)
{
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;
}

/// <summary>How the heatmap places pages: in layers by hops from the entry pages, or in funnel columns by typical step.</summary>
public enum LayoutKind
{
    /// <summary>Entry pages on top, each page one layer below the page that first leads to it (<see cref="GraphLayout.Compute(Pipeline.AnalysisResult)"/>).</summary>
    Layered,

    /// <summary>Pages in columns, left to right, by the step at which sessions typically first reach them (<see cref="GraphLayout.Funnel(Pipeline.AnalysisResult)"/>).</summary>
    Funnel,
}

/// <summary>A column of the funnel layout: where it starts, how wide it is and its heading ("step 3").</summary>
public sealed record LayoutColumn(double X, double Width, string Label);

/// <summary>Where each page id is drawn, and for the funnel layout its columns' headings (none for the layered one).</summary>
public sealed record PageLayout(IReadOnlyDictionary<int, NodeBox> Boxes, IReadOnlyList<LayoutColumn> Columns);

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
        var steps = Traffic(result);
        var starts = result.SessionStarts();
        var entries = Enumerable.Range(0, starts.Length).Where(p => starts[p] >= 0.05 * result.SessionCount).ToList();
        if (entries.Count == 0 && starts.Length > 0) entries.Add(Array.IndexOf(starts, starts.Max()));
        return Compute(result.Graph, steps, entries);
    }

    /// <summary>The layout of <paramref name="kind"/>.</summary>
    public static PageLayout Compute(Pipeline.AnalysisResult result, LayoutKind kind) =>
        kind == LayoutKind.Funnel ? Funnel(result) : new PageLayout(Compute(result), []);

    /// <summary>Steps per page id of the analysis's graph.</summary>
    private static int[] Traffic(Pipeline.AnalysisResult result)
    {
        var steps = new int[result.Graph.Pages.Count];
        foreach (var (page, totals) in FlowHeatmap.PageTotals(result.Friction)) steps[result.Graph.Pages.Find(page)] = totals.Steps;
        return steps;
    }

    /// <summary>The most pages stacked in one column of the funnel; more go into columns side by side under one heading.</summary>
    public const int MaxPerColumn = 10;

    /// <summary>
    /// The funnel layout of an analysis (docs/metrics.md section 10, "Funnel"): each page in the column of its typical step
    /// from the session's start (<see cref="FunnelSteps.Typical"/>), boxes sized by traffic as in the layered layout.
    /// </summary>
    public static PageLayout Funnel(Pipeline.AnalysisResult result) =>
        Funnel(result.Graph, FunnelSteps.Typical(result.Aggregates), Traffic(result));

    /// <summary>
    /// Pages in columns left to right by <paramref name="steps"/> (a page without one joins step 1), steps that no page has
    /// left out; within a column the busiest page on top (ties in order of first occurrence), each column centred
    /// vertically, the last step headed "20+" since it holds every later one.
    /// </summary>
    /// <param name="steps">The typical step per page id.</param>
    /// <param name="traffic">Steps per page id: busier pages get bigger boxes and go higher in their column.</param>
    public static PageLayout Funnel(JourneyGraph graph, IReadOnlyList<int> steps, IReadOnlyList<int>? traffic = null)
    {
        const double ColumnGap = 70, SubColumnGap = 24, RowGap = 14, Margin = 20, HeadingHeight = 30;
        var scale = Scales(traffic);
        var size = graph.NodeOrder.ToDictionary(n => n, n => new Size(Width(graph.Pages[n]) * scale(n), NodeHeight * scale(n)));
        var columns = graph.NodeOrder.GroupBy(n => Math.Max(1, steps[n])).OrderBy(g => g.Key)
            .Select(g => (Step: g.Key, Stacks: g.OrderByDescending(n => traffic?[n] ?? 0).Chunk(MaxPerColumn).ToList()))
            .ToList();
        double StackHeight(int[] stack) => stack.Sum(n => size[n].Height) + RowGap * (stack.Length - 1);
        var tallest = columns.Count == 0 ? 0 : columns.Max(c => c.Stacks.Max(StackHeight));
        var boxes = new Dictionary<int, NodeBox>();
        var headings = new List<LayoutColumn>();
        var x = Margin;
        foreach (var (step, stacks) in columns)
        {
            var start = x;
            foreach (var stack in stacks)
            {
                var width = stack.Max(n => size[n].Width);
                var y = Margin + HeadingHeight + (tallest - StackHeight(stack)) / 2;
                foreach (var n in stack)
                {
                    boxes[n] = new NodeBox(x + (width - size[n].Width) / 2, y, size[n].Width, size[n].Height);
                    y += size[n].Height + RowGap;
                }
                x += width + SubColumnGap;
            }
            x -= SubColumnGap;
            headings.Add(new LayoutColumn(start, x - start, step == FunnelSteps.MaxStep ? $"step {step}+" : $"step {step}"));
            x += ColumnGap;
        }
        return new PageLayout(boxes, headings);
    }

    /// <summary>Box scale per page id: 1 for the quietest, up to 1.6 for the busiest; all 1 without traffic.</summary>
    private static Func<int, double> Scales(IReadOnlyList<int>? traffic)
    {
        var busiest = traffic is null || traffic.Count == 0 ? 0 : traffic.Max();
        return node => busiest == 0 ? 1 : 1 + 0.6 * Math.Sqrt((double)traffic![node] / busiest);
    }

    /// <param name="traffic">Steps per page id: busier pages get bigger boxes (up to 1.6 times), or all the same when null.</param>
    /// <param name="entries">Pages to put on top; journeys are laid out downwards from them (by hop distance).</param>
    public static IReadOnlyDictionary<int, NodeBox> Compute(JourneyGraph graph, IReadOnlyList<int>? traffic = null, IReadOnlyList<int>? entries = null)
    {
        var depth = Depths(graph, entries ?? (graph.NodeOrder.Count > 0 ? [graph.NodeOrder[0]] : []));
        var scale = Scales(traffic);
        // GraphShape needs reference-type vertices: each page id is boxed once as its own object.
        var vertices = graph.NodeOrder.ToDictionary(n => n, n => new PageVertex(n));
        var layoutGraph = new BidirectionalGraph<PageVertex, Edge<PageVertex>>(allowParallelEdges: false);
        foreach (var node in graph.NodeOrder) layoutGraph.AddVertex(vertices[node]);
        // Only edges one step further from the entries, so a page's layer is its distance from them: cycles (back,
        // retry) would otherwise pull pages above their entry, and long detours would stretch the picture.
        foreach (var edge in Strongest(graph.Edges.Where(e => depth[e.To] == depth[e.From] + 1)))
            layoutGraph.AddEdge(new Edge<PageVertex>(vertices[edge.From], vertices[edge.To]));

        var sizes = vertices.Values.ToDictionary(v => v, v => new Size(Width(graph.Pages[v.Id]) * scale(v.Id), NodeHeight * scale(v.Id)));
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
