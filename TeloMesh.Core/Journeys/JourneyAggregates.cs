using TeloMesh.Core.Events;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Journeys;

/// <summary>
/// The seam every source shares: everything the analysis needs from the events, as counts, whether they were counted
/// in process from a <see cref="Sessions.SessionSet"/> (<see cref="LocalSequences.Aggregate"/>) or by SQL where the
/// events live (a ClickHouse table). Everything after it (graph, metrics, betweenness, friction) is written once, in
/// <c>Pipeline.AnalysisPipeline</c>, and knows no source.
/// <para>
/// Counts: transitions per (from page, to page, event), occurrences, exits, distinct users lost and session starts per
/// (page, event), and the totals. Page ids index <see cref="Pages"/>; both lists are in order of first occurrence
/// (sessions in code point order of their ids, then steps), the order the first wave's in-process stages met them in,
/// so every number (and every tie-break) is the same from every source.
/// </para>
/// <para>
/// What needs the sessions themselves, not counts (fragile flows, which need the chokepoints first; later the paths
/// of a page) is asked of <see cref="Sequences"/>: in memory for a file, a query for a warehouse.
/// </para>
/// <para>
/// How it grows (docs/metrics.md sections 8-10): a new per-pair number is one more field of <see cref="PairCount"/> (sessions,
/// conversions), filled by <see cref="LocalSequences.Aggregate"/> and by the SQL; state-to-state counts with GOAL and
/// EXIT and per-transition time gaps are one more list each beside <see cref="Transitions"/>; anything keyed by options
/// (goals, grouping rules, a slice) goes into <see cref="AggregationKey"/>, so aggregates made with other
/// options are never reused.
/// </para>
/// </summary>
public sealed record JourneyAggregates(
    StringPool Pages,
    StringPool Events,
    IReadOnlyList<int> NodeOrder,
    IReadOnlyList<TransitionCount> Transitions,
    IReadOnlyList<PairCount> Pairs,
    int TotalEvents,
    int UniqueUsers,
    int Sessions,
    long FirstEventTicks,
    long LastEventTicks)
{
    /// <summary>The events these counts were made from, summed up (null when the source gives none).</summary>
    public EventsFingerprint? Fingerprint { get; init; }

    /// <summary>The sessions behind these counts, for what needs them one by one (see <see cref="ISessionSequences"/>).</summary>
    public ISessionSequences Sequences { get; init; } = ISessionSequences.None;

    /// <summary>The options these counts were made with (the session gap and the goals).</summary>
    public AggregationKey Key { get; init; } = new(TeloMesh.Core.Sessions.SessionOptions.Default.Gap);

    /// <summary>The goals these counts were made with (docs/metrics.md section 8); none unless set.</summary>
    public GoalSet Goals => Key.Goals;

    /// <summary>Sessions with a goal step (0 without goals).</summary>
    public int Converted { get; init; }

    /// <summary>
    /// With goals, the chain of docs/metrics.md section 8: how often one (page, event) state follows another in the sessions'
    /// sequences, which stop at the conversion (a transition into a goal pair is a transition into <c>GOAL</c>). Indexes
    /// <see cref="Pairs"/>. Empty without goals. With <see cref="PairCount.Exits"/> (into <c>EXIT</c>) and
    /// <see cref="PairCount.Starts"/> (the entry shares) it is the whole chain.
    /// </summary>
    public IReadOnlyList<StateTransition> StateTransitions { get; init; } = [];

    /// <summary>
    /// Per (from page, to page) of consecutive steps, in order of first occurrence: transitions, sessions and the time
    /// between the steps (docs/metrics.md section 10). They depend on the sessions only, not on goals.
    /// </summary>
    public IReadOnlyList<PagePairCount> PagePairs { get; init; } = [];

    /// <summary>The ping-pongs <c>a -> b -> a</c> (docs/metrics.md section 10), in order of first occurrence.</summary>
    public IReadOnlyList<LoopCount> Loops { get; init; } = [];

    /// <summary>
    /// Per page, the sessions that first reach it at each step from their start (the heatmap's funnel layout,
    /// docs/metrics.md section 10); <see cref="FunnelSteps.Typical"/> reads them.
    /// </summary>
    public IReadOnlyList<PageStepCount> PageSteps { get; init; } = [];

    /// <summary>Per pair of <see cref="Pairs"/>, whether its steps are goal steps.</summary>
    public bool[] GoalPairs()
    {
        var pages = GoalSet.Flags(Pages.Values, Goals.Pages);
        var events = GoalSet.Flags(Events.Values, Goals.Events);
        var goal = new bool[Pairs.Count];
        for (var p = 0; p < goal.Length; p++) goal[p] = pages[Pairs[p].Page] || events[Pairs[p].Event];
        return goal;
    }

    /// <summary>Steps of all sessions: every event is a step.</summary>
    public int Steps => Pairs.Sum(p => p.Occurrences);

    /// <summary>Per page id, the sessions whose first step is on that page (entry pages go on top of the heatmap).</summary>
    public int[] SessionStarts()
    {
        var starts = new int[Pages.Count];
        foreach (var p in Pairs) starts[p.Page] += p.Starts;
        return starts;
    }

    /// <summary>
    /// Orders and interns rows as a warehouse returns them, each with the first place it was seen: the id of the
    /// session (compared in code point order, the order sessions are numbered in) and the step index there.
    /// </summary>
    public static JourneyAggregates FromRows(IEnumerable<PairRow> pairs, IEnumerable<TransitionRow> transitions,
        int totalEvents, int uniqueUsers, long firstEventTicks, long lastEventTicks, IEnumerable<StateTransitionRow>? stateTransitions = null)
    {
        var orderedPairs = pairs.ToList();
        orderedPairs.Sort((a, b) => Compare(a.First, b.First));
        var pages = new StringPool();
        var events = new StringPool();
        // A page first appears at the first occurrence of any of its pairs, so interning pages in pair order gives
        // page ids in node order.
        var pairCounts = new List<PairCount>(orderedPairs.Count);
        foreach (var p in orderedPairs)
            pairCounts.Add(new PairCount(pages.Intern(p.Page), events.Intern(p.Event), p.Occurrences, p.Exits, p.UniqueUsersLost, p.Starts,
                p.Sessions, p.Conversions, p.Ends));
        var nodeOrder = Enumerable.Range(0, pages.Count).ToArray();

        var orderedTransitions = transitions.ToList();
        orderedTransitions.Sort((a, b) => Compare(a.First, b.First));
        var transitionCounts = new List<TransitionCount>(orderedTransitions.Count);
        foreach (var t in orderedTransitions)
        {
            var from = pages.Find(t.From);
            var to = pages.Find(t.To);
            var evt = events.Find(t.Event);
            if (from < 0 || to < 0 || evt < 0)
                throw new InvalidOperationException($"The transition {t.From} -> {t.To} ({t.Event}) has a page or event no step has.");
            transitionCounts.Add(new TransitionCount(from, to, evt, t.Count));
        }
        var pairIndex = new Dictionary<(int, int), int>();
        for (var p = 0; p < pairCounts.Count; p++) pairIndex[(pairCounts[p].Page, pairCounts[p].Event)] = p;
        int PairOf(string page, string evt) =>
            pairIndex.TryGetValue((pages.Find(page), events.Find(evt)), out var p) ? p
                : throw new InvalidOperationException($"The state transition names ({page}, {evt}), which no step has.");
        var states = new List<StateTransition>();
        foreach (var t in stateTransitions ?? [])
            states.Add(new StateTransition(PairOf(t.FromPage, t.FromEvent), PairOf(t.ToPage, t.ToEvent), t.Count));
        // Sessions are counted where they end: every session has exactly one last step, whether it converted or not.
        return new JourneyAggregates(pages, events, nodeOrder, transitionCounts, pairCounts, totalEvents, uniqueUsers,
            pairCounts.Sum(p => p.Ends), firstEventTicks, lastEventTicks)
        {
            StateTransitions = StateTransition.Ordered(states),
        };
    }

    /// <summary>Which place was seen first: session ids in code point order, then step index.</summary>
    internal static int Compare(FirstSeen a, FirstSeen b)
    {
        var bySession = CodePointComparer.Instance.Compare(a.SessionId, b.SessionId);
        return bySession != 0 ? bySession : a.StepIndex.CompareTo(b.StepIndex);
    }
}

