namespace TeloMesh.Core.Journeys;

/// <summary>
/// The rows one aggregation query returns, before they are interned into <see cref="JourneyAggregates"/>: (page, event)
/// rows, transition rows and the totals. Rows from shards that each hold whole users add up (<see cref="Merge"/>).
/// </summary>
/// <param name="Events">Events kept (non-empty user, page and event, within the time range).</param>
/// <param name="Users">Distinct users.</param>
/// <param name="ColumnSessions">Distinct non-empty values of the session column (0 without one).</param>
/// <param name="FirstEventTicks">The earliest event's time (UTC ticks), 0 without events.</param>
/// <param name="LastEventTicks">The latest event's time (UTC ticks), 0 without events.</param>
/// <param name="Fingerprint">The events summed up, to tell later whether they changed; null when unknown.</param>
public sealed record AggregateRows(
    IReadOnlyList<PairRow> Pairs,
    IReadOnlyList<TransitionRow> Transitions,
    long Events,
    long Users,
    long ColumnSessions,
    long FirstEventTicks,
    long LastEventTicks,
    EventsFingerprint? Fingerprint)
{
    /// <summary>With goals: the state transitions of the chain (docs/metrics.md section 8).</summary>
    public IReadOnlyList<StateTransitionRow> StateTransitions { get; init; } = [];

    /// <summary>With goals: the sessions that convert.</summary>
    public long Converted { get; init; }

    /// <summary>Per (from page, to page) of consecutive steps: its sessions and its time gaps (docs/metrics.md section 10).</summary>
    public IReadOnlyList<PagePairRow> PagePairs { get; init; } = [];

    /// <summary>The ping-pongs page -> other page -> page (docs/metrics.md section 10).</summary>
    public IReadOnlyList<LoopRow> Loops { get; init; } = [];

    /// <summary>Per page and step, the sessions that first reach the page there (the funnel; see <see cref="PageStepCount"/>).</summary>
    public IReadOnlyList<PageStepRow> PageSteps { get; init; } = [];

    /// <summary>The aggregates these rows describe, made with the options of <paramref name="key"/>.</summary>
    public JourneyAggregates ToAggregates(AggregationKey key)
    {
        var aggregates = JourneyAggregates.FromRows(Pairs, Transitions, checked((int)Events), checked((int)Users), FirstEventTicks, LastEventTicks,
            StateTransitions);
        int Page(string name) => aggregates.Pages.Find(name) is var id and >= 0 ? id
            : throw new InvalidOperationException($"The page pair names the page '{name}', which no step has.");
        return aggregates with
        {
            Fingerprint = Fingerprint,
            Key = key,
            Converted = checked((int)Converted),
            PagePairs = [.. PagePairs.Select(p => new PagePairCount(Page(p.From), Page(p.To), p.Gaps.Sum(g => g.Count), p.Sessions, GapHistogram.Of(p.Gaps)))],
            Loops = [.. Loops.Select(l => new LoopCount(Page(l.Page), Page(l.Other), l.Sessions, l.Occurrences))],
            PageSteps = [.. PageSteps.Select(p => new PageStepCount(Page(p.Page), p.Step, p.Sessions)).OrderBy(p => p.Page).ThenBy(p => p.Step)],
        };
    }

    /// <summary>
    /// The rows of the union of disjoint parts: counts add up, each row keeps the earliest place it was first seen, and
    /// distinct users and sessions add up too, which is right only when no user or session is in two parts (the caller
    /// checks that against the whole table).
    /// </summary>
    public static AggregateRows Merge(IReadOnlyList<AggregateRows> parts)
    {
        var pairs = new Dictionary<(string, string), PairRow>();
        var transitions = new Dictionary<(string, string, string), TransitionRow>();
        var states = new Dictionary<(string, string, string, string), int>();
        var pagePairs = new Dictionary<(string, string), (int Sessions, List<(long, int)> Gaps)>();
        var loops = new Dictionary<(string, string), (int Sessions, int Occurrences)>();
        var pageSteps = new Dictionary<(string, int), int>();
        foreach (var part in parts)
        {
            foreach (var p in part.PageSteps) pageSteps[(p.Page, p.Step)] = pageSteps.GetValueOrDefault((p.Page, p.Step)) + p.Sessions;
            foreach (var p in part.PagePairs)
            {
                var sum = pagePairs.TryGetValue((p.From, p.To), out var q) ? q : (0, []);
                sum.Gaps.AddRange(p.Gaps);
                pagePairs[(p.From, p.To)] = (sum.Sessions + p.Sessions, sum.Gaps);
            }
            foreach (var l in part.Loops)
            {
                var sum = loops.GetValueOrDefault((l.Page, l.Other));
                loops[(l.Page, l.Other)] = (sum.Sessions + l.Sessions, sum.Occurrences + l.Occurrences);
            }
            foreach (var p in part.Pairs)
                pairs[(p.Page, p.Event)] = pairs.TryGetValue((p.Page, p.Event), out var q)
                    ? q with
                    {
                        Occurrences = q.Occurrences + p.Occurrences,
                        Exits = q.Exits + p.Exits,
                        UniqueUsersLost = q.UniqueUsersLost + p.UniqueUsersLost,
                        Starts = q.Starts + p.Starts,
                        Sessions = q.Sessions + p.Sessions,
                        Conversions = q.Conversions + p.Conversions,
                        Ends = q.Ends + p.Ends,
                        First = Earlier(q.First, p.First),
                    }
                    : p;
            foreach (var t in part.Transitions)
                transitions[(t.From, t.To, t.Event)] = transitions.TryGetValue((t.From, t.To, t.Event), out var u)
                    ? u with { Count = u.Count + t.Count, First = Earlier(u.First, t.First) }
                    : t;
            foreach (var t in part.StateTransitions)
                states[(t.FromPage, t.FromEvent, t.ToPage, t.ToEvent)] = states.GetValueOrDefault((t.FromPage, t.FromEvent, t.ToPage, t.ToEvent)) + t.Count;
        }
        var withEvents = parts.Where(p => p.Events > 0).ToList();
        return new AggregateRows([.. pairs.Values], [.. transitions.Values], parts.Sum(p => p.Events), parts.Sum(p => p.Users),
            parts.Sum(p => p.ColumnSessions), withEvents.Count == 0 ? 0 : withEvents.Min(p => p.FirstEventTicks),
            withEvents.Count == 0 ? 0 : withEvents.Max(p => p.LastEventTicks),
            parts.All(p => p.Fingerprint is not null) ? parts.Aggregate(default(EventsFingerprint), (sum, p) => sum + p.Fingerprint!.Value) : null)
        {
            StateTransitions = [.. states.Select(s => new StateTransitionRow(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Key.Item4, s.Value))],
            Converted = parts.Sum(p => p.Converted),
            PagePairs = [.. pagePairs.Select(p => new PagePairRow(p.Key.Item1, p.Key.Item2, p.Value.Sessions, p.Value.Gaps))],
            Loops = [.. loops.Select(l => new LoopRow(l.Key.Item1, l.Key.Item2, l.Value.Sessions, l.Value.Occurrences))],
            PageSteps = [.. pageSteps.Select(p => new PageStepRow(p.Key.Item1, p.Key.Item2, p.Value))],
        };
    }

    private static FirstSeen Earlier(FirstSeen a, FirstSeen b) => JourneyAggregates.Compare(a, b) <= 0 ? a : b;
}

/// <summary>A (from page, to page) as a warehouse counts it: distinct sessions, and each time gap (ticks) with its count.</summary>
public sealed record PagePairRow(string From, string To, int Sessions, IReadOnlyList<(long Ticks, int Count)> Gaps);

/// <summary>A ping-pong page -> other page -> page as a warehouse counts it.</summary>
public sealed record LoopRow(string Page, string Other, int Sessions, int Occurrences);
