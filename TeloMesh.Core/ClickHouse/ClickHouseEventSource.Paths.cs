using System.Globalization;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// Paths from and to a page in ClickHouse (docs/metrics.md section 10), in two queries that each rebuild every session's
/// path from its steps: the first counts each step's page names (so the top N of each step can be chosen, over all shards),
/// the second counts the links with the other names as <c>(other)</c>. Only those counts come back.
/// </summary>
public sealed partial class ClickHouseEventSource
{
    public async Task<PathResult> PathsAsync(AggregationKey key, PathQuery query, CancellationToken cancellationToken = default)
    {
        var (sessions, counts) = await PathNodeCountsAsync(key, query, cancellationToken).ConfigureAwait(false);
        if (sessions == 0) await RequirePageAsync(query.Page, key.PageRules, cancellationToken).ConfigureAwait(false);
        var links = await PathLinksAsync(key, query, NamedPerStep(counts, query.Top), cancellationToken).ConfigureAwait(false);
        return new PathResult(query, sessions, Paths.Sorted(links));
    }

    /// <summary>Per step (from 1), the page names that keep their name, for the steps with more than <paramref name="top"/> of them.</summary>
    internal static Dictionary<int, IReadOnlySet<string>> NamedPerStep(IReadOnlyList<(int Step, string Page, int Sessions)> counts, int top) =>
        counts.Where(c => c.Step > 0).GroupBy(c => c.Step).Where(g => g.Count() > top)
            .ToDictionary(g => g.Key, g => Paths.Named(g.Select(c => (c.Page, c.Sessions)), top));

    /// <summary>The sessions through the page and, per step, each page name's sessions there.</summary>
    internal async Task<(int Sessions, IReadOnlyList<(int Step, string Page, int Sessions)> Counts)> PathNodeCountsAsync(AggregationKey key,
        PathQuery query, CancellationToken cancellationToken)
    {
        var (nodes, tables) = await PathNodesAsync(key, query, cancellationToken).ConfigureAwait(false);
        var rows = await client.QueryAsync($"""
            SELECT k - 1 AS step, n.2, count()
            FROM ({nodes})
            ARRAY JOIN nodes AS n, arrayEnumerate(nodes) AS k
            WHERE n.1 = 0
            GROUP BY step, n.2
            """, tables, cancellationToken).ConfigureAwait(false);
        var counts = rows.Select(r => (Step: Int(r[0]), Page: r[1], Sessions: Int(r[2]))).ToList();
        var sessions = counts.Where(c => c.Step == 0).Sum(c => c.Sessions);
        return (sessions, [.. counts.Where(c => c.Step > 0)]);
    }

    /// <summary>The links, each page name outside its step's <paramref name="named"/> counted as <c>(other)</c>.</summary>
    internal async Task<IReadOnlyList<PathLink>> PathLinksAsync(AggregationKey key, PathQuery query, IReadOnlyDictionary<int, IReadOnlySet<string>> named,
        CancellationToken cancellationToken)
    {
        var (nodes, tables) = await PathNodesAsync(key, query, cancellationToken).ConfigureAwait(false);
        var namedTable = new ExternalTable("tm_named", [("step", "UInt32"), ("page", "String")],
            [.. named.SelectMany(n => n.Value.Select(p => (IReadOnlyList<string>)[n.Key.ToString(CultureInfo.InvariantCulture), p]))]);
        var trimmed = new ExternalTable("tm_trimmed", [("step", "UInt32")],
            [.. named.Keys.Select(k => (IReadOnlyList<string>)[k.ToString(CultureInfo.InvariantCulture)])]);
        var rows = await client.QueryAsync($"""
            SELECT l.1, l.2.1, l.2.2, l.3.1, l.3.2, count()
            FROM (
                SELECT arrayMap((n, k) -> if(n.1 = 0 AND has((SELECT groupArray(step) FROM tm_trimmed), toUInt32(k - 1))
                        AND NOT has((SELECT groupArray((step, page)) FROM tm_named), (toUInt32(k - 1), n.2)), (toUInt8(4), ''), n),
                    nodes, arrayEnumerate(nodes)) AS m
                FROM ({nodes}))
            ARRAY JOIN arrayMap(i -> (i - 1, m[i - 1], m[i]), arrayPopFront(arrayEnumerate(m))) AS l
            GROUP BY l
            """, [.. tables, namedTable, trimmed], cancellationToken).ConfigureAwait(false);
        static string Name(string kind, string page) => kind switch
        {
            "1" => Paths.End,
            "2" => Paths.Goal,
            "3" => Paths.Start,
            "4" => Paths.Other,
            _ => page,
        };
        return [.. rows.Select(r => new PathLink(Int(r[0]), Name(r[1], r[2]), Name(r[3], r[4]), Int(r[5])))];
    }

