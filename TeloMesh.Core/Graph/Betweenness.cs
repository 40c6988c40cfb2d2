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
        queue.Push(0, s);
        while (queue.TryPop(out var d, out var v))
        {
            if (w.Visited[v]) continue;
            w.Visited[v] = true;
            w.Settled[w.SettledCount++] = v;
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
                    queue.Push(candidate, x);
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
        public readonly MinHeap Queue = new(Math.Max(16, inOffsets[^1] + n));
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

    /// <summary>
    /// A binary min-heap of (distance, node), ties broken by insertion order as networkx's heap does (so equal routes
    /// are settled in the same order and compatibility mode sums in the same order). Arrays of structs, no comparer
    /// calls: several times faster than <see cref="PriorityQueue{TElement, TPriority}"/> with a tuple priority.
    /// </summary>
    private sealed class MinHeap(int capacity)
    {
        private Entry[] _entries = new Entry[capacity];
        private int _count;
        private long _sequence;

        private readonly record struct Entry(double Distance, long Sequence, int Node)
        {
            public bool Before(in Entry other) => Distance < other.Distance || (Distance == other.Distance && Sequence < other.Sequence);
        }

        public void Push(double distance, int node)
        {
            if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
            var entry = new Entry(distance, _sequence++, node);
            var i = _count++;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (!entry.Before(_entries[parent])) break;
                _entries[i] = _entries[parent];
                i = parent;
            }
            _entries[i] = entry;
        }

        public bool TryPop(out double distance, out int node)
        {
            if (_count == 0)
            {
                distance = 0;
                node = -1;
                return false;
            }
            var top = _entries[0];
            distance = top.Distance;
            node = top.Node;
            var last = _entries[--_count];
            var i = 0;
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= _count) break;
                if (child + 1 < _count && _entries[child + 1].Before(_entries[child])) child++;
                if (!_entries[child].Before(last)) break;
                _entries[i] = _entries[child];
                i = child;
            }
            if (_count > 0) _entries[i] = last;
            return true;
        }

        public void Clear()
        {
            _count = 0;
            _sequence = 0;
        }
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
