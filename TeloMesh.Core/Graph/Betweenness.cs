namespace TeloMesh.Core.Graph;

/// <summary>
/// Betweenness centrality of every page (Brandes 2001, directed), scaled so the top page scores 1 (all zero when the
/// largest is zero). Runs over compact adjacency arrays, one Dijkstra (or BFS for hops) per source page.
/// <para>
/// Two paths tie when their lengths are equal; with <see cref="BetweennessMode.Probability"/> lengths are sums of
/// logarithms, so "equal" means within a relative 1e-12 (far below the 1e-9 a single extra step adds); the other
/// modes sum whole numbers and compare exactly.
/// </para>
/// <para>
/// Sources are split into a fixed number of chunks that run in parallel, and the chunks' sums are added in chunk order:
/// the result does not depend on the number of cores. In compatibility mode one chunk walks the sources in insertion
/// order and the values are rescaled as networkx does before dividing by the largest, so the floating-point results
/// match the original bit for bit.
/// </para>
/// </summary>
public static partial class Betweenness
{
    private const int Chunks = 16;

    /// <summary>Above this many pages betweenness may be estimated by default: exact costs pages x edges shortest-path steps.</summary>
    public const int DefaultSampleAbove = 5_000;

    /// <summary>The number of source pages an estimate uses by default.</summary>
    public const int DefaultSamples = 1_000;
    private const double RelativeTolerance = 1e-12;

    /// <summary>Betweenness per page id, each in [0, 1].</summary>
    public static double[] Compute(JourneyGraph graph, BetweennessMode mode, CompatMode compat = CompatMode.Default)
    {
        var n = graph.Pages.Count;
        var adjacency = Adjacency.Build(graph, mode);
        var sources = graph.NodeOrder.ToArray();
        var chunkCount = compat == CompatMode.TeloMesh ? 1 : Math.Clamp(sources.Length / 4, 1, Chunks);
        var raw = Accumulate(adjacency, n, sources, mode, chunkCount, squares: null, networkxOrder: compat == CompatMode.TeloMesh);

        if (compat == CompatMode.TeloMesh && graph.NodeCount > 2)
        {
            // networkx normalises by 1/((n-1)(n-2)) first; the original then divided by the largest value.
            var scale = 1.0 / ((graph.NodeCount - 1.0) * (graph.NodeCount - 2.0));
            for (var v = 0; v < n; v++) raw[v] *= scale;
        }
        return ScaleToTop(raw);
    }

    /// <summary>
    /// Betweenness, exact or, for a large graph, estimated (see <see cref="Estimate"/>). With
    /// <paramref name="sampleAbove"/> given, it is estimated whenever the graph has more pages than that (and than
    /// <paramref name="samples"/>). Without it (the default), it is estimated only above
    /// <see cref="DefaultSampleAbove"/> pages and when the exact computation would take more than
    /// <see cref="ExactWorkBudget"/> edge steps: pages alone overstate the cost when most pages reach few others (many
    /// small journeys), so the edges reached from 64 random sources, scaled to every source, decide. The budget is the
    /// work of the largest graph the page threshold lets through, 5,000 pages and 100,000 edges.
    /// </summary>
    public static BetweennessResult Compute(JourneyGraph graph, BetweennessMode mode, CompatMode compat, int? sampleAbove, int samples)
    {
        var exact = compat == CompatMode.TeloMesh || graph.NodeCount <= Math.Max(sampleAbove ?? DefaultSampleAbove, samples)
            || (sampleAbove is null && EstimatedWork(graph) <= ExactWorkBudget);
        return exact ? new BetweennessResult(Compute(graph, mode, compat), null) : Estimate(graph, mode, samples);
    }

    /// <summary>Edge steps an exact computation may take before the estimate is used instead (about 2 s on two cores).</summary>
    public const long ExactWorkBudget = 500_000_000;

    /// <summary>
    /// The edge steps of an exact computation, estimated: edges reachable from 64 seeded random sources (a search
    /// that follows each edge once), averaged and multiplied by the number of sources.
    /// </summary>
    internal static long EstimatedWork(JourneyGraph graph)
    {
        var adjacency = Adjacency.Build(graph, BetweennessMode.Hops);
        var n = graph.Pages.Count;
        var nodes = graph.NodeOrder;
        var random = new Random(7);
        var seen = new int[n];
        var queue = new int[n];
        long reached = 0;
        const int probes = 64;
        for (var probe = 1; probe <= probes; probe++)
        {
            var source = nodes[random.Next(nodes.Count)];
            var head = 0;
            var tail = 0;
            queue[tail++] = source;
            seen[source] = probe;
            while (head < tail)
            {
                var v = queue[head++];
                reached += adjacency.Offsets[v + 1] - adjacency.Offsets[v];
                for (var e = adjacency.Offsets[v]; e < adjacency.Offsets[v + 1]; e++)
                {
                    var x = adjacency.Targets[e];
                    if (seen[x] == probe) continue;
                    seen[x] = probe;
                    queue[tail++] = x;
                }
            }
        }
        return reached * nodes.Count / probes;
    }

