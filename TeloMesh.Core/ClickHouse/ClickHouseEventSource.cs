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

    /// <summary>
    /// The gap rule (docs/metrics.md section 2) inside one user's array, the one statement of it in SQL: <c>evs</c> is the user's
    /// gap-rule events (time, page, event) sorted by time, <c>nums</c> each event's session number (0 first: a new session
    /// starts where the time since the previous event is greater than the gap), <c>lasts</c> whether it ends its session.
    /// </summary>
    /// <param name="extra">More event columns carried in each element after (time, page, event), with their leading comma.</param>
    private static string GapRuleArrays(string extra = "") => $"""
        tm_user AS uid, arraySort(groupArray((tm_ts, tm_page, tm_event{extra}))) AS evs,
            arrayCumSum(arrayMap(d -> d > (SELECT gap_us FROM {Params}), arrayDifference(arrayMap(x -> x.1, evs)))) AS nums,
            arrayMap((a, b) -> a != b, nums, arrayPopFront(arrayPushBack(nums, 18446744073709551615))) AS lasts
        """;

    /// <summary>The id of gap-rule session <paramref name="number"/> of user <c>uid</c>: <c>session_{user}_{NN}</c>, as Sessionizer names it.</summary>
    private static string SessionName(string number) => $"concat('session_', uid, '_', if({number} < 10, '0', ''), toString({number}))";

    /// <summary>The events of the table within the time range, with empty user, page or event left out (a file rejects them).</summary>
    /// <param name="extra">More columns of each event (e.g. <c>..., x AS tm_in_a</c>), with their leading comma.</param>
    private string EventsQuery(ColumnExpressions c, string extra = "") => $"""
        SELECT {c.User} AS tm_user, {c.Time} AS tm_ts, {c.Page} AS tm_page, {c.Event} AS tm_event, {c.Session} AS tm_session{extra}
        FROM {Sql.Identifier(database, "database")}.{Sql.Identifier(table.Table, "table")}
        WHERE tm_user != '' AND tm_page != '' AND tm_event != ''
            AND tm_ts >= (SELECT from_us FROM {Params}) AND tm_ts < (SELECT to_us FROM {Params})
        """;

    /// <summary>
    /// Per element of a user's array <c>evs</c> (whose element <paramref name="flag"/> is an event's slice flag), whether its
    /// gap-rule session is in the slice: a session's first step (<paramref name="steps"/> is 1 there) decides for all its
    /// steps, through a running sum that a member's first step raises and a non-member's resets to 0
    /// (<c>arrayCumSumNonNegative</c> clamps the large negative number there).
    /// </summary>
    private static string Member(string flag, string steps = "ks") =>
        $"arrayMap(c -> toUInt8(c > 0), arrayCumSumNonNegative(arrayMap((k, x) -> if(k = 1, if(x.{flag} = 1, toInt64(1), toInt64(-1000000000)), toInt64(0)), {steps}, evs)))";

    /// <summary>
    /// One row per step: session id, the session's user (of its first step), the step's time, page, event and user, its
    /// index, whether it is the session's last, the page and event of the step before it, and (gap-rule sessions only)
    /// whether it is the user's first lost session end at its (page, event). With goals (<paramref name="goals"/>,
    /// docs/metrics.md section 8) also: whether the session converts, whether the step is at or before its conversion,
    /// whether it is the conversion, and whether it is the first step of its pair in the session; without, constants.
    /// </summary>
    /// <remarks>
    /// Every per-step value (index, last step, previous page) is made as an array before the ARRAY JOIN, so no whole
    /// array is copied onto each of its rows (which would cost the square of a heavy user's event count). Gap-rule
    /// sessions are cut inside each user's array: <c>arrayEnumerateUniq</c> of the session numbers is the step index.
    /// Inside a user's array the goals of each session before a step are a running sum that <c>arrayCumSumNonNegative</c>
    /// resets at each session's first step (a large negative number there clamps it to 0); the goals after a step, the
    /// same on the reversed arrays.
    /// </remarks>
    /// <param name="slices">Also whether each step's session is in slice A and in slice B (<c>in_a</c>, <c>in_b</c>): its first
    /// step's <c>tm_in_a</c> and <c>tm_in_b</c>, which <paramref name="events"/> then has.</param>
    /// <param name="journeys">Also, for the journeys' tables (docs/metrics.md section 10): the time since the step before
    /// (<c>gap</c>, microseconds), whether the step is its session's first transition between its two pages
    /// (<c>pair_first</c>), whether it ends a ping-pong a -> b -> a (<c>is_loop</c>) and the session's first of that
    /// ping-pong (<c>loop_first</c>), and for the funnel whether the step is its session's first on its page (<c>page_first</c>) and
    /// its step with repeats collapsed, capped at <see cref="FunnelSteps.MaxStep"/> (<c>visit</c>).</param>
    private static string StepsQuery(string events, bool goals, bool slices = false, bool journeys = false)
    {
        // Inside a user's array the step before and the one before that may be another session's: a session's first step
        // has no page before it (''), a ping-pong needs a third step of the session (k >= 3), and the session number is in
        // every "first in the session" tuple.
        var (sessionJourneys, sessionJourneyJoin, sessionJourneyColumns, userJourneys, userJourneyJoin, userJourneyColumns) = journeys
            ? ("""
                arrayPopBack(arrayPushFront(arrayMap(x -> x.1, steps), toInt64(0))) AS pts,
                    arrayPopBack(arrayPopBack(arrayPushFront(arrayPushFront(arrayMap(x -> x.2, steps), ''), ''))) AS p2s,
                    arrayEnumerateUniq(arrayMap((x, p) -> (p, x.2), steps, prevs)) AS pfs,
                    arrayMap((x, p, q) -> toUInt8(q = x.2 AND p != x.2), steps, prevs, p2s) AS lps,
                    arrayEnumerateUniq(arrayMap((x, p, l) -> (l, x.2, p), steps, prevs, lps)) AS lfs,
                    arrayEnumerateUniq(arrayMap(x -> x.2, steps)) AS pgs,
                    arrayCumSum(arrayMap((x, p, j) -> toUInt32(j = 1 OR x.2 != p), steps, prevs, arrayEnumerate(steps))) AS vss,
                """, ", pts AS pt, pfs AS pf, lps AS lp, lfs AS lf, pgs AS pg, vss AS vs",
                $", st.1 - pt AS gap, toUInt8(pf = 1) AS pair_first, lp AS is_loop, toUInt8(lp = 1 AND lf = 1) AS loop_first, toUInt8(pg = 1) AS page_first, toUInt32(least(vs, {FunnelSteps.MaxStep})) AS visit",
                """
                arrayPopBack(arrayPushFront(arrayMap(x -> x.1, evs), toInt64(0))) AS pts,
                    arrayPopBack(arrayPopBack(arrayPushFront(arrayPushFront(arrayMap(x -> x.2, evs), ''), ''))) AS p2s,
                    arrayEnumerateUniq(arrayMap((x, n, p, k) -> (n, if(k = 1, '', p), x.2), evs, nums, prevs, ks)) AS pfs,
                    arrayMap((x, p, q, k) -> toUInt8(k >= 3 AND q = x.2 AND p != x.2), evs, prevs, p2s, ks) AS lps,
                    arrayEnumerateUniq(arrayMap((x, n, p, l) -> (n, l, x.2, p), evs, nums, prevs, lps)) AS lfs,
                    arrayEnumerateUniq(arrayMap((x, n) -> (n, x.2), evs, nums)) AS pgs,
                    arrayMap(v -> v + 1, arrayCumSumNonNegative(arrayMap((x, p, k) -> if(k = 1, toInt64(-1000000000), toInt64(x.2 != p)), evs, prevs, ks))) AS vss,
                """, ", pts AS pt, pfs AS pf, lps AS lp, lfs AS lf, pgs AS pg, vss AS vs",
                $", ev.1 - pt AS gap, toUInt8(pf = 1) AS pair_first, lp AS is_loop, toUInt8(lp = 1 AND lf = 1) AS loop_first, toUInt8(pg = 1) AS page_first, toUInt32(least(vs, {FunnelSteps.MaxStep})) AS visit")
            : ("", "", "", "", "", "");
        var (sliceTuple, sessionSlices, sessionSliceColumns, userSlices, userSliceJoin, userSliceColumns) = slices
            ? (", tm_in_a, tm_in_b", "steps[1].5 AS sa, steps[1].6 AS sb,", ", sa AS in_a, sb AS in_b, toUInt8(1) AS from_column",
                $"{Member("4")} AS ina, {Member("5")} AS inb,", ", ina AS in_a, inb AS in_b", ", in_a, in_b, toUInt8(0) AS from_column")
            : ("", "", "", "", "", "");
        var sessionGoals = goals
            ? $"""
                arrayMap(x -> toUInt8({GoalCondition("x.2", "x.3")}), steps) AS gf, indexOf(gf, 1) AS conv,
                    arrayEnumerateUniq(arrayMap(x -> (x.2, x.3), steps)) AS occ
                """
            : "toUInt64(0) AS conv, arrayMap(x -> toUInt32(0), steps) AS occ";
        var userGoals = goals
            ? $"""
                arrayMap(x -> toUInt8({GoalCondition("x.2", "x.3")}), evs) AS gf,
                    arrayCumSumNonNegative(arrayMap((k, g) -> if(k = 1, toInt64(-1000000000), toInt64(g)), ks, arrayPopBack(arrayPushFront(gf, toUInt8(0))))) AS gb,
                    arrayReverse(arrayCumSumNonNegative(arrayMap((l, g) -> if(l = 1, toInt64(-1000000000), toInt64(g)), arrayReverse(lasts),
                        arrayPopBack(arrayPushFront(arrayReverse(gf), toUInt8(0)))))) AS ga,
                    arrayMap((b, g, a) -> toUInt8(b + g + a > 0), gb, gf, ga) AS convs,
                    arrayMap(b -> toUInt8(b = 0), gb) AS in_seqs,
                    arrayMap((b, g) -> toUInt8(b = 0 AND g = 1), gb, gf) AS is_convs,
                    arrayEnumerateUniq(arrayMap((x, n) -> (n, x.2, x.3), evs, nums)) AS occs,
                """
            : """
                arrayMap(x -> toUInt8(0), evs) AS convs, arrayMap(x -> toUInt8(1), evs) AS in_seqs, arrayMap(x -> toUInt8(0), evs) AS is_convs,
                    arrayMap(x -> toUInt32(0), evs) AS occs,
                """;
        return $"""
            SELECT sid, suser, st.1 AS ts, st.2 AS page, st.3 AS event, st.4 AS user, toUInt32(i - 1) AS step, i = n AS is_last, pv AS prev,
                pe AS prev_event, toUInt8(0) AS first_exit, toUInt8(conv > 0) AS converts, toUInt8(conv = 0 OR i <= conv) AS in_seq,
                toUInt8(i = conv) AS is_conv, toUInt8(oc = 1) AS first_in_session{sessionSliceColumns}{sessionJourneyColumns}
            FROM (
                SELECT tm_session AS sid, arraySort(groupArray((tm_ts, tm_page, tm_event, tm_user{sliceTuple}))) AS steps, steps[1].4 AS suser,
                    length(steps) AS n, arrayPopBack(arrayPushFront(arrayMap(x -> x.2, steps), '')) AS prevs,
                    arrayPopBack(arrayPushFront(arrayMap(x -> x.3, steps), '')) AS pevents, {sessionSlices}
                    {sessionJourneys}
                    {sessionGoals}
                FROM ({events})
                WHERE tm_session != ''
                GROUP BY tm_session)
            ARRAY JOIN steps AS st, arrayEnumerate(steps) AS i, prevs AS pv, pevents AS pe, occ AS oc{sessionJourneyJoin}
            UNION ALL
            SELECT {SessionName("num")} AS sid, uid AS suser, ev.1 AS ts, ev.2 AS page, ev.3 AS event,
                uid AS user, toUInt32(k - 1) AS step, last AS is_last, pv AS prev, pe AS prev_event, fe AS first_exit, cv AS converts,
                iq AS in_seq, ic AS is_conv, toUInt8(oc = 1) AS first_in_session{userSliceColumns}{userJourneyColumns}
            FROM (
                SELECT {GapRuleArrays(sliceTuple)},
                    arrayEnumerateUniq(nums) AS ks, {userSlices}
                    arrayPopBack(arrayPushFront(arrayMap(x -> x.2, evs), '')) AS prevs,
                    arrayPopBack(arrayPushFront(arrayMap(x -> x.3, evs), '')) AS pevents,
                    {userJourneys}
                    {userGoals}
                    arrayMap((l, c) -> toUInt8(l AND c = 0), lasts, convs) AS losts,
                    arrayMap((l, u) -> toUInt8(l AND u = 1), losts,
                        arrayEnumerateUniq(arrayMap((x, l) -> if(l, (x.2, x.3), ('', '')), evs, losts))) AS first_exits
                FROM ({events})
                WHERE tm_session = ''
                GROUP BY tm_user)
            ARRAY JOIN evs AS ev, nums AS num, ks AS k, lasts AS last, prevs AS pv, pevents AS pe, first_exits AS fe, convs AS cv,
                in_seqs AS iq, is_convs AS ic, occs AS oc{userSliceJoin}{userJourneyJoin}
            """;
    }

    /// <summary>Whether a step on <paramref name="page"/> with <paramref name="evt"/> is a goal step (the goals go as table <c>tm_goals</c>).</summary>
    private static string GoalCondition(string page, string evt) =>
        $"(has((SELECT groupArray(name) FROM {GoalTable} WHERE kind = 'page'), {page}) OR has((SELECT groupArray(name) FROM {GoalTable} WHERE kind = 'event'), {evt}))";

    private const string GoalTable = "tm_goals";

    /// <summary>The goals as an external table (kind page or event, name); null without goals.</summary>
    private static ExternalTable? Goals(GoalSet goals) => goals.IsEmpty ? null
        : new ExternalTable(GoalTable, [("kind", "String"), ("name", "String")],
            [.. goals.Pages.Select(p => (IReadOnlyList<string>)["page", p]), .. goals.Events.Select(e => (IReadOnlyList<string>)["event", e])]);

    /// <summary>The external tables a query of <paramref name="columns"/> with <paramref name="goals"/> reads: the goals and the renamed pages.</summary>
    private static ExternalTable[] Tables(ExternalTable? goals, ColumnExpressions columns) =>
        [.. goals is null ? [] : new[] { goals }, .. columns.PageTable is null ? [] : new[] { columns.PageTable }];

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
