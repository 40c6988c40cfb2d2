using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace TeloMesh.Core.Graph;

/// <summary>The data structures behind <see cref="Betweenness"/>: per-thread scratch arrays, the heap, the adjacency.</summary>
public static partial class Betweenness
{
    /// <summary>Per-thread scratch arrays, reused for every source of a chunk.</summary>
    private sealed class Workspace
    {
        public readonly double[] Sigma, Distance, Delta;
        public readonly bool[] Visited;
        public readonly int[] Settled, PredecessorCount;

        /// <summary>
        /// Each node's first predecessor on its shortest routes, in a dense array: usually the only one (every route
        /// of the default lengths is unique in practice), and far fewer cache lines than <see cref="Predecessors"/>.
        /// </summary>
        public readonly int[] FirstPredecessor;

        /// <summary>Any further predecessors of node x, from x's offset among the in-degrees.</summary>
        public readonly int[] Predecessors;

        /// <summary>The edges of the node being settled that may shorten a route (see Dijkstra).</summary>
        public readonly int[] Found;
        public readonly IDistanceQueue Queue;
        public int SettledCount;

        private bool _fresh = true;

        /// <param name="networkxOrder">Settle equal distances in networkx's order (the binary heap), as compatibility
        /// mode needs; otherwise any order (the radix heap).</param>
        public Workspace(int n, Adjacency edges, bool networkxOrder)
        {
            Sigma = new double[n];
            Distance = new double[n];
            Delta = new double[n];
            Visited = new bool[n];
            Settled = new int[n];
            PredecessorCount = new int[n];
            FirstPredecessor = new int[n];
            Predecessors = new int[edges.InDegreeOffsets[^1]];
            Found = new int[n];
            Queue = networkxOrder ? new MinHeap(Distance, edges) : new RadixHeap(Distance, edges);
        }

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
    }

    /// <summary>
    /// An indexed binary min-heap of nodes keyed by (distance, when the distance was last lowered), with decrease-key.
    /// That key settles nodes in the order networkx's lazy heap of (distance, push counter) does (its stale entries
    /// are skipped, so a node is popped at its best distance and that push's counter), so equal routes are settled in
    /// the same order and compatibility mode sums in the same order. Each node is in the heap at most once: a few
    /// times fewer heap operations than pushing every improvement.
    /// </summary>
    private sealed class MinHeap(double[] distance, Adjacency edges) : IDistanceQueue
    {
        private readonly Entry[] _heap = new Entry[distance.Length + 1];
        private readonly int[] _position = CreatePositions(distance.Length);
        private int _count;
        private long _next;

        private readonly record struct Entry(double Distance, long Sequence, int Node)
        {
            /// <summary>Never before anything: fills the slot after the last entry, so every node has two children to compare.</summary>
            public static readonly Entry Sentinel = new(double.PositiveInfinity, long.MaxValue, -1);

            // Non-short-circuit & and |: the outcome is a coin toss while sifting, so no branch to mispredict.
            public bool Before(in Entry other) => (Distance < other.Distance) | ((Distance == other.Distance) & (Sequence < other.Sequence));
        }

        private static int[] CreatePositions(int n)
        {
            var positions = new int[n];
            Array.Fill(positions, -1);
            return positions;
        }

        /// <summary>Adds the node, or moves it up after its distance was lowered.</summary>
        public void Improve(int node)
        {
            var i = _position[node];
            if (i < 0) i = _count++;
            SiftUp(new Entry(distance[node], _next++, node), i);
        }

        /// <summary>Puts <paramref name="entry"/> in slot <paramref name="i"/> or above it, moving later parents down.</summary>
        private void SiftUp(Entry entry, int i)
        {
            var heap = _heap;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (!entry.Before(heap[parent])) break;
                heap[i] = heap[parent];
                _position[heap[i].Node] = i;
                i = parent;
            }
            heap[i] = entry;
            _position[entry.Node] = i;
        }

