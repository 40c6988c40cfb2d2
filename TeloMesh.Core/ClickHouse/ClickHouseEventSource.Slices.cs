using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// Slices of the sessions in ClickHouse (docs/metrics.md section 9): both slices of a comparison counted in one scan, the
/// segment columns with their values by sessions' first steps, and the checks that name a column or value that is not
/// there. A session belongs to a slice by its first step, as in memory: each event carries whether it would put its
/// session in a slice, and the session takes its first step's (see <c>StepsQuery</c> and <c>Member</c>).
/// </summary>
public sealed partial class ClickHouseEventSource
{
    /// <remarks>
    /// One scan for both slices: each event carries whether it would put its session in A and in B (its time in the
    /// window, its segment value), the session takes its first step's (see <see cref="StepsQuery"/>), and one grouping
    /// counts per (page, event) its occurrences, exits, sessions and conversions, per (from page, to page) its transitions
    /// (kind 2) and the sessions (kind 0), each for A and for B. Only those counts come back.
    /// </remarks>
    public async Task<SlicePair> CountSlicesAsync(AggregationKey key, Slice a, Slice b, CancellationToken cancellationToken = default)
    {
        var columns = await DescribeAsync(key.PageRules, cancellationToken).ConfigureAwait(false);
        var goals = Goals(key.Goals);
        var (events, sliceTable) = Sliced(columns, a, b);
        var rows = await client.QueryAsync($"""
            SELECT kind, k1, k2, sum(in_a), sum(in_b), sum(in_a AND is_last AND converts = 0), sum(in_b AND is_last AND converts = 0),
                sum(in_a AND first_in_session), sum(in_b AND first_in_session), sum(in_a AND first_in_session AND converts),
                sum(in_b AND first_in_session AND converts), sum(in_a AND converts), sum(in_b AND converts), sum(in_a AND in_b), min(ts), max(ts)
            FROM (
                SELECT kind, multiIf(kind = 1, page, kind = 2, prev, '') AS k1, multiIf(kind = 1, event, kind = 2, page, '') AS k2, in_a, in_b,
                    is_last, converts, first_in_session, ts
                FROM ({StepsQuery(events, goals is not null, slices: true)})
                ARRAY JOIN if(step > 0, [1, 2], [0, 1]) AS kind
                WHERE in_a OR in_b OR kind = 0)
            GROUP BY kind, k1, k2
            """, [Parameters(key.SessionGap), sliceTable, .. Tables(goals, columns)], cancellationToken).ConfigureAwait(false);
        var (countA, countB) = (new SliceCounts(), new SliceCounts());
        long both = 0;
        DateTime? first = null, last = null;
        foreach (var r in rows)
        {
            foreach (var (counts, offset) in new[] { (countA, 0), (countB, 1) })
            {
                var n = Long(r[3 + offset]);
                switch (r[0])
                {
                    case "0":
                        counts.Sessions = n;
                        counts.Converted = Long(r[11 + offset]);
                        break;
                    case "1" when n > 0:
                        counts.Pairs[(r[1], r[2])] = new PairTally
                        {
                            Occurrences = n,
                            Exits = Long(r[5 + offset]),
                            Sessions = goals is null ? 0 : Long(r[7 + offset]),
                            Conversions = goals is null ? 0 : Long(r[9 + offset]),
                        };
                        break;
                    case "2" when n > 0:
                        counts.Transitions[(r[1], r[2])] = n;
                        counts.TransitionsOut[r[1]] = counts.TransitionsOut.GetValueOrDefault(r[1]) + n;
                        break;
                }
            }
            if (r[0] == "0")
            {
                both = Long(r[13]);
                (first, last) = (new DateTime(Ticks(r[14]), DateTimeKind.Utc), new DateTime(Ticks(r[15]), DateTimeKind.Utc));
            }
        }
        await RequireValueAsync(columns, a, countA, cancellationToken).ConfigureAwait(false);
        await RequireValueAsync(columns, b, countB, cancellationToken).ConfigureAwait(false);
        return new SlicePair(countA, countB, both, first, last);
    }