    /// <summary>
    /// One row per session through the page: its path as (kind, page name) nodes, kind 0 a page, 1 <c>(end)</c>,
    /// 2 <c>(goal)</c>, 3 <c>(start)</c>. Left-out events' steps go first; from the first step on the page, a path runs on
    /// (to the first goal step) or back (to the page, the steps before it, nearest first, to the first goal step met); unless repeats are
    /// kept a step on the page of the step before it goes (which keeps the page of the step kept before it, runs being
    /// whole); then n0 up to nK, an end node where the steps run out.
    /// </summary>
    private async Task<(string Nodes, ExternalTable[] Tables)> PathNodesAsync(AggregationKey key, PathQuery query, CancellationToken cancellationToken)
    {
        query = query.Validated();
        var columns = await DescribeAsync(key.PageRules, cancellationToken).ConfigureAwait(false);
        var filtered = !key.Filter.IsAll;
        var (events, bounds) = filtered ? Sliced(columns, key.Filter, Slice.All) : (EventsQuery(columns), null);
        var from = query.Direction == PathDirection.From;
        var goals = Goals(key.Goals);
        var path = new ExternalTable("tm_path", [("page", "String"), ("repeats", "UInt8")], [[query.Page, query.KeepRepeats ? "1" : "0"]]);
        var leaveOut = new ExternalTable("tm_leave_out", [("event", "String")], [.. query.LeaveOut.Select(e => (IReadOnlyList<string>)[e])]);
        const string page = "(SELECT page FROM tm_path)";
        // The steps after the page, or before it nearest first; g the first goal step among them (0 for none).
        var steps = from ? "arraySlice(kept, f + 1)" : "arrayReverse(arraySlice(kept, 1, f - 1))";
        var end = goals is null ? "toUInt64(0)" : $"indexOf(arrayMap(x -> toUInt8({GoalCondition("x.2", "x.3")}), after), 1)";
        var goal = $"if(g > 0, (toUInt8(2), ''), (toUInt8({(from ? 1 : 3)}), ''))";
        var nodes = $"""
            SELECT arraySlice(arrayConcat([(toUInt8(0), {page})], arrayMap(p -> (toUInt8(0), p), cs), [{goal}]), 1, {query.Steps + 1}) AS nodes
            FROM (
                SELECT {steps} AS after, {end} AS g, arrayMap(x -> x.2, if(g > 0, arraySlice(after, 1, g - 1), after)) AS ps,
                    if((SELECT repeats FROM tm_path) = 1, ps, arrayFilter((p, q) -> p != q, ps, arrayPopBack(arrayPushFront(ps, {page})))) AS cs
                FROM (
                    SELECT arrayFilter(x -> NOT has((SELECT groupArray(event) FROM tm_leave_out), x.3), arraySort(groupArray((step, page, event)))) AS kept,
                        indexOf(arrayMap(x -> x.2, kept), {page}) AS f
                    FROM ({StepsQuery(events, goals: false, slices: filtered)})
                    {(filtered ? "WHERE in_a = 1" : "")}
                    GROUP BY sid
                    HAVING f > 0))
            """;
        return (nodes, [Parameters(key.SessionGap), path, leaveOut, .. Tables(goals, columns), .. bounds is null ? [] : new[] { bounds }]);
    }

    /// <summary>A path view of a page no session reaches: if no step is on it at all, say which pages are near.</summary>
    internal async Task RequirePageAsync(string wanted, Grouping.PageRules rules, CancellationToken cancellationToken)
    {
        var columns = await DescribeAsync(rules, cancellationToken).ConfigureAwait(false);
        var pages = await client.QueryAsync($"SELECT DISTINCT tm_page FROM ({EventsQuery(columns)})", [Parameters(SessionOptionsGap), .. Tables(null, columns)], cancellationToken)
            .ConfigureAwait(false);
        if (pages.Any(p => p[0] == wanted)) return;
        throw new Events.InvalidInputException($"No step is on the page '{wanted}'. Nearest pages: " +
            $"{string.Join(", ", Text.NearestNames.Of(wanted, [.. pages.Select(p => p[0])]).Select(n => $"'{n}'"))}.");
    }
}