    /// <summary>
    /// A sampled estimate (Brandes and Pich 2007, uniform pivots): the dependencies of <paramref name="samples"/> source
    /// pages drawn uniformly with replacement (seeded, so the same data gives the same numbers) stand for all of them.
    /// <para>
    /// The bound: with X = (dependency of a page on a random source) / (n - 2), which lies in [0, 1] and whose mean is
    /// the page's betweenness normalised by n(n - 2), the empirical Bernstein inequality (Maurer and Pontil 2009,
    /// theorem 4, two-sided) with a union bound over the n pages gives, with probability at least 95%, for every page
    /// at once: |mean - true| &lt;= e = sqrt(2 V L / k) + 7 L / (3 (k - 1)), L = ln(4 n / 0.05), V the sample variance.
    /// Shown as a share of the top page (the scale the product uses), an error of at most e in every page and so in
    /// the top page moves each scaled value by at most 2 e / (estimated top value): that is the stated bound.
    /// </para>
    /// </summary>
    public static BetweennessResult Estimate(JourneyGraph graph, BetweennessMode mode, int samples, int seed = 1)
    {
        var n = graph.Pages.Count;
        if (n <= 2 || samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), "An estimate needs at least 3 pages and 2 samples.");
        var adjacency = Adjacency.Build(graph, mode);
        var random = new Random(seed);
        var nodes = graph.NodeOrder;
        var sources = new int[samples];
        for (var i = 0; i < samples; i++) sources[i] = nodes[random.Next(nodes.Count)];