/// <summary>
/// (page id, event id) with its occurrences, exits and distinct users lost (docs/metrics.md section 4), the sessions that
/// start on it (for the heatmap's entry pages and the chain's entry shares) and, with goals (section 8), the sessions with a
/// step of it and how many of those convert.
/// </summary>
/// <param name="Exits">Sessions whose last step is this pair; with goals, only those that did not convert.</param>
/// <param name="Ends">Sessions whose last step is this pair, converted or not (equal to <paramref name="Exits"/> without goals).</param>
public readonly record struct PairCount(int Page, int Event, int Occurrences, int Exits, int UniqueUsersLost, int Starts, int Sessions = 0,
    int Conversions = 0, int Ends = -1)
{
    /// <summary>Sessions whose last step is this pair, converted or not.</summary>
    public int Ends { get; init; } = Ends < 0 ? Exits : Ends;
}

/// <summary>How often state <see cref="To"/> follows state <see cref="From"/> (pair indexes) in the sequences of the chain.</summary>
public readonly record struct StateTransition(int From, int To, int Count)
{
    /// <summary>Sorted by from-state, then to-state, so every source lists them alike.</summary>
    public static StateTransition[] Ordered(IEnumerable<StateTransition> transitions) =>
        [.. transitions.OrderBy(t => t.From).ThenBy(t => t.To)];
}

/// <summary>A state transition as a warehouse returns it: from (page, event) to (page, event), with its count.</summary>
public sealed record StateTransitionRow(string FromPage, string FromEvent, string ToPage, string ToEvent, int Count);

/// <summary>Where something was first seen: in the session first in code point order of ids, at this step index.</summary>
public readonly record struct FirstSeen(string SessionId, int StepIndex);

/// <summary>A (page, event) pair's counts as a warehouse returns them.</summary>
public sealed record PairRow(string Page, string Event, int Occurrences, int Exits, int UniqueUsersLost, int Starts, FirstSeen First)
{
    /// <summary>Sessions with a step of this pair (with goals).</summary>
    public int Sessions { get; init; }

    /// <summary>Of those, the sessions that convert (with goals).</summary>
    public int Conversions { get; init; }

    /// <summary>Sessions whose last step is this pair, converted or not (equal to the exits without goals).</summary>
    public int Ends { get; init; } = -1;
}

/// <summary>The transitions from one page to another carrying one event, as a warehouse returns them.</summary>
public sealed record TransitionRow(string From, string To, string Event, int Count, FirstSeen First);

/// <summary>How many transitions went from page <see cref="From"/> to page <see cref="To"/> carrying <see cref="Event"/>.</summary>
public readonly record struct TransitionCount(int From, int To, int Event, int Count);
