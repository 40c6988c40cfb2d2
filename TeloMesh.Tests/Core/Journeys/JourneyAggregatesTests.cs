using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;

namespace TeloMesh.Tests.Core.Journeys;

/// <summary>
/// Aggregates in, numbers out, with no server: the counts a warehouse would return for three sessions, worked by hand,
/// go through the one analysis; and the same sessions read from a file are counted into the same aggregates.
/// <para>
/// The sessions (users u1-u3, one session each): s1 = /a (view), /b (click), /c (buy); s2 = /a (view), /b (click);
/// s3 = /a (view), /c (buy).
/// </para>
/// </summary>
public class JourneyAggregatesTests
{
    private const string Csv = """
        user_id,timestamp,page,event,session_id
        u1,2025-01-01T10:00:00Z,/a,view,s1
        u1,2025-01-01T10:01:00Z,/b,click,s1
        u1,2025-01-01T10:02:00Z,/c,buy,s1
        u2,2025-01-01T11:00:00Z,/a,view,s2
        u2,2025-01-01T11:01:00Z,/b,click,s2
        u3,2025-01-01T12:00:00Z,/a,view,s3
        u3,2025-01-01T12:01:00Z,/c,buy,s3

        """;

    /// <summary>
    /// What a warehouse query returns for those sessions, in an order of its own (a table has none): each row with the
    /// session and step where it was first seen.
    /// </summary>
    private static JourneyAggregates FromWarehouseRows() => JourneyAggregates.FromRows(
        [
            new PairRow("/c", "buy", Occurrences: 2, Exits: 2, UniqueUsersLost: 2, Starts: 0, new FirstSeen("s1", 2)),
            new PairRow("/b", "click", Occurrences: 2, Exits: 1, UniqueUsersLost: 1, Starts: 0, new FirstSeen("s1", 1)),
            new PairRow("/a", "view", Occurrences: 3, Exits: 0, UniqueUsersLost: 0, Starts: 3, new FirstSeen("s1", 0)),
        ],
        [
            new TransitionRow("/a", "/c", "buy", 1, new FirstSeen("s3", 1)),
            new TransitionRow("/b", "/c", "buy", 1, new FirstSeen("s1", 2)),
            new TransitionRow("/a", "/b", "click", 2, new FirstSeen("s1", 1)),
        ],
        totalEvents: 7, uniqueUsers: 3, firstEventTicks: 0, lastEventTicks: 0);

    private sealed class Given(JourneyAggregates aggregates) : IJourneySource
    {
        public string Description => "aggregates given by the test";

        public Task<JourneyAggregates> AggregateAsync(AggregationKey key, IProgress<PipelineProgress>? progress = null,
            CancellationToken cancellationToken = default, JourneyAggregates? sameSessions = null) => Task.FromResult(aggregates);

        public Task<bool> StillDescribesAsync(JourneyAggregates earlier, IProgress<PipelineProgress>? progress = null,
            CancellationToken cancellationToken = default) => Task.FromResult(ReferenceEquals(earlier, aggregates));

        public Task<FragileFlowSet> FragileFlowsAsync(JourneyAggregates given, ChokepointMarks marks, CancellationToken cancellationToken = default) =>
            Task.FromResult(FragileFlowSet.Empty);

