using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Journeys;

/// <summary>
/// Sessions in memory as the source of <see cref="JourneyAggregates"/>: <see cref="Aggregate"/> counts them in one pass
/// over every step, and the instance answers the questions that need the sessions themselves
/// (<see cref="EventTableSource.FragileFlowsAsync"/>).
/// </summary>
public sealed class LocalSequences : ISessionSequences
{
    private readonly SessionSet _sessions;
    private readonly int[] _stepPair;
    private readonly bool[]? _converts;

    private LocalSequences(SessionSet sessions, int[] stepPair, bool[]? converts)
    {
        _sessions = sessions;
        _stepPair = stepPair;
        _converts = converts;
    }

    public SessionSet? Local => _sessions;

    /// <summary>The sessions counted.</summary>
    public SessionSet Sessions => _sessions;

    /// <summary>
    /// Counts <paramref name="sessions"/>: per (page, event) pair its occurrences, exits, distinct users lost and session
    /// starts, and per (from page, to page, event) its transitions (docs/metrics.md sections 3-4), each list in order of first
    /// occurrence. Page and event ids are the event table's. With the goals of <paramref name="options"/> (section 8), a
    /// session that converts loses nobody, each pair also gets its sessions and conversions, and the state transitions of
    /// the chain are counted up to each session's conversion.
    /// </summary>
    /// <param name="options">The options the sessions were made with; by default the default gap and no goals.</param>
    public static JourneyAggregates Aggregate(SessionSet sessions, AggregationKey? options = null)
    {
        var key = options ?? new AggregationKey(SessionOptions.Default.Gap);
        var filtered = !key.Filter.IsAll;
        if (filtered)
        {
            var whole = sessions.Count;
            sessions = sessions.Subset(key.Filter.Members(sessions));
            if (sessions.Count == 0)
                throw new Events.InvalidInputException($"No session matches the filter ({key.Filter}): none of the {whole:N0} sessions starts there.");
        }
        var events = sessions.Events;
        var pageIds = events.PageIds;
        var eventIds = events.EventIds;
        var userIds = events.UserIds;
        var allSteps = sessions.AllSteps;
        var offsets = sessions.StepOffsets;

        // A (page, event) and an edge (from, to) find their number in a table indexed by their ids when it is small enough
        // (a fifth of the counting time for 1.5 M events), else in a dictionary (tens of thousands of pages).
        var pageCount = events.Pages.Count;
        var eventCount = events.Events.Count;
        var densePairs = (long)pageCount * eventCount <= DenseIndexLimit ? Unnumbered(pageCount * eventCount) : null;
        var denseEdges = (long)pageCount * pageCount <= DenseIndexLimit ? Unnumbered(pageCount * pageCount) : null;
        var pairIndex = new Dictionary<long, int>(PairKey.Comparer);
        var pairs = new List<(int Page, int Event)>();
        var occurrences = new List<int>();
        var stepPair = new int[sessions.StepCount];
        var seenPage = new bool[events.Pages.Count];
        var nodeOrder = new List<int>();
        // Transitions: an edge (from, to) finds its events in a short list; each (edge, event) is numbered when first seen.
        var edgeIndex = new Dictionary<long, int>(PairKey.Comparer);
        var edgeEnds = new List<(int From, int To)>();
        var edgeEvents = new List<List<(int Event, int Transition)>>();
        var transitions = new List<(int From, int To, int Event)>();
        var transitionCounts = new List<int>();
        // Per (from page, to page), numbered like the edges: sessions (once each) and the gaps between the two steps.
        var edgeSessions = new List<int>();
        var edgeLastSession = new List<int>();
        var edgeGaps = new List<List<long>>();
        // Ping-pongs a -> b -> a, by (a, b): sessions (once each) and occurrences.
        var loopIndex = new Dictionary<long, int>(PairKey.Comparer);
        var loops = new List<(int Page, int Other, int Sessions, int Occurrences, int LastSession)>();
        // The funnel: per page and step (consecutive steps on one page are one step), the sessions that first reach it there.
        var pageSession = new int[events.Pages.Count];
        Array.Fill(pageSession, -1);
        var firstVisits = new int[events.Pages.Count * FunnelSteps.MaxStep];
        var ticks = events.Ticks;
        for (var s = 0; s < sessions.Count; s++)
        {
            var visit = 0;
            for (var k = offsets[s]; k < offsets[s + 1]; k++)
            {
                var row = allSteps[k];
                var page = pageIds[row];
                var evt = eventIds[row];
                if (k == offsets[s] || pageIds[allSteps[k - 1]] != page) visit++;
                if (pageSession[page] != s)
                {
                    pageSession[page] = s;
                    firstVisits[page * FunnelSteps.MaxStep + FunnelSteps.Capped(visit) - 1]++;
                }
                var p = densePairs is null ? pairIndex.GetValueOrDefault(PairKey.Of(page, evt), -1) : densePairs[page * eventCount + evt];
                if (p < 0)
                {
                    p = pairs.Count;
                    if (densePairs is null) pairIndex.Add(PairKey.Of(page, evt), p);
                    else densePairs[page * eventCount + evt] = p;
                    pairs.Add((page, evt));
                    occurrences.Add(0);
                }
                occurrences[p]++;
                stepPair[k] = p;
                if (!seenPage[page])
                {
                    seenPage[page] = true;
                    nodeOrder.Add(page);
                }
                if (k == offsets[s]) continue;
                var from = pageIds[allSteps[k - 1]];
                var e = denseEdges is null ? edgeIndex.GetValueOrDefault(PairKey.Of(from, page), -1) : denseEdges[from * pageCount + page];
                if (e < 0)
                {
                    e = edgeEvents.Count;
                    if (denseEdges is null) edgeIndex.Add(PairKey.Of(from, page), e);
                    else denseEdges[from * pageCount + page] = e;
                    edgeEnds.Add((from, page));
                    edgeEvents.Add([]);
                    edgeSessions.Add(0);
                    edgeLastSession.Add(-1);
                    edgeGaps.Add([]);
                }
                transitionCounts[TransitionOf(edgeEvents[e], from, page, evt, transitions, transitionCounts)]++;
                edgeGaps[e].Add(ticks[row] - ticks[allSteps[k - 1]]);
                if (edgeLastSession[e] != s)
                {
                    edgeLastSession[e] = s;
                    edgeSessions[e]++;
                }
                if (k - 2 < offsets[s] || pageIds[allSteps[k - 2]] != page || from == page) continue;
                var loopKey = PairKey.Of(page, from);
                if (!loopIndex.TryGetValue(loopKey, out var l))
                {
                    l = loops.Count;
                    loopIndex.Add(loopKey, l);
                    loops.Add((page, from, 0, 0, -1));
                }
                var loop = loops[l];
                loops[l] = loop with { Occurrences = loop.Occurrences + 1, Sessions = loop.Sessions + (loop.LastSession == s ? 0 : 1), LastSession = s };
            }
        }

        var transitionList = new TransitionCount[transitions.Count];
        for (var t = 0; t < transitionList.Length; t++)
            transitionList[t] = new TransitionCount(transitions[t].From, transitions[t].To, transitions[t].Event, transitionCounts[t]);
        // Filtered, the totals are those of the sessions kept: their steps, their users, their time range.
        var (firstTicks, lastTicks) = filtered ? TimeRange(Gather(events.Ticks, allSteps)) : TimeRange(events.Ticks);
        var users = filtered ? DistinctUsers(Gather(userIds, allSteps), events.Users.Count) : DistinctUsers(userIds, events.Users.Count);
        var bare = new PairCount[pairs.Count];
        for (var p = 0; p < bare.Length; p++) bare[p] = new PairCount(pairs[p].Page, pairs[p].Event, occurrences[p], 0, 0, 0);
        var pagePairs = new PagePairCount[edgeGaps.Count];
        for (var e = 0; e < pagePairs.Length; e++)
            pagePairs[e] = new PagePairCount(edgeEnds[e].From, edgeEnds[e].To, edgeGaps[e].Count, edgeSessions[e], GapHistogram.Of(edgeGaps[e]));
        var counted = new JourneyAggregates(events.Pages, events.Events, nodeOrder, transitionList, bare, filtered ? sessions.StepCount : events.Count,
            users, sessions.Count, firstTicks, lastTicks)
        {
            PagePairs = pagePairs,
            Loops = [.. loops.Select(l => new LoopCount(l.Page, l.Other, l.Sessions, l.Occurrences))],
            PageSteps = PageStepCounts(firstVisits),
        };
        return CountSessions(counted, sessions, stepPair, key);
    }