    /// <summary>
    /// The events with whether each would put its session in slice <paramref name="a"/> (<c>tm_in_a</c>) and in slice
    /// <paramref name="b"/> (<c>tm_in_b</c>): its time in the window and its segment value; the bounds and values go as
    /// the external table it returns.
    /// </summary>
    private (string Events, ExternalTable Bounds) Sliced(ColumnExpressions columns, Slice a, Slice b)
    {
        string InSlice(Slice slice, string name)
        {
            var segment = slice.Column is null ? "" : $" AND {ColumnExpressions.SegmentValue(SegmentColumn(columns, slice.Column))} = (SELECT {name}_value FROM {SliceTable})";
            return $"toUInt8(tm_ts >= (SELECT {name}_from FROM {SliceTable}) AND tm_ts < (SELECT {name}_to FROM {SliceTable}){segment})";
        }
        var events = EventsQuery(columns, $", {InSlice(a, "a")} AS tm_in_a, {InSlice(b, "b")} AS tm_in_b");
        // Event times here are whole microseconds: t >= bound exactly when t >= the bound rounded up to a microsecond.
        static string Micros(DateTime? t, long otherwise)
        {
            if (t is not { } time) return otherwise.ToString(CultureInfo.InvariantCulture);
            var ticks = time.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
            return (ticks / 10 + (ticks % 10 > 0 ? 1 : 0)).ToString(CultureInfo.InvariantCulture);
        }
        var sliceTable = new ExternalTable(SliceTable,
            [("a_from", "Int64"), ("a_to", "Int64"), ("a_value", "String"), ("b_from", "Int64"), ("b_to", "Int64"), ("b_value", "String")],
            [[Micros(a.From, long.MinValue), Micros(a.To, long.MaxValue), a.Value ?? "", Micros(b.From, long.MinValue), Micros(b.To, long.MaxValue), b.Value ?? ""]]);
        return (events, sliceTable);
    }

    private const string SliceTable = "tm_slices";

    /// <summary>The table's segment column named <paramref name="name"/> (any case, as in a file), or a message that lists them.</summary>
    private string SegmentColumn(ColumnExpressions columns, string name) =>
        columns.Segments.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException(columns.Segments.Count == 0
            ? $"The table {database}.{table.Table} has no segment column '{name}': it has no columns besides user, time, page, event and session."
            : $"The table {database}.{table.Table} has no segment column '{name}'. Its segment columns: {string.Join(", ", columns.Segments)}.");

    /// <summary>A slice of a segment value without sessions: if the column never takes the value, say which values it takes (as a file does).</summary>
    private async Task RequireValueAsync(ColumnExpressions columns, Slice slice, SliceCounts counts, CancellationToken cancellationToken)
    {
        if (slice.Column is null || counts.Sessions > 0) return;
        var column = SegmentColumn(columns, slice.Column);
        var value = new ExternalTable("tm_value", [("v", "String")], [[slice.Value ?? ""]]);
        var seen = await client.QueryAsync($"""
            SELECT DISTINCT tm_value_of AS v FROM ({EventsQuery(columns, $", {ColumnExpressions.SegmentValue(column)} AS tm_value_of")})
            ORDER BY v != (SELECT v FROM tm_value), v LIMIT 31
            """, [Parameters(SessionOptionsGap), value], cancellationToken).ConfigureAwait(false);
        if (seen.Count > 0 && seen[0][0] == (slice.Value ?? "")) return;
        throw new InvalidInputException($"The segment column '{column}' has no value '{slice.Value}'. Its values: " +
            $"{string.Join(", ", seen.Where(r => r[0].Length > 0).Take(30).Select(r => $"'{r[0]}'"))}.");
    }

