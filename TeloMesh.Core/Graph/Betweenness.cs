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
public static class Betweenness
{
    private const int Chunks = 16;
    private const double RelativeTolerance = 1e-12;

    /// <summary>Betweenness per page id, each in [0, 1].</summary>
    public static double[] Compute(JourneyGraph graph, BetweennessMode mode, CompatMode compat = CompatMode.Default)
    {
        var n = graph.Pages.Count;
        var adjacency = Adjacency.Build(graph, mode);
        var sources = graph.NodeOrder.ToArray();
        var chunkCount = compat == CompatMode.TeloMesh ? 1 : Math.Clamp(sources.Length / 4, 1, Chunks);
        var partial = new double[chunkCount][];
        Parallel.For(0, chunkCount, c =>
        {
            var sums = new double[n];
            var work = new Workspace(n, adjacency.InDegreeOffsets);
            var from = (int)((long)sources.Length * c / chunkCount);
            var to = (int)((long)sources.Length * (c + 1) / chunkCount);
            for (var i = from; i < to; i++)
                SingleSource(adjacency, sources[i], mode, work, sums);
            partial[c] = sums;
        });
        var raw = new double[n];
        foreach (var sums in partial)
            for (var v = 0; v < n; v++) raw[v] += sums[v];

        if (compat == CompatMode.TeloMesh && graph.NodeCount > 2)
        {
            // networkx normalises by 1/((n-1)(n-2)) first; the original then divided by the largest value.
            var scale = 1.0 / ((graph.NodeCount - 1.0) * (graph.NodeCount - 2.0));
            for (var v = 0; v < n; v++) raw[v] *= scale;
        }
        var max = raw.Length == 0 ? 0 : raw.Max();
        if (max > 0)
            for (var v = 0; v < n; v++) raw[v] /= max;
        else
            Array.Clear(raw);
        return raw;
    }

    private static void SingleSource(Adjacency g, int s, BetweennessMode mode, Workspace w, double[] sums)
    {
        w.Reset();
        w.Sigma[s] = 1;
        w.Distance[s] = 0;
        if (mode == BetweennessMode.Hops) Breadth(g, s, w);
        else Dijkstra(g, s, w, mode == BetweennessMode.Probability ? RelativeTolerance : 0);

        // Dependency accumulation in reverse order of settling, as networkx's _accumulate_basic.
        for (var k = w.SettledCount - 1; k >= 0; k--)
        {
            var x = w.Settled[k];
            var coefficient = (1 + w.Delta[x]) / w.Sigma[x];
            var start = g.InDegreeOffsets[x];
            for (var p = start; p < start + w.PredecessorCount[x]; p++)
            {
                var v = w.Predecessors[p];
                w.Delta[v] += w.Sigma[v] * coefficient;
            }
            if (x != s) sums[x] += w.Delta[x];
        }
    }

    private static void Breadth(Adjacency g, int s, Workspace w)
    {
        var head = 0;
        w.Settled[w.SettledCount++] = s;
        while (head < w.SettledCount)
        {
            var v = w.Settled[head++];
            var next = w.Distance[v] + 1;
            for (var e = g.Offsets[v]; e < g.Offsets[v + 1]; e++)
            {
                var x = g.Targets[e];
                if (double.IsPositiveInfinity(w.Distance[x]))
                {
                    w.Distance[x] = next;
                    w.Settled[w.SettledCount++] = x;
                }
                if (w.Distance[x] == next)
                {
                    w.Sigma[x] += w.Sigma[v];
                    w.AddPredecessor(g, x, v);
                }
            }
        }
    }

    private static void Dijkstra(Adjacency g, int s, Workspace w, double tolerance)
    {
        var queue = w.Queue;
        long sequence = 0;
        queue.Enqueue(s, (0, sequence++));
        while (queue.TryDequeue(out var v, out var priority))
        {
            if (w.Visited[v]) continue;
            w.Visited[v] = true;
            w.Settled[w.SettledCount++] = v;
            var d = priority.Distance;
            for (var e = g.Offsets[v]; e < g.Offsets[v + 1]; e++)
            {
                var x = g.Targets[e];
                if (w.Visited[x]) continue;
                var candidate = d + g.Lengths[e];
                var known = w.Distance[x];
                if (double.IsPositiveInfinity(known) || candidate < known - tolerance * known)
                {
                    w.Distance[x] = candidate;
                    w.Sigma[x] = w.Sigma[v];
                    w.PredecessorCount[x] = 0;
                    w.AddPredecessor(g, x, v);
                    queue.Enqueue(x, (candidate, sequence++));
                }
                else if (Math.Abs(candidate - known) <= tolerance * known)
                {
                    w.Sigma[x] += w.Sigma[v];
                    w.AddPredecessor(g, x, v);
                }
            }
        }
    }

    /// <summary>Per-thread scratch arrays, reused for every source of a chunk.</summary>
    private sealed class Workspace(int n, int[] inOffsets)
    {
        public readonly double[] Sigma = new double[n], Distance = new double[n], Delta = new double[n];
        public readonly bool[] Visited = new bool[n];
        public readonly int[] Settled = new int[n], PredecessorCount = new int[n], Predecessors = new int[inOffsets[^1]];
        public readonly PriorityQueue<int, (double Distance, long Sequence)> Queue = new();
        public int SettledCount;

        private bool _fresh = true;

        /// <summary>Clears what the last source touched: every node it reached was settled, so that is enough.</summary>
        public void Reset()
        {
            if (_fresh)
            {
                Array.Fill(Distance, double.PositiveInfinity);
                _fresh = false;
            }
            for (var k = 0; k < SettledCount; k++)
            {
                var v = Settled[k];
                Sigma[v] = Delta[v] = 0;
                Distance[v] = double.PositiveInfinity;
                PredecessorCount[v] = 0;
                Visited[v] = false;
            }
            SettledCount = 0;
            Queue.Clear();
        }

        public void AddPredecessor(Adjacency g, int node, int predecessor) =>
            Predecessors[g.InDegreeOffsets[node] + PredecessorCount[node]++] = predecessor;
    }

    /// <summary>Outgoing edges in compressed rows (self-loops left out: they are never on a shortest path).</summary>
    private sealed record Adjacency(int[] Offsets, int[] Targets, double[] Lengths, int[] InDegreeOffsets)
    {
        public static Adjacency Build(JourneyGraph graph, BetweennessMode mode)
        {
            var n = graph.Pages.Count;
            var outWeight = new double[n];
            var outDegree = new int[n];
            var inDegree = new int[n];
            foreach (var e in graph.Edges)
            {
                outWeight[e.From] += e.Weight;
                if (e.IsSelfLoop) continue;
                outDegree[e.From]++;
                inDegree[e.To]++;
            }
            var offsets = new int[n + 1];
            var inOffsets = new int[n + 1];
            for (var v = 0; v < n; v++)
            {
                offsets[v + 1] = offsets[v] + outDegree[v];
                inOffsets[v + 1] = inOffsets[v] + inDegree[v];
            }
            var targets = new int[offsets[n]];
            var lengths = new double[offsets[n]];
            var fill = offsets[..n];
            foreach (var e in graph.Edges) // insertion order, as networkx iterates neighbours
            {
                if (e.IsSelfLoop) continue;
                var k = fill[e.From]++;
                targets[k] = e.To;
                lengths[k] = mode switch
                {
                    BetweennessMode.Probability => -Math.Log(e.Weight / outWeight[e.From]) + 1e-9,
                    BetweennessMode.Hops => 1,
                    _ => e.Weight,
                };
            }
            return new Adjacency(offsets, targets, lengths, inOffsets);
        }
    }
}
