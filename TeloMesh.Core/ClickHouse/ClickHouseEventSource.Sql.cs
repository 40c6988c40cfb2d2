using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// The SQL that states the session rules once: the gap rule inside a user's array, the session ids, the events read, the
/// slices' membership, the goals, and the one row per step every aggregate query of <see cref="ClickHouseEventSource"/>
/// groups. Kept apart from the queries that run it, so the rules in SQL read in one place (docs/metrics.md sections 2 and 8).
/// </summary>
public sealed partial class ClickHouseEventSource
{
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
}
