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
    public static void ThrowIfUnmatched(GoalSet goals, StringPool pages, StringPool events) =>
        ThrowIfUnmatched(goals, pages.Values, pages.Find, events.Values, events.Find);

    /// <summary>
    /// As the other overloads, against every page and event named in <paramref name="slices"/>: two datasets compared with
    /// one set of goals need each goal in one of them, not in both (an older export may not have the thank-you page yet).
    /// </summary>
    public static void ThrowIfUnmatched(GoalSet goals, params SliceCounts[] slices)
    {
        var pages = new HashSet<string>(slices.SelectMany(s => s.Pairs.Keys.Select(k => k.Page)), StringComparer.Ordinal);
        var events = new HashSet<string>(slices.SelectMany(s => s.Pairs.Keys.Select(k => k.Event)), StringComparer.Ordinal);
        ThrowIfUnmatched(goals, [.. pages], p => pages.Contains(p) ? 0 : -1, [.. events], e => events.Contains(e) ? 0 : -1);
    }

    private static void ThrowIfUnmatched(GoalSet goals, IReadOnlyList<string> pages, Func<string, int> findPage, IReadOnlyList<string> events, Func<string, int> findEvent)
    {
        var problems = new List<string>();
        foreach (var page in goals.Pages.Where(p => findPage(p) < 0))
            problems.Add($"The goal page '{page}' matches no page. Nearest pages: {string.Join(", ", Text.NearestNames.Of(page, pages).Select(n => $"'{n}'"))}.");
        foreach (var evt in goals.Events.Where(e => findEvent(e) < 0))
            problems.Add($"The goal event '{evt}' matches no event. Nearest events: {string.Join(", ", Text.NearestNames.Of(evt, events).Select(n => $"'{n}'"))}.");
        if (problems.Count > 0)
            throw new InvalidInputException(string.Join(" ", problems) + " Goals match exactly, case included.");
    }
}
