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
            problems.Add($"The goal page '{page}' matches no page. Nearest pages: {string.Join(", ", Text.NearestNames.Of(page, pages.Values).Select(n => $"'{n}'"))}.");
        foreach (var evt in goals.Events.Where(e => events.Find(e) < 0))
            problems.Add($"The goal event '{evt}' matches no event. Nearest events: {string.Join(", ", Text.NearestNames.Of(evt, events.Values).Select(n => $"'{n}'"))}.");
        if (problems.Count > 0)
            throw new InvalidInputException(string.Join(" ", problems) + " Goals match exactly, case included.");
    }
}
