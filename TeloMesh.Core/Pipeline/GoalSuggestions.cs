using System.Text.RegularExpressions;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Pipeline;

/// <summary>A likely goal found in the data: a page or an event, and why it is suggested.</summary>
/// <param name="IsPage">A goal page (else a goal event).</param>
/// <param name="Name">The page or event name, exactly as in the data.</param>
/// <param name="Reason">Why, in words ("named like a success page", "62 % of its visits end the session").</param>
/// <param name="Sessions">Sessions that end on it (its weight in the ranking).</param>
public sealed record GoalSuggestion(bool IsPage, string Name, string Reason, int Sessions);

/// <summary>
/// Suggests goals from a dataset's counts (docs/metrics.md section 8): pages and events named like a success
/// (confirmation, thank-you, success, purchase, order completed, sign-up complete...) first, then pages where many
/// sessions end. A suggestion only: nothing is a goal until the user accepts it.
/// </summary>
public static partial class GoalSuggestions
{
    [GeneratedRegex(@"confirm|thank|success|purchase|order[ _-]?(complete|placed|received)|(sign[ _-]?up|registration|checkout)[ _-]?(complete|done)|receipt|subscribed",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SuccessName();

    /// <summary>At most <paramref name="count"/> suggestions, the named ones first, each by the sessions that end on it.</summary>
    public static IReadOnlyList<GoalSuggestion> Suggest(JourneyAggregates aggregates, int count = 6)
    {
        var pageEnds = new int[aggregates.Pages.Count];
        var pageSteps = new int[aggregates.Pages.Count];
        var eventEnds = new int[aggregates.Events.Count];
        foreach (var p in aggregates.Pairs)
        {
            pageEnds[p.Page] += p.Ends;
            pageSteps[p.Page] += p.Occurrences;
            eventEnds[p.Event] += p.Ends;
        }
        bool Named(string name)
        {
            try
            {
                return SuccessName().IsMatch(name);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }
        var named = Enumerable.Range(0, pageEnds.Length).Where(p => Named(aggregates.Pages[p]))
            .Select(p => new GoalSuggestion(true, aggregates.Pages[p], "named like a success page", pageEnds[p]))
            .Concat(Enumerable.Range(0, eventEnds.Length).Where(e => Named(aggregates.Events[e]))
                .Select(e => new GoalSuggestion(false, aggregates.Events[e], "named like a success event", eventEnds[e])))
            .OrderByDescending(s => s.Sessions).ThenBy(s => s.Name, Text.CodePointComparer.Instance);
        // Pages where at least half the visits end the session, and at least 1 % of all sessions end.
        var minimum = Math.Max(1, aggregates.Sessions / 100);
        var endings = Enumerable.Range(0, pageEnds.Length)
            .Where(p => pageEnds[p] >= minimum && pageEnds[p] * 2 >= pageSteps[p] && !Named(aggregates.Pages[p]))
            .OrderByDescending(p => pageEnds[p]).ThenBy(p => aggregates.Pages[p], Text.CodePointComparer.Instance)
            .Select(p => new GoalSuggestion(true, aggregates.Pages[p],
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(double)pageEnds[p] / pageSteps[p]:P0} of its visits end the session ({pageEnds[p]:N0} {(pageEnds[p] == 1 ? "session" : "sessions")})"), pageEnds[p]));
        return [.. named.Concat(endings).Take(count)];
    }
}