        /// <summary>
        /// Takes the smallest entry out. The hole it leaves is moved down along the smaller children to a leaf (one
        /// comparison per level instead of two), and the last entry goes into it and up: it came from the bottom, so it
        /// rarely climbs far (Floyd's bottom-up heap). Entries are unique, so the pop order is the same either way.
        /// </summary>
        public bool TryPop(out int node)
        {
            if (_count == 0)
            {
                node = -1;
                return false;
            }
            var heap = _heap;
            var position = _position;
            node = heap[0].Node;
            position[node] = -1;
            var count = --_count;
            if (count == 0) return true;
            var last = heap[count];
            heap[count] = Entry.Sentinel;
            var i = 0;
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= count) break;
                child += heap[child + 1].Before(heap[child]) ? 1 : 0;
                heap[i] = heap[child];
                position[heap[i].Node] = i;
                i = child;
            }
            SiftUp(last, i);
            edges.Prefetch(heap[0].Node); // next out, unless a nearer one comes
            return true;
        }

        public void Clear()
        {
            for (var k = 0; k < _count; k++) _position[_heap[k].Node] = -1;
            _count = 0;
            _next = 0;
        }
    }

    /// <summary>The pages Dijkstra has reached and not settled, nearest first.</summary>
    private interface IDistanceQueue
    {
        /// <summary>Adds the node, or notes that its distance was lowered.</summary>
        void Improve(int node);

        /// <summary>Takes out the unsettled node of smallest distance.</summary>
        bool TryPop(out int node);

        void Clear();
    }

    /// <summary>
    /// A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan 1990) over the bit patterns of distances, which for non-negative
    /// doubles sort as the numbers do. Dijkstra only adds distances at least as large as the last one taken out, so
    /// bucket b holds the keys whose highest bit that differs from that last key is bit b - 1. When bucket 0 (keys equal
    /// to the last) is empty, the lowest non-empty bucket is spread out below its smallest key; each entry moves down a few
    /// times at most, and a pop follows no chain of comparisons as a binary heap's does. A node whose distance drops is
    /// added again and its old entry skipped when it comes up (its key is no longer the node's distance: distances only
    /// drop, and a settled node's never changes again). Equal distances come out in no particular order, so the
    /// compatibility mode, which replays networkx's order, keeps <see cref="MinHeap"/>.
    /// </summary>
    private sealed class RadixHeap(double[] distance, Adjacency edges) : IDistanceQueue
    {
        // Keys of non-negative doubles have bit 63 clear, so two keys differ at bit 62 at most: buckets 0 to 63.
        private const int Buckets = 64;
        private readonly (ulong Key, int Node)[][] _buckets = [.. Enumerable.Range(0, Buckets).Select(_ => new (ulong, int)[64])];
        private readonly int[] _counts = new int[Buckets];
        private ulong _last;

        /// <summary>Bit b is set when bucket b (b &gt; 0) may hold entries: the next one to refill from is the lowest.</summary>
        private ulong _filled;

        private static ulong Key(double distance) => BitConverter.DoubleToUInt64Bits(distance);

        /// <summary>One more than the highest bit in which the key differs from <paramref name="last"/>; 0 when equal.</summary>
        private static int Bucket(ulong key, ulong last) => Buckets - BitOperations.LeadingZeroCount(key ^ last);

        public void Improve(int node)
        {
            var key = Key(distance[node]);
            Add(Bucket(key, _last), key, node);
        }

        private void Add(int b, ulong key, int node)
        {
            var count = _counts[b];
            if (count == _buckets[b].Length) Array.Resize(ref _buckets[b], count * 2);
            _buckets[b][count] = (key, node);
            _counts[b] = count + 1;
            _filled |= 1UL << b;
        }

        public bool TryPop(out int node)
        {
            while (_counts[0] > 0 || Refill())
            {
                var (key, candidate) = _buckets[0][--_counts[0]];
                if (key != Key(distance[candidate])) continue; // added again nearer
                if (_counts[0] > 0) edges.Prefetch(_buckets[0][_counts[0] - 1].Node); // next out, unless a nearer one comes
                node = candidate;
                return true;
            }
            node = -1;
            return false;
        }

        /// <summary>
        /// Moves the lowest non-empty bucket's entries down, around its smallest key; false when all are empty. Stale
        /// entries move too and are skipped when popped: checking them here would cost a look-up per move, and a stale
        /// key is still a key no smaller than the last one taken out, so the smallest key stays a valid new last.
        /// </summary>
        private bool Refill()
        {
            var filled = _filled & ~1UL;
            if (filled == 0) return false;
            var b = BitOperations.TrailingZeroCount(filled);
            _filled &= ~(1UL << b);
            var bucket = _buckets[b];
            var count = _counts[b];
            _counts[b] = 0;
            var min = ulong.MaxValue;
            var first = -1;
            for (var i = 0; i < count; i++)
            {
                if (bucket[i].Key >= min) continue;
                min = bucket[i].Key;
                first = bucket[i].Node;
            }
            edges.Prefetch(first); // it comes out next: its edges load while the others move
            _last = min;
            for (var i = 0; i < count; i++)
            {
                var (key, node) = bucket[i];
                Add(Bucket(key, min), key, node);
            }
            return true;
        }

        public void Clear()
        {
            Array.Clear(_counts);
            _filled = 0;
            _last = 0;
        }
    }

    /// <summary>
    /// Outgoing edges in compressed rows (self-loops left out: they are never on a shortest path). Each target appears
    /// at most once in a node's row, as the graph builder merges repeated transitions into one weighted edge; Dijkstra's
    /// two edge loops rely on it.
    /// </summary>
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

        /// <summary>
        /// Asks the CPU to start loading the node's first edges into cache. Settling a node begins with its edges, which
        /// lie anywhere in arrays larger than the core's cache, so without a hint each node starts with a wait for
        /// memory. The heaps call this for the node they will hand out next, so its loads overlap the current node's
        /// work: 8-10% of exact betweenness with weighted lengths. (Hops settle in breadth-first order, where the same
        /// hint measured no gain.) A prefetch is only a hint: it never faults, even past an array's end, and if the
        /// garbage collector has just moved the array the hint is merely wasted, so the pointer needs no pinning.
        /// Kept out of line, which keeps the heaps' hot paths small and measured no slower.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public unsafe void Prefetch(int node)
        {
            var e = Offsets[node];
            if (!Sse.IsSupported || e == Offsets[node + 1]) return;
            Sse.Prefetch0(Unsafe.AsPointer(ref Targets[e]));
            var lengths = (byte*)Unsafe.AsPointer(ref Lengths[e]);
            Sse.Prefetch0(lengths);
            Sse.Prefetch0(lengths + 64);
            Sse.Prefetch0(lengths + 128);
        }
    }
}