    /// <summary>Most entries of a table of pair or edge numbers indexed by ids (16 MB): 50 pages and 12 events need 600.</summary>
    private const long DenseIndexLimit = 4_000_000;

    /// <summary>A table of numbers, none given yet (-1).</summary>
    private static int[] Unnumbered(int length)
    {
        var table = new int[length];
        Array.Fill(table, -1);
        return table;
    }

    /// <summary>The non-zero counts of a page-by-step table (<see cref="FunnelSteps.MaxStep"/> steps per page), by page id then step.</summary>
    private static PageStepCount[] PageStepCounts(int[] firstVisits)
    {
        var counts = new List<PageStepCount>();
        for (var i = 0; i < firstVisits.Length; i++)
            if (firstVisits[i] > 0) counts.Add(new PageStepCount(i / FunnelSteps.MaxStep, i % FunnelSteps.MaxStep + 1, firstVisits[i]));
        return [.. counts];
    }

    /// <summary>
    /// The same sessions (the same filter) counted again with other goals (docs/metrics.md section 8): pairs, transitions and each step's
    /// pair do not depend on goals and are taken from <paramref name="earlier"/>, so only the per-session pass is made
    /// again (a second for ten million events instead of the whole aggregation). Null when <paramref name="earlier"/>
    /// was not counted from sessions in memory.
    /// </summary>
    public static JourneyAggregates? Recount(JourneyAggregates earlier, AggregationKey key) =>
        earlier.Sequences is LocalSequences local && earlier.Key.Filter == key.Filter ? CountSessions(earlier, local._sessions, local._stepPair, key) : null;

