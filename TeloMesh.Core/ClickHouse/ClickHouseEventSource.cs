using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// Events in a ClickHouse table (plain or <c>Distributed</c> over shards), aggregated by SQL that ClickHouse runs:
/// sessions from the session column or the gap rule (per user, <c>groupArray</c> of (time, page, event, user) sorted with
/// <c>arraySort</c>, gaps with <c>arrayDifference</c>, session numbers with <c>arrayCumSum</c>), then transition counts
/// per (from page, to page, event) and occurrences, exits and distinct users lost per (page, event), each with the place
/// it was first seen. Only these aggregates come back; no query returns raw events. Written for 18.16 (Debian's) and
/// current servers alike: no window functions, no <c>neighbor</c>, no query parameters (values go as external tables).
/// <para>
/// One difference from a file, by necessity: a table has no row order, so steps of one session with the same timestamp
/// are ordered by page, then event, then user (a file keeps them in file order). With distinct timestamps within each
/// session, every number equals the in-process analysis.
/// </para>
/// </summary>
public sealed partial class ClickHouseEventSource(IClickHouseClient client, string database, ClickHouseTable table) : IClickHouseSource
{
    private const string Params = "tm_params";

    public string Description => $"ClickHouse table {database}.{table.Table} at {client.Endpoint}";

