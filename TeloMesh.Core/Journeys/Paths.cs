using TeloMesh.Core.Events;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Journeys;

/// <summary>Paths from a page (the steps after it) or to a page (the steps before it).</summary>
public enum PathDirection
{
    From,
    To,
}

/// <summary>
/// What a path view asks (docs/metrics.md section 10): the page, the direction, how many steps (1-20, 5 by default), how
/// many page names each step keeps (the rest are <see cref="Paths.Other"/>; 10 by default), whether a step on the same
/// page as the step kept before it is kept (repeats; dropped by default), and events whose steps are left out first.
/// </summary>
public sealed record PathQuery(string Page, PathDirection Direction = PathDirection.From, int Steps = PathQuery.DefaultSteps, int Top = PathQuery.DefaultTop,
    bool KeepRepeats = false)
{
    public const int DefaultSteps = 5, MaxSteps = 20, DefaultTop = 10;

    /// <summary>Events whose steps are taken out of every session before the paths are followed (none by default).</summary>
    public IReadOnlySet<string> LeaveOut { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The query when its numbers are usable; otherwise an <see cref="InvalidInputException"/> naming the problem.</summary>
    public PathQuery Validated() =>
        string.IsNullOrEmpty(Page) ? throw new InvalidInputException("A path view needs a page to start or end at.")
        : Steps is < 1 or > MaxSteps ? throw new InvalidInputException($"Steps must be from 1 to {MaxSteps}; {Steps} was given.")
        : Top < 1 ? throw new InvalidInputException($"Top must be at least 1; {Top} was given.")
        : this;
}

/// <summary>A link of a path view: the sessions whose node <c>Step - 1</c> is <see cref="From"/> and node <c>Step</c> is <see cref="To"/>.</summary>
public sealed record PathLink(int Step, string From, string To, int Sessions);

/// <summary>A path view's links (sorted by step, sessions descending, from, to) and the sessions that pass the page.</summary>
public sealed record PathResult(PathQuery Query, int Sessions, IReadOnlyList<PathLink> Links);

/// <summary>
/// Paths from and to a page (docs/metrics.md section 10), the step Sankey of every journey tool. From page S: every
/// session with a step on S contributes its steps from its first step on S; with goals the first goal step after it ends
/// the path as <see cref="Goal"/>; unless repeats are kept, a step on the page of the step kept before it is dropped; the
/// path has nodes n0 = S up to nK, and one that ends earlier gets one more node, <see cref="End"/> (or <see cref="Goal"/>).
/// At each step the N page names with the most sessions keep their name and the others become <see cref="Other"/> there.
/// To page S is the mirror: the steps before the first step on S, counted backwards, <see cref="Start"/> where the session
/// began; with goals the first goal step met going back (the session's last conversion before S) ends the path as
/// <see cref="Goal"/>: the journey to S began after that success.
/// </summary>
public static class Paths
{
    public const string End = "(end)", Goal = "(goal)", Start = "(start)", Other = "(other)";

    private const int EndNode = -1, GoalNode = -2, StartNode = -3, OtherNode = -4;

    /// <summary>The path view of <paramref name="query"/> over <paramref name="sessions"/>, goals <paramref name="goals"/> cutting the paths.</summary>
    public static PathResult Compute(SessionSet sessions, GoalSet goals, PathQuery query)
    {
        query = query.Validated();
        var events = sessions.Events;
        var start = events.Pages.Find(query.Page);
        if (start < 0)
            throw new InvalidInputException($"No step is on the page '{query.Page}'. Nearest pages: " +
                $"{string.Join(", ", NearestNames.Of(query.Page, events.Pages.Values).Select(n => $"'{n}'"))}.");
        var goalPage = GoalSet.Flags(events.Pages.Values, goals.Pages);
        var goalEvent = GoalSet.Flags(events.Events.Values, goals.Events);
        var leftOut = GoalSet.Flags(events.Events.Values, [.. query.LeaveOut]);
        var pageIds = events.PageIds;
        var eventIds = events.EventIds;
        var from = query.Direction == PathDirection.From;
        var paths = new List<int[]>();
        var nodes = new List<int>(query.Steps + 1);
        var kept = new List<int>();
        for (var s = 0; s < sessions.Count; s++)
        {
            kept.Clear();
            foreach (var row in sessions.Steps(s))
                if (!leftOut[eventIds[row]]) kept.Add(row);
            var first = -1;
            for (var j = 0; j < kept.Count && first < 0; j++)
                if (pageIds[kept[j]] == start) first = j;
            if (first < 0) continue;
            nodes.Clear();
            nodes.Add(start);
            var ended = true;
            for (var j = from ? first + 1 : first - 1; from ? j < kept.Count : j >= 0; j += from ? 1 : -1)
            {
                if (nodes.Count == query.Steps + 1)
                {
                    ended = false;
                    break;
                }
                var row = kept[j];
                if (goalPage[pageIds[row]] || goalEvent[eventIds[row]])
                {
                    nodes.Add(GoalNode);
                    ended = false;
                    break;
                }
                if (!query.KeepRepeats && pageIds[row] == nodes[^1]) continue;
                nodes.Add(pageIds[row]);
            }
            if (ended && nodes.Count < query.Steps + 1) nodes.Add(from ? EndNode : StartNode);
            paths.Add([.. nodes]);
        }

        // Per step, the page names with the most sessions keep their name (ties in code point order); the rest are (other).
        for (var k = 1; k <= query.Steps; k++)
        {
            var counts = new Dictionary<int, int>();
            foreach (var path in paths)
                if (k < path.Length && path[k] >= 0) counts[path[k]] = counts.GetValueOrDefault(path[k]) + 1;
            if (counts.Count <= query.Top) continue;
            var named = Named(counts.Select(c => (events.Pages[c.Key], c.Value)), query.Top);
            foreach (var path in paths)
                if (k < path.Length && path[k] >= 0 && !named.Contains(events.Pages[path[k]])) path[k] = OtherNode;
        }

        string Name(int node) => node switch
        {
            EndNode => End,
            GoalNode => Goal,
            StartNode => Start,
            OtherNode => Other,
            _ => events.Pages[node],
        };
        var links = new Dictionary<(int Step, int From, int To), int>();
        foreach (var path in paths)
            for (var k = 1; k < path.Length; k++)
                links[(k, path[k - 1], path[k])] = links.GetValueOrDefault((k, path[k - 1], path[k])) + 1;
        return new PathResult(query, paths.Count, Sorted(links.Select(l => new PathLink(l.Key.Step, Name(l.Key.From), Name(l.Key.To), l.Value))));
    }

    /// <summary>The page names that keep their name at a step: the <paramref name="top"/> with the most sessions, ties in code point order.</summary>
    public static IReadOnlySet<string> Named(IEnumerable<(string Page, int Sessions)> counts, int top) =>
        counts.OrderByDescending(c => c.Sessions).ThenBy(c => c.Page, CodePointComparer.Instance).Take(top).Select(c => c.Page)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Links in the file's order: step, then sessions descending, then from and to in code point order.</summary>
    public static IReadOnlyList<PathLink> Sorted(IEnumerable<PathLink> links)
    {
        var sorted = links.ToList();
        sorted.Sort((a, b) =>
        {
            var byStep = a.Step.CompareTo(b.Step);
            if (byStep != 0) return byStep;
            var bySessions = b.Sessions.CompareTo(a.Sessions);
            if (bySessions != 0) return bySessions;
            var byFrom = CodePointComparer.Instance.Compare(a.From, b.From);
            return byFrom != 0 ? byFrom : CodePointComparer.Instance.Compare(a.To, b.To);
        });
        return sorted;
    }
}
