namespace TeloMesh.Core.Text;

/// <summary>Names close to one that matched nothing, for messages that say what there is.</summary>
public static class NearestNames
{
    /// <summary>
    /// The names closest to <paramref name="wanted"/>: those that contain it or are contained in it first (case ignored),
    /// then by edit distance, then in code point order; at most <paramref name="count"/>.
    /// </summary>
    public static IReadOnlyList<string> Of(string wanted, IReadOnlyList<string> names, int count = 5)
    {
        var lower = wanted.ToLowerInvariant();
        return [.. names
            .Select(n => (Name: n, Lower: n.ToLowerInvariant()))
            .Select(n => (n.Name, Contains: n.Lower.Contains(lower, StringComparison.Ordinal) || lower.Contains(n.Lower, StringComparison.Ordinal),
                Distance: EditDistance(lower, n.Lower)))
            .OrderByDescending(n => n.Contains).ThenBy(n => n.Distance).ThenBy(n => n.Name, CodePointComparer.Instance)
            .Take(count).Select(n => n.Name)];
    }

    /// <summary>Levenshtein distance (insertions, deletions and substitutions each cost 1).</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
