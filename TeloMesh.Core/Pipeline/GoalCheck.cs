using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// A goal that matches no page or event is a typo, not a dataset without conversions: it is refused, with the nearest
/// names the data has, so the user can correct it.
/// </summary>
public static class GoalCheck
{
    /// <summary>Throws an <see cref="InvalidInputException"/> naming each goal that matches nothing, with the nearest names.</summary>
    public static void ThrowIfUnmatched(GoalSet goals, JourneyAggregates aggregates) => ThrowIfUnmatched(goals, aggregates.Pages, aggregates.Events);

    /// <summary>As the other overload, against the pages and events of <paramref name="pages"/> and <paramref name="events"/>.</summary>
    public static void ThrowIfUnmatched(GoalSet goals, StringPool pages, StringPool events)
    {
        var problems = new List<string>();
        foreach (var page in goals.Pages.Where(p => pages.Find(p) < 0))
            problems.Add($"The goal page '{page}' matches no page. Nearest pages: {string.Join(", ", Nearest(page, pages.Values).Select(n => $"'{n}'"))}.");
        foreach (var evt in goals.Events.Where(e => events.Find(e) < 0))
            problems.Add($"The goal event '{evt}' matches no event. Nearest events: {string.Join(", ", Nearest(evt, events.Values).Select(n => $"'{n}'"))}.");
        if (problems.Count > 0)
            throw new InvalidInputException(string.Join(" ", problems) + " Goals match exactly, case included.");
    }

    /// <summary>
    /// The names closest to <paramref name="wanted"/>: those that contain it or are contained in it first (case ignored),
    /// then by edit distance, then in code point order; at most <paramref name="count"/>.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string wanted, IReadOnlyList<string> names, int count = 5)
    {
        var lower = wanted.ToLowerInvariant();
        return [.. names
            .Select(n => (Name: n, Lower: n.ToLowerInvariant()))
            .Select(n => (n.Name, Contains: n.Lower.Contains(lower, StringComparison.Ordinal) || lower.Contains(n.Lower, StringComparison.Ordinal),
                Distance: EditDistance(lower, n.Lower)))
            .OrderByDescending(n => n.Contains).ThenBy(n => n.Distance).ThenBy(n => n.Name, Text.CodePointComparer.Instance)
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