    /// <remarks>
    /// One scan for every column: each session's first step carries the values of all segment columns as an array, and
    /// one grouping counts the sessions per (column, value), with the empty value first and the top values after it.
    /// Column 0 counts every session.
    /// </remarks>
    /// <summary>
    /// Per page of <paramref name="order"/> (sent as the table <c>tm_order</c>), the sessions whose first page in it that is:
    /// each session's smallest position of its pages, counted; the sessions of the key's filter only.
    /// </summary>
    public async Task<long[]> FirstRemovedAsync(AggregationKey key, IReadOnlyList<string> order, CancellationToken cancellationToken = default)
    {
        var columns = await DescribeAsync(key.PageRules, cancellationToken).ConfigureAwait(false);
        var filtered = !key.Filter.IsAll;
        var (events, bounds) = filtered ? Sliced(columns, key.Filter, Slice.All) : (EventsQuery(columns), null);
        var orderTable = new ExternalTable("tm_order", [("page", "String"), ("position", "UInt32")],
            [.. order.Select((p, i) => (IReadOnlyList<string>)[p, i.ToString(System.Globalization.CultureInfo.InvariantCulture)])]);
        var kept = filtered ? "WHERE in_a = 1" : "";
        var rows = await client.QueryAsync(
            $"SELECT m, count() FROM (SELECT sid, min(transform(page, (SELECT groupArray(page) FROM tm_order), (SELECT groupArray(position) FROM tm_order), " +
            $"toUInt32({order.Count}))) AS m FROM ({StepsQuery(events, goals: false, slices: filtered)}) {kept} GROUP BY sid) GROUP BY m",
            [Parameters(key.SessionGap), orderTable, .. Tables(null, columns), .. bounds is null ? [] : new[] { bounds }], cancellationToken).ConfigureAwait(false);
        var counts = new long[order.Count + 1];
        foreach (var r in rows) counts[Int(r[0])] += Long(r[1]);
        return counts;
    }

    /// <summary>The distinct pages as stored, with their events: one grouping, only the pages come back.</summary>
    public async Task<IReadOnlyList<Grouping.PageCount>> PagesAsync(CancellationToken cancellationToken = default)
    {
        var columns = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var rows = await client.QueryAsync($"SELECT tm_page, count() FROM ({EventsQuery(columns)}) GROUP BY tm_page", [Parameters(SessionOptionsGap)],
            cancellationToken).ConfigureAwait(false);
        return Grouping.PageCount.Ordered(rows.Select(r => new Grouping.PageCount(r[0], Long(r[1]))));
    }

    public async Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(AggregationKey key, int top, CancellationToken cancellationToken = default)
    {
        var columns = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (columns.Segments.Count == 0) return [];
        var events = EventsQuery(columns, $", [{string.Join(", ", columns.Segments.Select(ColumnExpressions.SegmentValue))}] AS tm_segs");
        var rows = await client.QueryAsync($"""
            SELECT c, v, count() AS n
            FROM (
                SELECT steps[1].5 AS segs
                FROM (SELECT arraySort(groupArray((tm_ts, tm_page, tm_event, tm_user, tm_segs))) AS steps FROM ({events}) WHERE tm_session != '' GROUP BY tm_session)
                UNION ALL
                SELECT st.4 AS segs
                FROM (SELECT {GapRuleArrays(", tm_segs")}, arrayEnumerateUniq(nums) AS ks FROM ({events}) WHERE tm_session = '' GROUP BY tm_user)
                ARRAY JOIN arrayFilter((x, k) -> k = 1, evs, ks) AS st)
            ARRAY JOIN arrayPushFront(arrayEnumerate(segs), 0) AS c, arrayPushFront(segs, '') AS v
            GROUP BY c, v
            ORDER BY c, v != '', n DESC, v
            LIMIT {(top + 1).ToString(CultureInfo.InvariantCulture)} BY c
            """, [Parameters(key.SessionGap)], cancellationToken).ConfigureAwait(false);
        var total = rows.Where(r => r[0] == "0").Sum(r => Long(r[2]));
        return [.. columns.Segments.Select((name, i) =>
        {
            var of = rows.Where(r => Int(r[0]) == i + 1).ToList();
            var values = of.Where(r => r[1].Length > 0).Take(top).Select(r => (r[1], Int(r[2]))).ToList();
            var empty = of.Where(r => r[1].Length == 0).Sum(r => Int(r[2]));
            return new SegmentColumn(name, values, (int)(total - empty - values.Sum(v => (long)v.Item2)), empty);
        })];
    }
}