    /// <summary>
    /// Per pair: session starts, session ends, exits and distinct users lost (with goals, only of sessions that did not
    /// convert), and with goals the sessions, conversions and the chain's state transitions; onto the pairs of
    /// <paramref name="counted"/>, whose occurrences and transitions are kept.
    /// </summary>
    private static JourneyAggregates CountSessions(JourneyAggregates counted, SessionSet sessions, int[] stepPair, AggregationKey key)
    {
        var pairs = counted.Pairs;
        var userIds = sessions.Events.UserIds;
        var allSteps = sessions.AllSteps;
        var offsets = sessions.StepOffsets;
        var exits = new int[pairs.Count];
        var ends = new int[pairs.Count];
        var starts = new int[pairs.Count];
        var lostUsers = new HashSet<long>(PairKey.Comparer);
        var withGoals = key.Goals.IsEmpty ? null : new GoalCounts(key.Goals, sessions.Events, pairs, sessions.Count);
        for (var s = 0; s < sessions.Count; s++)
        {
            starts[stepPair[offsets[s]]]++;
            var last = offsets[s + 1] - 1;
            var p = stepPair[last];
            ends[p]++;
            if (withGoals is not null && withGoals.Count(s, stepPair.AsSpan(offsets[s], last + 1 - offsets[s]))) continue;
            exits[p]++;
            lostUsers.Add(PairKey.Of(p, userIds[allSteps[last]]));
        }
        var uniqueLost = new int[pairs.Count];
        foreach (var lost in lostUsers) uniqueLost[(int)(lost >> 32)]++;

        var pairCounts = new PairCount[pairs.Count];
        for (var p = 0; p < pairCounts.Length; p++)
            pairCounts[p] = new PairCount(pairs[p].Page, pairs[p].Event, pairs[p].Occurrences, exits[p], uniqueLost[p], starts[p],
                withGoals?.Sessions[p] ?? 0, withGoals?.Conversions[p] ?? 0, ends[p]);
        return counted with
        {
            Pairs = pairCounts,
            Sequences = new LocalSequences(sessions, stepPair, withGoals?.Converts),
            Key = key,
            Converted = withGoals?.Converted ?? 0,
            StateTransitions = withGoals?.StateTransitions() ?? [],
        };
    }

    /// <summary>
    /// What goals add to the counts (docs/metrics.md section 8), session by session: whether it converts, the sessions and
    /// conversions of each pair, and the chain's state transitions up to the conversion.
    /// </summary>
    private sealed class GoalCounts
    {
        private readonly bool[] _goalPair;
        private readonly int[] _lastSession;
        private readonly Dictionary<long, int> _states = new(PairKey.Comparer);

        public GoalCounts(GoalSet goals, Events.EventTable events, IReadOnlyList<PairCount> pairs, int sessionCount)
        {
            var goalPage = GoalSet.Flags(events.Pages.Values, goals.Pages);
            var goalEvent = GoalSet.Flags(events.Events.Values, goals.Events);
            _goalPair = new bool[pairs.Count];
            for (var p = 0; p < pairs.Count; p++) _goalPair[p] = goalPage[pairs[p].Page] || goalEvent[pairs[p].Event];
            _lastSession = new int[pairs.Count];
            Array.Fill(_lastSession, -1);
            Sessions = new int[pairs.Count];
            Conversions = new int[pairs.Count];
            Converts = new bool[sessionCount];
        }

