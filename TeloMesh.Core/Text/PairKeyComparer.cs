namespace TeloMesh.Core.Text;

/// <summary>
/// Hashes two ids packed into a <see cref="long"/> (<c>first &lt;&lt; 32 | second</c>). The hash of a <see cref="long"/>
/// XORs its halves, so the pairs of neighbouring ids that real data is full of (page 4 to page 5, pages numbered as
/// they are first seen) land in a handful of buckets, and a dictionary of 100,000 edges slows to quadratic time. This
/// comparer mixes every bit (Fibonacci hashing) instead.
/// </summary>
internal sealed class PairKeyComparer : IEqualityComparer<long>
{
    public static readonly PairKeyComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
}