    /// <summary>
    /// Checks that the database, the table and every mapped column exist and that the time column has a usable type,
    /// and returns the SQL expression of each column. Each problem is an <see cref="InvalidInputException"/> naming it.
    /// </summary>
    public async Task<ColumnExpressions> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var target = new ExternalTable("tm_target", [("db", "String"), ("tbl", "String")], [[database, table.Table]]);
        var databases = await client.QueryAsync("SELECT count() FROM system.databases WHERE name = (SELECT db FROM tm_target)", [target],
            cancellationToken).ConfigureAwait(false);
        if (databases.Count == 0 || databases[0][0] == "0")
            throw new InvalidInputException($"ClickHouse at {client.Endpoint} has no database '{database}'.");
        var rows = await client.QueryAsync(
            "SELECT name, type FROM system.columns WHERE database = (SELECT db FROM tm_target) AND table = (SELECT tbl FROM tm_target)",
            [target], cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            var tables = await client.QueryAsync("SELECT name FROM system.tables WHERE database = (SELECT db FROM tm_target) ORDER BY name LIMIT 20",
                [target], cancellationToken).ConfigureAwait(false);
            throw new InvalidInputException($"ClickHouse at {client.Endpoint} has no table '{table.Table}' in database '{database}'. " +
                (tables.Count == 0 ? "The database has no tables." : $"Its tables: {string.Join(", ", tables.Select(t => t[0]))}."));
        }
        var types = rows.ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
        string Column(string? name, string role)
        {
            Sql.Identifier(name!, $"{role} column");
            if (!types.ContainsKey(name!))
                throw new InvalidInputException($"The table {database}.{table.Table} has no column '{name}' (the {role} column). " +
                    $"Its columns: {string.Join(", ", rows.Select(r => $"{r[0]} ({r[1]})"))}.");
            return $"ifNull(toString({Sql.Identifier(name!, $"{role} column")}), '')";
        }
        var user = Column(table.Columns.User, "user");
        var page = Column(table.Columns.Page, "page");
        var evt = Column(table.Columns.Event, "event");
        var session = table.Columns.Session is null ? "''" : Column(table.Columns.Session, "session");
        Column(table.Columns.Timestamp, "time");
        var time = TimeExpression(Sql.Identifier(table.Columns.Timestamp, "time column"), types[table.Columns.Timestamp]);
        var mapped = new[] { table.Columns.User, table.Columns.Timestamp, table.Columns.Page, table.Columns.Event, table.Columns.Session };
        return new ColumnExpressions(user, time, page, evt, session)
        {
            Segments = [.. rows.Select(r => r[0]).Where(name => !mapped.Contains(name, StringComparer.Ordinal) && Sql.IsIdentifier(name))],
        };
    }

    /// <summary>Microseconds since the Unix epoch, from the time column's type.</summary>
    private string TimeExpression(string column, string type)
    {
        var bare = type.StartsWith("Nullable(", StringComparison.Ordinal) ? type[9..^1] : type;
        if (bare == "DateTime" || bare.StartsWith("DateTime(", StringComparison.Ordinal))
            return $"toInt64(toUInt32({column})) * 1000000";
        if (bare.StartsWith("DateTime64", StringComparison.Ordinal))
            return $"toUnixTimestamp64Micro({column})";
        if (bare is "Int32" or "Int64" or "UInt32" or "UInt64")
            return $"multiIf(toInt64({column}) < 100000000000, toInt64({column}) * 1000000, toInt64({column}) < 100000000000000, toInt64({column}) * 1000, toInt64({column}))";
        throw new InvalidInputException($"The time column '{table.Columns.Timestamp}' of {database}.{table.Table} has type {type}: use a DateTime, " +
            "DateTime64 or integer Unix epoch (seconds, milliseconds or microseconds) column.");
    }

    /// <summary>Checks the table and mapping (see <see cref="DescribeAsync(CancellationToken)"/>) and counts the events the analysis would use.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var columns = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var rows = await client.QueryAsync($"SELECT count() FROM ({EventsQuery(columns)})", [Parameters(SessionOptionsGap)], cancellationToken).ConfigureAwait(false);
        return long.Parse(rows[0][0], CultureInfo.InvariantCulture);
    }

    public async Task<EventsFingerprint> FingerprintAsync(TimeSpan sessionGap, CancellationToken cancellationToken = default)
    {
        var columns = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var row = (await client.QueryAsync($"SELECT count(), {FingerprintSum} FROM ({EventsQuery(columns)})", [Parameters(sessionGap)],
            cancellationToken).ConfigureAwait(false))[0];
        return new EventsFingerprint(Long(row[0]), ulong.Parse(row[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The sum of a hash of every event (UInt64 arithmetic wraps), as <see cref="EventsFingerprint"/> describes.</summary>
    private const string FingerprintSum = "sum(cityHash64(tm_user, tm_ts, tm_page, tm_event, tm_session))";

    private static readonly TimeSpan SessionOptionsGap = Sessions.SessionOptions.Default.Gap;

    public async Task<JourneyAggregates> AggregateAsync(AggregationKey key, CancellationToken cancellationToken = default) =>
        (await AggregateRowsAsync(key, cancellationToken).ConfigureAwait(false)).ToAggregates(key);

    /// <summary>The aggregation's rows and totals before interning, so that rows of several shards can be merged.</summary>
    public async Task<AggregateRows> AggregateRowsAsync(AggregationKey key, CancellationToken cancellationToken = default)
    {
        var columns = await DescribeAsync(key.PageRules, cancellationToken).ConfigureAwait(false);
        var goals = Goals(key.Goals);
        var parameters = Parameters(key.SessionGap);
        // Filtered (a view of one slice), each step knows whether its session is kept (in_a, by its first step).
        var filtered = !key.Filter.IsAll;
        var (events, bounds) = filtered ? Sliced(columns, key.Filter, Slice.All) : (EventsQuery(columns), null);
        ExternalTable[] tables = [parameters, .. Tables(goals, columns), .. bounds is null ? [] : new[] { bounds }];
        var steps = StepsQuery(events, goals is not null, slices: filtered, journeys: true);
        var kept = filtered ? "WHERE in_a = 1" : "";
        // The totals and the fingerprint are of the events as stored, whatever the rules.
        var totalsTask = TotalsAsync(await DescribeAsync(cancellationToken).ConfigureAwait(false), parameters, cancellationToken);
        var filteredTotalsTask = filtered
            ? client.QueryAsync($"SELECT count(), uniqExact(user), uniqExactIf(sid, from_column = 1), min(ts), max(ts) FROM ({steps}) {kept}", tables, cancellationToken)
            : null;
        // Distinct users lost at a pair: without a session column every session is one user's, so a user's first exit at
        // the pair (flagged inside that user's array) counts them once, and a sum does it; otherwise a set of users.
        // Filtered, that first exit may be in a session left out, so a set of users there too.
        // With goals a session that converts loses nobody (docs/metrics.md section 8).
        var usersLost = table.Columns.Session is null && !filtered ? "sum(first_exit)" : "uniqExactIf(user, is_last AND converts = 0)";
        // One pass over the sessions gives every list: each step counts once for its (page, event) pair (kind 1), each step
        // after the first once more for its transition (kind 2) and, with goals, each step after the first up to the
        // conversion once more for the chain's state transition from the pair before it (kind 3). For the journeys'
        // tables (docs/metrics.md section 10) each step after the first also counts for its (from page, to page) with its
        // time gap (kind 4; its first in the session counts the session), the third step of a ping-pong a -> b -> a for
        // (a, b) (kind 6; likewise), and for the funnel a session's first step on a page for (page, step) (kind 7).
        var kinds = goals is null ? "if(step > 0, [1, 2, 4], [1])" : "if(step > 0, if(in_seq = 1, [1, 2, 3, 4], [1, 2, 4]), [1])";
        var rowsTask = client.QueryAsync($"""
            SELECT kind, k1, k2, k3, k4, count(), sum(is_last AND converts = 0), {usersLost}, sum(step = 0), min((sid, step)) AS first, first.1,
                first.2, sum(first_in_session), sum(first_in_session AND converts), sum(is_last), sum(is_conv),
                sum(multiIf(kind = 4, pair_first, kind = 6, loop_first, 0))
            FROM (
                SELECT kind, multiIf(kind = 1 OR kind = 6 OR kind = 7, page, prev) AS k1,
                    multiIf(kind = 1, event, kind = 2 OR kind = 4, page, kind = 6, prev, kind = 7, toString(visit), prev_event) AS k2,
                    multiIf(kind = 1 OR kind = 6 OR kind = 7, '', kind = 2, event, kind = 4, toString(gap), page) AS k3, if(kind = 3, event, '') AS k4, sid, step, user,
                    is_last, first_exit, converts, first_in_session, is_conv, pair_first, loop_first
                FROM ({steps})
                ARRAY JOIN arrayConcat({kinds}, if(is_loop = 1, [6], emptyArrayUInt8()), if(page_first = 1, [7], emptyArrayUInt8())) AS kind
                {kept})
            GROUP BY kind, k1, k2, k3, k4
            """, tables, cancellationToken);
        await Task.WhenAll(rowsTask, totalsTask, filteredTotalsTask ?? Task.CompletedTask).ConfigureAwait(false);
        var rows = await rowsTask.ConfigureAwait(false);
        var pairs = rows.Where(r => r[0] == "1").Select(r => new PairRow(r[1], r[2], Int(r[5]), Int(r[6]), Int(r[7]), Int(r[8]), new FirstSeen(r[10], Int(r[11])))
        {
            Sessions = goals is null ? 0 : Int(r[12]),
            Conversions = goals is null ? 0 : Int(r[13]),
            Ends = Int(r[14]),
        }).ToList();
        var transitions = rows.Where(r => r[0] == "2").Select(r => new TransitionRow(r[1], r[2], r[3], Int(r[5]), new FirstSeen(r[10], Int(r[11]))));
        var states = rows.Where(r => r[0] == "3").Select(r => new StateTransitionRow(r[1], r[2], r[3], r[4], Int(r[5])));
        var totals = await totalsTask.ConfigureAwait(false);
        if (filteredTotalsTask is not null)
        {
            // The totals of the sessions kept; the fingerprint stays the whole table's (it tells whether the events changed).
            var sums = (await filteredTotalsTask.ConfigureAwait(false))[0];
            var count = Long(sums[0]);
            if (count == 0)
                throw new InvalidInputException($"No session matches the filter ({key.Filter}) in {Description}.");
            totals = totals with
            {
                Events = count,
                Users = Long(sums[1]),
                ColumnSessions = Long(sums[2]),
                FirstEventTicks = Ticks(sums[3]),
                LastEventTicks = Ticks(sums[4]),
            };
        }
        // The totals come from their own scan: when events arrived in between, its fingerprint does not describe these
        // counts, so none is kept and a re-analysis aggregates again.
        var consistent = pairs.Sum(p => (long)p.Occurrences) == totals.Events;
        return totals with { Pairs = pairs, Transitions = [.. transitions], Fingerprint = consistent ? totals.Fingerprint : null }
            with
        {
            StateTransitions = [.. states],
            Converted = rows.Where(r => r[0] == "1").Sum(r => Long(r[15])),
            // Gaps come in microseconds; sessions per page pair add up over its gaps (each session flags its first transition).
            PagePairs = [.. rows.Where(r => r[0] == "4").GroupBy(r => (r[1], r[2])).Select(g => new PagePairRow(g.Key.Item1, g.Key.Item2,
                g.Sum(r => Int(r[16])), [.. g.Select(r => (Long(r[3]) * 10, Int(r[5])))]))],
            Loops = [.. rows.Where(r => r[0] == "6").Select(r => new LoopRow(r[1], r[2], Int(r[16]), Int(r[5])))],
            PageSteps = [.. rows.Where(r => r[0] == "7").Select(r => new PageStepRow(r[1], Int(r[2]), Int(r[5])))],
        };
    }

    /// <summary>Events, distinct users, distinct session-column values and the time span, with no rows.</summary>
    internal async Task<AggregateRows> TotalsAsync(TimeSpan sessionGap, CancellationToken cancellationToken = default) =>
        await TotalsAsync(await DescribeAsync(cancellationToken).ConfigureAwait(false), Parameters(sessionGap), cancellationToken).ConfigureAwait(false);

    private async Task<AggregateRows> TotalsAsync(ColumnExpressions columns, ExternalTable parameters, CancellationToken cancellationToken)
    {
        var sessions = table.Columns.Session is null ? "0" : "uniqExactIf(tm_session, tm_session != '')";
        var totals = (await client.QueryAsync(
            $"SELECT count(), uniqExact(tm_user), {sessions}, min(tm_ts), max(tm_ts), {FingerprintSum} FROM ({EventsQuery(columns)})", [parameters],
            cancellationToken).ConfigureAwait(false))[0];
        var count = Long(totals[0]);
        return new AggregateRows([], [], count, Long(totals[1]), Long(totals[2]), count == 0 ? 0 : Ticks(totals[3]), count == 0 ? 0 : Ticks(totals[4]),
            new EventsFingerprint(count, ulong.Parse(totals[5], CultureInfo.InvariantCulture)));
    }

    /// <remarks>
    /// Two queries. The first cuts the sessions once, as <see cref="StepsQuery"/> does, but never makes a row per step
    /// or groups by session: inside each user's array (gap rule) or session's array (session column) it flags the
    /// chokepoint steps and counts them per session with prefix sums taken at each session's last step, and returns
    /// the counts and the ids of the first fragile flows. The second reads only those flows' users and sessions again
    /// for their steps, a small fraction of the table. All arrays are made from other arrays element by element, never
    /// by a lambda that captures a whole array (ClickHouse copies a captured array for every element).
    /// </remarks>
    public async Task<FragileFlowSample> FragileFlowsAsync(AggregationKey key, IReadOnlyList<(string Page, string Event)> chokepoints, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var columns = await DescribeAsync(key.PageRules, cancellationToken).ConfigureAwait(false);
        var parameters = Parameters(key.SessionGap);
        var goals = Goals(key.Goals);
        // With goals a session that converts lost nobody, wherever it ended (docs/metrics.md section 8): in a session's
        // array it has a goal step; in a user's, the goals of the session up to its last step (see StepsQuery) are not 0.
        var sessionConverts = goals is null ? "0" : $"arrayExists(x -> {GoalCondition("x.2", "x.3")}, steps)";
        var endsOn = goals is null ? "arrayFilter((c, l) -> l, flags, lasts)" : $"""
            arrayFilter((c, l) -> l, arrayMap((c, b, g) -> toUInt8(c AND b + g = 0), flags,
                arrayCumSumNonNegative(arrayMap((k, g) -> if(k = 1, toInt64(-1000000000), toInt64(g)), arrayEnumerateUniq(nums),
                    arrayPopBack(arrayPushFront(gfs, toUInt8(0))))), gfs), lasts)
            """;
        var goalFlags = goals is null ? "" : $"arrayMap(x -> toUInt8({GoalCondition("x.2", "x.3")}), evs) AS gfs,";
        var chokepointTable = new ExternalTable("tm_chokepoints", [("page", "String"), ("event", "String")],
            [.. chokepoints.Select(c => (IReadOnlyList<string>)[c.Page, c.Event])]);
        const string isChokepoint = "has((SELECT groupArray((page, event)) FROM tm_chokepoints), (x.2, x.3))";
        // Filtered (a view of one slice), only the sessions kept count: a session-column session by its first step, a
        // gap-rule session's chokepoint flags only where it is kept.
        var filtered = !key.Filter.IsAll;
        var (events, bounds) = filtered ? Sliced(columns, key.Filter, Slice.All) : (EventsQuery(columns), null);
        var (sliceTuple, keptSessions, userFlags) = filtered
            ? (", tm_in_a, tm_in_b", "HAVING steps[1].5 = 1", $"arrayMap((x, m) -> toUInt8({isChokepoint} AND m = 1), evs, {Member("4", "arrayEnumerateUniq(nums)")})")
            : ("", "", $"arrayMap(x -> {isChokepoint}, evs)");
        // Per row (a session with an id, or a user's gap-rule sessions): fragile flows, sessions ending on a chokepoint,
        // the user lost there (if any) and the (id, user) of each fragile flow. The limit is a number TeloMesh chose.
        var rows = await client.QueryAsync($"""
            SELECT f.1, f.2, flows, lost_sessions, lost_users
            FROM (
                SELECT sum(flows) AS flows, sum(lost) AS lost_sessions, uniqExactIf(lost_user, lost > 0) AS lost_users,
                    arraySlice(arraySort(groupArrayArray(fragile)), 1, {limit.ToString(CultureInfo.InvariantCulture)}) AS top
                FROM (
                    SELECT toUInt64(cps >= 2) AS flows, toUInt64(flags[length(flags)] AND NOT {sessionConverts}) AS lost, steps[length(steps)].4 AS lost_user,
                        if(cps >= 2, [(sid, steps[1].4)], emptyArrayTuple) AS fragile
                    FROM (
                        SELECT tm_session AS sid, arraySort(groupArray((tm_ts, tm_page, tm_event, tm_user{sliceTuple}))) AS steps,
                            arrayMap(x -> {isChokepoint}, steps) AS flags, arraySum(flags) AS cps,
                            CAST([] AS Array(Tuple(String, String))) AS emptyArrayTuple
                        FROM ({events})
                        WHERE tm_session != ''
                        GROUP BY tm_session
                        {keptSessions})
                    UNION ALL
                    SELECT toUInt64(arrayCount(t -> t >= 2, counts)) AS flows, toUInt64(arraySum(ends_on)) AS lost, uid AS lost_user,
                        arrayMap(k -> ({SessionName("k")}, uid),
                            arrayFilter((k, t) -> t >= 2, arrayMap(i -> i - 1, arrayEnumerate(counts)), counts)) AS fragile
                    FROM (
                        SELECT {GapRuleArrays(sliceTuple)},
                            {userFlags} AS flags, {goalFlags}
                            arrayFilter((p, l) -> l, arrayCumSum(flags), lasts) AS ends,
                            arrayPopFront(arrayDifference(arrayPushFront(ends, toUInt64(0)))) AS counts,
                            {endsOn} AS ends_on
                        FROM ({events})
                        WHERE tm_session = ''
                        GROUP BY tm_user)))
            LEFT ARRAY JOIN top AS f
            """, [parameters, chokepointTable, .. Tables(goals, columns), .. bounds is null ? [] : new[] { bounds }], cancellationToken).ConfigureAwait(false);
        var summary = rows[0][2..];
        var first = rows.Where(r => r[0].Length > 0).Select(r => (Id: r[0], User: r[1])).ToList();
        if (first.Count == 0) return new FragileFlowSample(Int(summary[0]), [], Int(summary[1]), Int(summary[2]));

        var stepsOf = await StepsOfAsync(columns, key.SessionGap, first, cancellationToken).ConfigureAwait(false);
        var flows = first.Select(f => new SampledFlow(f.Id, f.User, stepsOf[f.Id])).ToList();
        return new FragileFlowSample(Int(summary[0]), flows, Int(summary[1]), Int(summary[2]));
    }

    /// <summary>
    /// The steps of the sessions <paramref name="sessions"/> names (id and user), in step order: only their users' gap-rule
    /// events and their sessions' events are read and cut again. A session counted a moment ago and now gone means the
    /// table changed, which is said.
    /// </summary>
    private async Task<Dictionary<string, List<(string Page, string Event, long Ticks)>>> StepsOfAsync(ColumnExpressions columns, TimeSpan sessionGap,
        IReadOnlyList<(string Id, string User)> sessions, CancellationToken cancellationToken)
    {
        var flowTable = new ExternalTable("tm_flows", [("sid", "String"), ("user", "String")],
            [.. sessions.Select(f => (IReadOnlyList<string>)[f.Id, f.User])]);
        var ofFlows = $"""
            SELECT * FROM ({EventsQuery(columns)})
            WHERE (tm_session = '' AND tm_user IN (SELECT user FROM tm_flows)) OR (tm_session != '' AND tm_session IN (SELECT sid FROM tm_flows))
            """;
        var steps = await client.QueryAsync($"""
            SELECT sid, step, page, event, ts FROM ({StepsQuery(ofFlows, goals: false)}) WHERE sid IN (SELECT sid FROM tm_flows)
            """, [Parameters(sessionGap), flowTable, .. Tables(null, columns)], cancellationToken).ConfigureAwait(false);
        var stepsOf = steps.GroupBy(r => r[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => Int(r[1])).Select(r => (r[2], r[3], Ticks(r[4]))).ToList(), StringComparer.Ordinal);
        foreach (var (id, _) in sessions)
            if (!stepsOf.ContainsKey(id))
                throw new InvalidInputException($"{Description} changed while it was analysed (session '{id}' was counted but is gone): analyse it again.");
        return stepsOf;
    }

    /// <remarks>
    /// Two queries. The first cuts the sessions (of the key's filter only), keeps those with a step on the pair (sent as
    /// the table <c>tm_pair</c>), counts them and those whose last step is on it, and returns the first
    /// <paramref name="count"/> in evidence order; the second reads their steps (<see cref="StepsOfAsync"/>).
    /// </remarks>
    public async Task<EvidenceSample> EvidenceAsync(AggregationKey key, string page, string evt, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var columns = await DescribeAsync(key.PageRules, cancellationToken).ConfigureAwait(false);
        var filtered = !key.Filter.IsAll;
        var (events, bounds) = filtered ? Sliced(columns, key.Filter, Slice.All) : (EventsQuery(columns), null);
        var pair = new ExternalTable("tm_pair", [("page", "String"), ("event", "String")], [[page, evt]]);
        const string onPair = "(page, event) IN (SELECT page, event FROM tm_pair)";
        var rows = await client.QueryAsync($"""
            SELECT f.1, f.2, f.3, through, ended
            FROM (
                SELECT count() AS through, sum(e) AS ended,
                    arraySlice(arraySort(x -> (1 - x.3, x.1), groupArray((sid, u, e))), 1, {count.ToString(CultureInfo.InvariantCulture)}) AS top
                FROM (
                    SELECT sid, any(suser) AS u, toUInt8(max(is_last AND {onPair})) AS e
                    FROM ({StepsQuery(events, goals: false, slices: filtered)})
                    {(filtered ? "WHERE in_a = 1" : "")}
                    GROUP BY sid
                    HAVING countIf({onPair}) > 0))
            LEFT ARRAY JOIN top AS f
            """, [Parameters(key.SessionGap), pair, .. Tables(null, columns), .. bounds is null ? [] : new[] { bounds }], cancellationToken).ConfigureAwait(false);
        var first = rows.Where(r => r[0].Length > 0).Select(r => (Id: r[0], User: r[1], Ended: r[2] == "1")).ToList();
        var stepsOf = first.Count == 0 ? [] : await StepsOfAsync(columns, key.SessionGap, [.. first.Select(f => (f.Id, f.User))], cancellationToken).ConfigureAwait(false);
        return new EvidenceSample(Int(rows[0][3]), Int(rows[0][4]), [.. first.Select(f => new EvidenceSession(f.Id, f.User, f.Ended,
            [.. stepsOf[f.Id].Select((x, i) => new EvidenceStep(i, x.Ticks, x.Page, x.Event))]))]);
    }

    private const string PageTable = "tm_pages";

    /// <summary>
    /// The columns with the page renamed by grouping rules (docs/metrics.md section 11). The rules run here, not in SQL: the
    /// table's distinct pages come back (one short query), each is renamed by the same code a file's pages are, and the
    /// renamed ones go with every query as the table <c>tm_pages</c>, which the page expression reads through
    /// <c>transform</c>. So a regular expression rule means exactly what it means for a file.
    /// </summary>
    private Task<ColumnExpressions> DescribeAsync(Grouping.PageRules rules, CancellationToken cancellationToken)
    {
        if (rules.IsEmpty) return DescribeAsync(cancellationToken);
        // One analysis asks for the renamed pages with every query (aggregates, fragile flows, resilience, paths): the
        // table's distinct pages are read and renamed once per source and set of rules.
        lock (_renamedLock)
        {
            if (_renamed is { } kept && kept.Rules == rules && !kept.Columns.IsFaulted && !kept.Columns.IsCanceled) return kept.Columns;
            var columns = RenameAsync(rules, cancellationToken);
            _renamed = (rules, columns);
            return columns;
        }
    }

    private readonly Lock _renamedLock = new();
    private (Grouping.PageRules Rules, Task<ColumnExpressions> Columns)? _renamed;

    private async Task<ColumnExpressions> RenameAsync(Grouping.PageRules rules, CancellationToken cancellationToken)
    {
        var columns = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (rules.IsEmpty) return columns;
        var pages = await client.QueryAsync($"SELECT DISTINCT tm_page FROM ({EventsQuery(columns)})", [Parameters(SessionOptionsGap)], cancellationToken)
            .ConfigureAwait(false);
        var renamed = pages.Select(p => (Raw: p[0], Grouped: rules.Apply(p[0]))).Where(p => p.Raw != p.Grouped)
            .Select(p => (IReadOnlyList<string>)[p.Raw, p.Grouped]).ToList();
        if (renamed.Count == 0) return columns;
        return columns with
        {
            Page = $"transform({columns.Page}, (SELECT groupArray(raw) FROM {PageTable}), (SELECT groupArray(grouped) FROM {PageTable}), {columns.Page})",
            PageTable = new ExternalTable(PageTable, [("raw", "String"), ("grouped", "String")], renamed),
        };
    }

    private ExternalTable Parameters(TimeSpan sessionGap)
    {
        static string Micros(DateTime t) => ((t.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10).ToString(CultureInfo.InvariantCulture);
        return new ExternalTable(Params, [("gap_us", "Int64"), ("from_us", "Int64"), ("to_us", "Int64")],
        [[
            (sessionGap.Ticks / 10).ToString(CultureInfo.InvariantCulture),
            table.From is { } from ? Micros(from) : long.MinValue.ToString(CultureInfo.InvariantCulture),
            table.To is { } to ? Micros(to) : long.MaxValue.ToString(CultureInfo.InvariantCulture),
        ]]);
    }

    private static int Int(string s) => checked((int)Long(s));

    private static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    private static long Ticks(string micros) => DateTime.UnixEpoch.Ticks + long.Parse(micros, CultureInfo.InvariantCulture) * 10;
}

/// <summary>The SQL expression of each mapped column (user, page, event, session as text; time as epoch microseconds).</summary>
public sealed record ColumnExpressions(string User, string Time, string Page, string Event, string Session)
{
    /// <summary>With grouping rules, the pages they rename (raw, grouped) that <see cref="Page"/> reads; null without.</summary>
    public ExternalTable? PageTable { get; init; }

    /// <summary>The table's other columns, in table order: its segment columns (docs/metrics.md section 9).</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>A segment column's value as text (empty for NULL).</summary>
    public static string SegmentValue(string column) => $"ifNull(toString({Sql.Identifier(column, "segment column")}), '')";
}