        public Task<SlicePair> CountSlicesAsync(AggregationKey key, Slice a, Slice b, JourneyAggregates? sameSessions = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException("hand-made aggregates have no sessions to slice");

        public Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(AggregationKey key, JourneyAggregates? sameSessions = null,
            CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<SegmentColumn>>([]);

        public Task<PathResult> PathsAsync(AggregationKey key, PathQuery query, JourneyAggregates? sameSessions = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException("hand-made aggregates have no sessions to follow");

        public Task<long[]> FirstRemovedAsync(JourneyAggregates given, IReadOnlyList<string> order, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("hand-made aggregates have no sessions to break");

        public Task<EvidenceSample> EvidenceAsync(JourneyAggregates given, string page, string evt, int count = EvidenceSample.DefaultCount,
            CancellationToken cancellationToken = default) => throw new NotSupportedException("hand-made aggregates have no sessions to show");

        public Task<IReadOnlyList<TeloMesh.Core.Grouping.PageCount>> PagesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<TeloMesh.Core.Grouping.PageCount>>([.. aggregates.Pages.Values.Select(p => new TeloMesh.Core.Grouping.PageCount(p, 0))]);
    }

    [Fact]
    public async Task Warehouse_rows_give_the_numbers_worked_by_hand()
    {
        var result = await AnalysisPipeline.AnalyzeAsync(new Given(FromWarehouseRows()), AnalysisOptions.Default);

        // Node order is order of first appearance (s1 step 0, 1, 2), whatever order the rows came in.
        Assert.Equal(["/a", "/b", "/c"], result.Graph.NodeOrder.Select(p => result.Graph.Pages[p]));
        Assert.Equal(["/a->/b 2 click", "/b->/c 1 buy", "/a->/c 1 buy"],
            result.Graph.Edges.Select(e => $"{result.Graph.Pages[e.From]}->{result.Graph.Pages[e.To]} {e.Weight} {result.Graph.EventNames[e.Event]}"));

        // Probability lengths: /a->/b -ln(2/3) = 0.405, /a->/c -ln(1/3) = 1.099, /b->/c -ln(1) = 0 (+1e-9). The shortest
        // route /a -> /c goes through /b, the only pair of other pages with a route between them: /b scores 1, the others 0.
        Assert.Equal([1.0, 0.0, 0.0], new[] { "/b", "/a", "/c" }.Select(p => result.Betweenness[result.Graph.Pages.Find(p)]));

        // /b (click): 1 exit in 2 occurrences, x betweenness 1 = 0.5, the only non-zero score, so the threshold and a chokepoint.
        var top = result.Friction.Points[0];
        Assert.Equal(("/b", "click", 2, 1, 0.5, 0.5, true), (top.Page, top.Event, top.Occurrences, top.Exits, top.ExitRate, top.Score, top.IsChokepoint));
        Assert.Equal(0.5, result.Friction.ChokepointThreshold);
        Assert.Equal(1, result.Friction.Summary.Chokepoints);
        // Mean exit rate over the three pairs: (0 + 1/2 + 2/2) / 3 = 0.5; mean score (0 + 0.5 + 0) / 3.
        Assert.Equal(0.5, result.Friction.Summary.AverageExitRate, 12);
        Assert.Equal(0.5 / 3, result.Friction.Summary.AverageScore, 12);

        // Metrics: 7 events, 3 users, 3 sessions, 7/3 steps per session; "view" is the most common event (3);
        // the edges carry click once and buy twice.
        var m = result.Metrics;
        Assert.Equal((7, 3, 3, 1.0, 7.0 / 3), (m.TotalEvents, m.UniqueUsers, m.TotalSessions, m.SessionsPerUser, m.AvgFlowLength));
        Assert.Equal(("view", 3), (m.MostCommonEvent, m.MostCommonEventCount));
        Assert.Equal((3, 3, 2, "buy", 2, 1), (m.NodeCount, m.EdgeCount, m.UniqueEdgeEvents, m.MostCommonEdgeEvent, m.MostCommonEdgeEventCount,
            m.ConnectedComponents));
        // Every session starts on /a.
        Assert.Equal([3, 0, 0], result.SessionStarts());
    }

    [Fact]
    public void The_same_sessions_read_from_a_file_count_into_the_same_aggregates()
    {
        var fromFile = LocalSequences.Aggregate(TeloMesh.Core.Sessions.Sessionizer.Build(TestFiles.Read(Csv).Events));
        var fromRows = FromWarehouseRows();

        string Pair(JourneyAggregates a, PairCount p) => $"{a.Pages[p.Page]} {a.Events[p.Event]} {p.Occurrences} {p.Exits} {p.UniqueUsersLost} {p.Starts}";
        string Transition(JourneyAggregates a, TransitionCount t) => $"{a.Pages[t.From]}->{a.Pages[t.To]} {a.Events[t.Event]} {t.Count}";
        Assert.Equal(fromRows.Pairs.Select(p => Pair(fromRows, p)), fromFile.Pairs.Select(p => Pair(fromFile, p)));
        Assert.Equal(fromRows.Transitions.Select(t => Transition(fromRows, t)), fromFile.Transitions.Select(t => Transition(fromFile, t)));
        Assert.Equal((7, 3, 3, 7), (fromFile.TotalEvents, fromFile.UniqueUsers, fromFile.Sessions, fromFile.Steps));
        Assert.NotNull(fromFile.Sequences.Local);
        Assert.Null(fromRows.Sequences.Local);
    }

    [Fact]
    public async Task A_stage_is_reused_only_while_its_key_is_equal()
    {
        var source = new Given(FromWarehouseRows());
        var first = await AnalysisPipeline.AnalyzeAsync(source, AnalysisOptions.Default);

        var percentile = await AnalysisPipeline.AnalyzeAsync(source, AnalysisOptions.Default with { ChokepointPercentile = 0.5 }, previous: first);
        Assert.Same(first.Graph, percentile.Graph);
        Assert.Same(first.BetweennessResult, percentile.BetweennessResult);

        var hops = await AnalysisPipeline.AnalyzeAsync(source, AnalysisOptions.Default with { Betweenness = BetweennessMode.Hops }, previous: first);
        Assert.Same(first.Graph, hops.Graph);
        Assert.NotSame(first.BetweennessResult, hops.BetweennessResult);
        // With hops, /a -> /c is one hop: no page lies between two others, every score is 0 and nothing is a chokepoint.
        Assert.All(hops.Betweenness, b => Assert.Equal(0, b));
        Assert.Empty(hops.Friction.Chokepoints);

        var compat = await AnalysisPipeline.AnalyzeAsync(source, AnalysisOptions.Default with { Compat = CompatMode.TeloMesh }, previous: first);
        Assert.Same(first.Aggregates, compat.Aggregates);
        Assert.NotSame(first.Graph, compat.Graph);

        // Another source's events (the source cannot vouch for aggregates it did not make) are aggregated again.
        var other = await AnalysisPipeline.AnalyzeAsync(new Given(FromWarehouseRows()), AnalysisOptions.Default, previous: first);
        Assert.NotSame(first.Aggregates, other.Aggregates);
    }
}