        var squares = new double[n];
        var sums = Accumulate(adjacency, n, sources, mode, Math.Clamp(samples / 4, 1, Chunks), squares, networkxOrder: false);
        var range = n - 2.0;
        var log = Math.Log(4.0 * n / (1 - EstimateConfidence));
        var worst = 0.0;
        var top = 0.0;
        for (var v = 0; v < n; v++)
        {
            var mean = sums[v] / (samples * range);
            var variance = Math.Max(0, (squares[v] / (range * range) - samples * mean * mean) / (samples - 1));
            var error = Math.Sqrt(2 * variance * log / samples) + 7 * log / (3.0 * (samples - 1));
            worst = Math.Max(worst, error);
            top = Math.Max(top, mean);
        }
        var bound = top > 0 ? Math.Min(1, 2 * worst / top) : 1;
        return new BetweennessResult(ScaleToTop(sums), new BetweennessEstimate(samples, n, bound, EstimateConfidence));
    }

    /// <summary>The confidence of the stated bound of an estimate.</summary>
    public const double EstimateConfidence = 0.95;

    /// <summary>
    /// Sums every source's dependencies (and, when <paramref name="squares"/> is given, their squares). Sources are split
    /// into fixed chunks that run in parallel and are added in chunk order, so the result does not depend on the cores.
    /// </summary>
    private static double[] Accumulate(Adjacency adjacency, int n, int[] sources, BetweennessMode mode, int chunkCount, double[]? squares,
        bool networkxOrder)
    {
        var partial = new (double[] Sums, double[]? Squares)[chunkCount];
        Parallel.For(0, chunkCount, c =>
        {
            var sums = new double[n];
            var chunkSquares = squares is null ? null : new double[n];
            var work = new Workspace(n, adjacency, networkxOrder);
            var from = (int)((long)sources.Length * c / chunkCount);
            var to = (int)((long)sources.Length * (c + 1) / chunkCount);
            for (var i = from; i < to; i++)
                SingleSource(adjacency, sources[i], mode, work, sums, chunkSquares);
            partial[c] = (sums, chunkSquares);
        });
        var raw = new double[n];
        foreach (var (sums, chunkSquares) in partial)
            for (var v = 0; v < n; v++)
            {
                raw[v] += sums[v];
                if (squares is not null) squares[v] += chunkSquares![v];
            }
        return raw;
    }

    private static double[] ScaleToTop(double[] raw)
    {
        var max = raw.Length == 0 ? 0 : raw.Max();
        if (max > 0)
            for (var v = 0; v < raw.Length; v++) raw[v] /= max;
        else
            Array.Clear(raw);
        return raw;
    }

    private static void SingleSource(Adjacency g, int s, BetweennessMode mode, Workspace w, double[] sums, double[]? squares)
    {
        w.Reset();
        w.Sigma[s] = 1;
        w.Distance[s] = 0;
        if (mode == BetweennessMode.Hops) Breadth(g, s, w);
        else Dijkstra(g, s, w, mode == BetweennessMode.Probability ? RelativeTolerance : 0);

        // Dependency accumulation in reverse order of settling, as networkx's _accumulate_basic.
        var settled = w.Settled;
        var delta = w.Delta;
        var sigma = w.Sigma;
        var predecessors = w.Predecessors;
        var counts = w.PredecessorCount;
        var first = w.FirstPredecessor;
        var inOffsets = g.InDegreeOffsets;
        for (var k = w.SettledCount - 1; k >= 0; k--)
        {
            var x = settled[k];
            var coefficient = (1 + delta[x]) / sigma[x];
            var count = counts[x];
            if (count > 0)
            {
                var u = first[x];
                delta[u] += sigma[u] * coefficient;
                var start = inOffsets[x];
                var end = start + count - 1;
                for (var p = start; p < end; p++)
                {
                    var v = predecessors[p];
                    delta[v] += sigma[v] * coefficient;
                }
            }
            if (x == s) continue;
            sums[x] += delta[x];
            if (squares is not null) squares[x] += delta[x] * delta[x];
        }
    }

    private static void Breadth(Adjacency g, int s, Workspace w)
    {
        var distance = w.Distance;
        var sigma = w.Sigma;
        var settled = w.Settled;
        var inOffsets = g.InDegreeOffsets;
        var offsets = g.Offsets;
        var targets = g.Targets;
        var head = 0;
        var tail = 0;
        settled[tail++] = s;
        while (head < tail)
        {
            var v = settled[head++];
            var next = distance[v] + 1;
            var sigmaV = sigma[v];
            for (var e = offsets[v]; e < offsets[v + 1]; e++)
            {
                var x = targets[e];
                var known = distance[x];
                if (double.IsPositiveInfinity(known))
                {
                    distance[x] = known = next;
                    settled[tail++] = x;
                }
                if (known == next)
                {
                    sigma[x] += sigmaV;
                    AddPredecessor(w, inOffsets, x, v);
                }
            }
        }
        w.SettledCount = tail;
    }

    private static void Dijkstra(Adjacency g, int s, Workspace w, double tolerance)
    {
        var queue = w.Queue;
        var distance = w.Distance;
        var visited = w.Visited;
        var settled = w.Settled;
        var offsets = g.Offsets;
        var targets = g.Targets;
        var lengths = g.Lengths;
        var found = w.Found;
        var tail = 0;
        // "Shorter" means below known x (1 - tolerance), "as short" within known x (1 +- tolerance). Most edges are
        // neither, so a first loop makes one comparison per edge and notes the few that are; a second loop handles
        // those. With no call in it, the first loop keeps every value in a register.
        var shorter = 1 - tolerance;
        var asShort = 1 + tolerance;
        queue.Improve(s);
        while (queue.TryPop(out var v))
        {
            visited[v] = true;
            settled[tail++] = v;
            var d = distance[v];
            var end = offsets[v + 1];
            var count = 0;
            for (var e = offsets[v]; e < end; e++)
                if (d + lengths[e] <= distance[targets[e]] * asShort) found[count++] = e;
            // Each target appears once among v's edges (see Adjacency), so handling one cannot change another's test.
            for (var i = 0; i < count; i++)
            {
                var e = found[i];
                var candidate = d + lengths[e];
                Reach(g, w, v, targets[e], candidate, candidate < distance[targets[e]] * shorter);
            }
        }
        w.SettledCount = tail;
    }

    /// <summary>Notes one more shortest route into x through v: the first in a dense array, the rest in x's slice of the in-degrees.</summary>
    private static void AddPredecessor(Workspace w, int[] inOffsets, int x, int v)
    {
        var count = w.PredecessorCount[x]++;
        if (count == 0) w.FirstPredecessor[x] = v;
        else w.Predecessors[inOffsets[x] + count - 1] = v;
    }

    /// <summary>
    /// An edge v -> x that is a shortest route to x so far: the only one (<paramref name="shorter"/>; x moves up the
    /// queue) or one more of equal length (unless x is already settled, where only the first test can fail).
    /// </summary>
    private static void Reach(Adjacency g, Workspace w, int v, int x, double candidate, bool shorter)
    {
        if (shorter)
        {
            w.Distance[x] = candidate;
            w.Sigma[x] = w.Sigma[v];
            w.PredecessorCount[x] = 1;
            w.FirstPredecessor[x] = v;
            w.Queue.Improve(x);
        }
        else if (!w.Visited[x])
        {
            w.Sigma[x] += w.Sigma[v];
            AddPredecessor(w, g.InDegreeOffsets, x, v);
        }
    }
}