        public int[] Sessions { get; }
        public int[] Conversions { get; }
        public bool[] Converts { get; }
        public int Converted { get; private set; }

        /// <summary>Counts session <paramref name="s"/> with the pairs of its steps; true when it converts.</summary>
        public bool Count(int s, ReadOnlySpan<int> steps)
        {
            var conversion = -1;
            for (var k = 0; k < steps.Length && conversion < 0; k++)
                if (_goalPair[steps[k]]) conversion = k;
            var converts = conversion >= 0;
            if (converts)
            {
                Converts[s] = true;
                Converted++;
            }
            foreach (var p in steps)
            {
                if (_lastSession[p] == s) continue;
                _lastSession[p] = s;
                Sessions[p]++;
                if (converts) Conversions[p]++;
            }
            // The sequence stops at the conversion: the step into the goal is its last transition.
            var end = converts ? conversion : steps.Length - 1;
            for (var k = 1; k <= end; k++)
            {
                var key = PairKey.Of(steps[k - 1], steps[k]);
                _states[key] = _states.GetValueOrDefault(key) + 1;
            }
            return converts;
        }

        public StateTransition[] StateTransitions() =>
            StateTransition.Ordered(_states.Select(s => new StateTransition((int)(s.Key >> 32), (int)(s.Key & 0xFFFFFFFF), s.Value)));
    }

    private static int TransitionOf(List<(int Event, int Transition)> edge, int from, int to, int evt, List<(int, int, int)> transitions,
        List<int> counts)
    {
        foreach (var (e, t) in edge)
            if (e == evt) return t;
        var index = transitions.Count;
        transitions.Add((from, to, evt));
        counts.Add(0);
        edge.Add((evt, index));
        return index;
    }

    /// <summary>Users with at least one event: ids index the table's pool, so a flag per id, not a hash set of ten million.</summary>
    /// <summary>The values of <paramref name="values"/> at <paramref name="rows"/>.</summary>
    private static T[] Gather<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> rows)
    {
        var gathered = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++) gathered[i] = values[rows[i]];
        return gathered;
    }

    private static int DistinctUsers(ReadOnlySpan<int> userIds, int poolSize)
    {
        var seen = new bool[poolSize];
        var count = 0;
        foreach (var u in userIds)
        {
            if (seen[u]) continue;
            seen[u] = true;
            count++;
        }
        return count;
    }

    private static (long First, long Last) TimeRange(ReadOnlySpan<long> ticks)
    {
        if (ticks.IsEmpty) return (0, 0);
        long min = long.MaxValue, max = long.MinValue;
        foreach (var t in ticks)
        {
            min = Math.Min(min, t);
            max = Math.Max(max, t);
        }
        return (min, max);
    }

    /// <summary>The fragile flows under <paramref name="marks"/> and the sessions and users lost at chokepoints, from memory.</summary>
    public FragileFlowSet FragileFlows(ChokepointMarks marks, CancellationToken cancellationToken = default)
    {
        var sessions = _sessions;
        var events = sessions.Events;
        var userIds = events.UserIds;
        var allSteps = sessions.AllSteps;
        var offsets = sessions.StepOffsets;
        var (score, isChokepoint) = (marks.Scores, marks.IsChokepoint);
        var flows = new List<FragileFlow>();
        var lostAtChokepoints = new HashSet<int>();
        var sessionsLost = 0;
        for (var s = 0; s < sessions.Count; s++)
        {
            if ((s & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            var count = 0;
            var total = 0.0;
            for (var k = offsets[s]; k < offsets[s + 1]; k++)
            {
                var p = _stepPair[k];
                if (isChokepoint[p]) count++;
                total += score[p];
            }
            var last = offsets[s + 1] - 1;
            // A session that reached a goal lost nobody, wherever it ended (docs/metrics.md section 8).
            if (isChokepoint[_stepPair[last]] && _converts?[s] != true)
            {
                sessionsLost++;
                lostAtChokepoints.Add(userIds[allSteps[last]]);
            }
            if (count < 2) continue;
            flows.Add(new FragileFlow(sessions.Ids[s], events.Users[sessions.Users[s]],
                new SessionFlowSteps(sessions, s, _stepPair, score, isChokepoint), count, total));
        }
        return new FragileFlowSet(flows.Count, flows, sessionsLost, lostAtChokepoints.Count);
    }
}
