using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// A <c>Distributed</c> table aggregated on its shards: each shard runs the whole aggregation (sessions, transition
/// counts, pair counts, fragile flows) over its own local table, and only those aggregates come back to be added up here.
/// No server ever holds more than its own shard's events, which is what lets the analysis outgrow one machine.
/// <para>
/// Adding up is right only when each user's events (and each session-column value) live on one shard, as a sharding
/// key such as <c>cityHash64(user_id)</c> makes sure. That is checked on every run against the <c>Distributed</c> table
/// itself: the shards' events and distinct users (and sessions) must add up to the table's, or the analysis stops with a
/// message that says which.
/// </para>
/// </summary>
/// <param name="initiator">The server that holds the <c>Distributed</c> table.</param>
/// <param name="shards">One client per shard of the table's cluster (any replica of each), each once.</param>
public sealed class ShardedClickHouseSource(IClickHouseClient initiator, IReadOnlyList<IClickHouseClient> shards, string database, ClickHouseTable table)
    : IClickHouseSource
{
    private readonly ClickHouseEventSource _whole = new(initiator, database, table);
    private Task<IReadOnlyList<ClickHouseEventSource>>? _shardSources;

    public string Description => $"ClickHouse Distributed table {database}.{table.Table} at {initiator.Endpoint}, aggregated on its " +
        $"{shards.Count} shards ({string.Join(", ", shards.Select(s => s.Endpoint))})";

    /// <summary>Checks the table and every shard, and counts the events the analysis would use (the shards' sum, checked).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var gap = Sessions.SessionOptions.Default.Gap;
        var totals = await AllAsync([token => _whole.TotalsAsync(gap, token), .. parts.Select(p => (Func<CancellationToken, Task<AggregateRows>>)(token =>
            p.TotalsAsync(gap, token)))], cancellationToken).ConfigureAwait(false);
        var merged = AggregateRows.Merge(totals[1..]);
        Check(totals[0], merged);
        return merged.Events;
    }

    /// <summary>Through the Distributed table: each shard sums up its own events, and the sums add up.</summary>
    public Task<EventsFingerprint> FingerprintAsync(TimeSpan sessionGap, CancellationToken cancellationToken = default) =>
        _whole.FingerprintAsync(sessionGap, cancellationToken);

    public async Task<JourneyAggregates> AggregateAsync(AggregationKey key, CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var rows = await AllAsync([token => _whole.TotalsAsync(key.SessionGap, token), .. parts.Select(p => (Func<CancellationToken, Task<AggregateRows>>)(token =>
            p.AggregateRowsAsync(key, token)))], cancellationToken).ConfigureAwait(false);
        var merged = AggregateRows.Merge(rows[1..]);
        // Filtered, the shards' totals are those of the sessions kept: the check adds up their whole tables instead.
        Check(rows[0], key.Filter.IsAll ? merged : AggregateRows.Merge(await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<AggregateRows>>)(token =>
            p.TotalsAsync(key.SessionGap, token)))], cancellationToken).ConfigureAwait(false)));
        return merged.ToAggregates(key);
    }

    public async Task<FragileFlowSample> FragileFlowsAsync(AggregationKey key, IReadOnlyList<(string Page, string Event)> chokepoints, int limit,
        CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var samples = await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<FragileFlowSample>>)(token =>
            p.FragileFlowsAsync(key, chokepoints, limit, token)))], cancellationToken).ConfigureAwait(false);
        // Each shard sent its first flows by session id; the first of all are among them.
        var flows = samples.SelectMany(s => s.Flows).OrderBy(f => f.SessionId, Text.CodePointComparer.Instance).Take(limit).ToList();
        return new FragileFlowSample(samples.Sum(s => s.FragileFlowCount), flows, samples.Sum(s => s.SessionsLostAtChokepoints),
            samples.Sum(s => s.UsersLostAtChokepoints));
    }

    /// <summary>Each shard counts its own sessions (a user's events live on one shard), and the counts add up.</summary>
    public async Task<SlicePair> CountSlicesAsync(AggregationKey key, Slice a, Slice b, CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        return SlicePair.Merge(await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<SlicePair>>)(token =>
            p.CountSlicesAsync(key, a, b, token)))], cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Each shard counts its own sessions by first-step value; the values are added up. A value among the top of all
    /// shards together but outside every shard's own top few is counted under others, so each shard lists five times
    /// as many as asked.
    /// </summary>
    /// <summary>Each shard's counts, added up (a session is on one shard).</summary>
    public async Task<long[]> FirstRemovedAsync(AggregationKey key, IReadOnlyList<string> order, CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var shards = await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<long[]>>)(token => p.FirstRemovedAsync(key, order, token)))],
            cancellationToken).ConfigureAwait(false);
        return [.. Enumerable.Range(0, order.Count + 1).Select(i => shards.Sum(s => s[i]))];
    }

    /// <summary>Each shard's sessions through the pair (a session lives on one shard): counts added up, the first of all shards' first picked.</summary>
    public async Task<EvidenceSample> EvidenceAsync(AggregationKey key, string page, string evt, int count, CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var shards = await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<EvidenceSample>>)(token => p.EvidenceAsync(key, page, evt, count, token)))],
            cancellationToken).ConfigureAwait(false);
        return new EvidenceSample(shards.Sum(s => s.SessionsThrough), shards.Sum(s => s.EndedThere),
            EvidenceSample.First(shards.SelectMany(s => s.Sessions), s => s.EndedThere, s => s.SessionId, count));
    }

    /// <summary>Each shard's pages, their events added up.</summary>
    public async Task<IReadOnlyList<Grouping.PageCount>> PagesAsync(CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var shards = await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<IReadOnlyList<Grouping.PageCount>>>)(token => p.PagesAsync(token)))],
            cancellationToken).ConfigureAwait(false);
        return Grouping.PageCount.Ordered(shards.SelectMany(s => s).GroupBy(p => p.Page, StringComparer.Ordinal)
            .Select(g => new Grouping.PageCount(g.Key, g.Sum(p => p.Events))));
    }

    public async Task<IReadOnlyList<SegmentColumn>> SegmentsAsync(AggregationKey key, int top, CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var shards = await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<IReadOnlyList<SegmentColumn>>>)(token =>
            p.SegmentsAsync(key, top * 5, token)))], cancellationToken).ConfigureAwait(false);
        return [.. shards[0].Select(column =>
        {
            var same = shards.Select(s => s.First(c => c.Name == column.Name)).ToList();
            var values = same.SelectMany(c => c.Values).GroupBy(v => v.Value, StringComparer.Ordinal)
                .Select(g => (Value: g.Key, Sessions: g.Sum(v => v.Sessions)))
                .OrderByDescending(v => v.Sessions).ThenBy(v => v.Value, Text.CodePointComparer.Instance).ToList();
            var total = same.Sum(c => c.Values.Sum(v => (long)v.Sessions) + c.Others + c.Empty);
            var empty = same.Sum(c => c.Empty);
            var listed = values.Take(top).ToList();
            return new SegmentColumn(column.Name, listed, (int)(total - empty - listed.Sum(v => (long)v.Sessions)), empty);
        })];
    }

    /// <summary>
    /// Each shard counts its sessions' page names per step; the names kept at each step are chosen from the sums (the top
    /// of all shards, not of each), then each shard counts its links with them, and the links add up.
    /// </summary>
    public async Task<PathResult> PathsAsync(AggregationKey key, PathQuery query, CancellationToken cancellationToken = default)
    {
        var parts = await ShardSourcesAsync(cancellationToken).ConfigureAwait(false);
        var counted = await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<(int Sessions, IReadOnlyList<(int Step, string Page, int Sessions)> Counts)>>)(token =>
            p.PathNodeCountsAsync(key, query, token)))], cancellationToken).ConfigureAwait(false);
        if (counted.Sum(c => c.Sessions) == 0) await _whole.RequirePageAsync(query.Page, key.PageRules, cancellationToken).ConfigureAwait(false);
        var counts = counted.SelectMany(c => c.Counts).GroupBy(c => (c.Step, c.Page)).Select(g => (g.Key.Step, g.Key.Page, g.Sum(c => c.Sessions))).ToList();
        var named = ClickHouseEventSource.NamedPerStep(counts, query.Top);
        var links = await AllAsync([.. parts.Select(p => (Func<CancellationToken, Task<IReadOnlyList<PathLink>>>)(token =>
            p.PathLinksAsync(key, query, named, token)))], cancellationToken).ConfigureAwait(false);
        return new PathResult(query, counted.Sum(c => c.Sessions), Paths.Sorted(links.SelectMany(l => l).GroupBy(l => (l.Step, l.From, l.To))
            .Select(g => new PathLink(g.Key.Step, g.Key.From, g.Key.To, g.Sum(l => l.Sessions)))));
    }

    /// <summary>
    /// Runs the queries side by side. The first to fail cancels the others (which kills them on their servers) instead of
    /// leaving them to run to the end, and its error is the one thrown.
    /// </summary>
    private static async Task<T[]> AllAsync<T>(IReadOnlyList<Func<CancellationToken, Task<T>>> queries, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task<T> Watched(Func<CancellationToken, Task<T>> query)
        {
            try
            {
                return await query(failed.Token).ConfigureAwait(false);
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        // The cancelled ones end as cancelled, not faulted, so the failure is the first exception WhenAll rethrows.
        return await Task.WhenAll(queries.Select(Watched)).ConfigureAwait(false);
    }

    /// <summary>The shards' totals must add up to the table's: otherwise a shard is missing or twice, or users are split.</summary>
    private void Check(AggregateRows whole, AggregateRows shardSum)
    {
        var name = $"{database}.{table.Table}";
        if (shardSum.Events != whole.Events)
            throw new InvalidInputException(
                $"The {shards.Count} shard addresses hold {N(shardSum.Events)} events and the Distributed table {name} {N(whole.Events)}: " +
                "give the HTTP address of each shard of its cluster exactly once.");
        if (shardSum.Users != whole.Users)
            throw new InvalidInputException(
                $"{N(shardSum.Users - whole.Users)} users of {name} have events on more than one shard, so its shards cannot be analysed " +
                "apart: shard the table by user (a sharding key such as cityHash64(user_id)), or leave the shard addresses out to " +
                "aggregate on the server that holds the Distributed table.");
        if (shardSum.Fingerprint is { } parts && whole.Fingerprint is { } all && parts != all)
            throw new InvalidInputException(
                $"The {shards.Count} shard addresses hold other events than the Distributed table {name} reads (as many, but not the same): " +
                "give the HTTP address of each shard of its cluster exactly once.");
        if (shardSum.ColumnSessions != whole.ColumnSessions)
            throw new InvalidInputException(
                $"{N(shardSum.ColumnSessions - whole.ColumnSessions)} session ids of {name} have events on more than one shard, so its shards " +
                "cannot be analysed apart: keep each session's events on one shard, or leave the shard addresses out.");
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private Task<IReadOnlyList<ClickHouseEventSource>> ShardSourcesAsync(CancellationToken cancellationToken) =>
        _shardSources ??= FindShardSourcesAsync(cancellationToken);

    /// <summary>
    /// Reads the table's engine (<c>Distributed(cluster, database, table[, sharding key])</c>), checks that its cluster has
    /// as many shards as addresses were given, and makes one source per shard over the local table.
    /// </summary>
    private async Task<IReadOnlyList<ClickHouseEventSource>> FindShardSourcesAsync(CancellationToken cancellationToken)
    {
        await _whole.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var target = new ExternalTable("tm_target", [("db", "String"), ("tbl", "String")], [[database, table.Table]]);
        var engine = (await initiator.QueryAsync(
            "SELECT engine, engine_full FROM system.tables WHERE database = (SELECT db FROM tm_target) AND name = (SELECT tbl FROM tm_target)",
            [target], cancellationToken).ConfigureAwait(false))[0];
        var name = $"{database}.{table.Table}";
        if (engine[0] != "Distributed")
            throw new InvalidInputException($"{name} is a {engine[0]} table, not a Distributed one: shard addresses are only for a Distributed " +
                "table. Leave them out to aggregate this table on its server.");
        var (cluster, localDatabase, localTable) = DistributedArguments(engine[1], database);
        if ($"{cluster}{localDatabase}{localTable}".Contains('{', StringComparison.Ordinal))
        {
            // Macros ({cluster}, {shard}...) stay unexpanded in engine_full; the server's own values are in system.macros.
            var macros = (await initiator.QueryAsync("SELECT macro, substitution FROM system.macros", null, cancellationToken).ConfigureAwait(false))
                .ToDictionary(m => "{" + m[0] + "}", m => m[1], StringComparer.Ordinal);
            string Expand(string value) => macros.Aggregate(value, (text, m) => text.Replace(m.Key, m.Value, StringComparison.Ordinal));
            (cluster, localDatabase, localTable) = (Expand(cluster), Expand(localDatabase), Expand(localTable));
        }
        var shardCount = await initiator.QueryAsync("SELECT uniqExact(shard_num) FROM system.clusters WHERE cluster = (SELECT c FROM tm_cluster)",
            [new ExternalTable("tm_cluster", [("c", "String")], [[cluster]])], cancellationToken).ConfigureAwait(false);
        var count = int.Parse(shardCount[0][0], CultureInfo.InvariantCulture);
        if (count != shards.Count)
            throw new InvalidInputException($"The cluster '{cluster}' of {name} has {count} shards and {shards.Count} shard addresses were given: " +
                "give the HTTP address of each shard exactly once.");
        var local = table with { Table = localTable };
        var sources = shards.Select(s => new ClickHouseEventSource(s, localDatabase, local)).ToList();
        await Task.WhenAll(sources.Select(s => s.DescribeAsync(cancellationToken))).ConfigureAwait(false);
        return sources;
    }

    /// <summary>
    /// The cluster, database and table of a <c>Distributed(...)</c> engine definition; names may be quoted, and
    /// <c>currentDatabase()</c> means the database of the Distributed table.
    /// </summary>
    internal static (string Cluster, string Database, string Table) DistributedArguments(string engineFull, string ownDatabase)
    {
        var open = engineFull.IndexOf('(', StringComparison.Ordinal);
        var args = new List<string>();
        int depth = 0, start = open + 1;
        char? quote = null;
        for (var i = start; open >= 0 && i < engineFull.Length && args.Count < 3; i++)
        {
            var c = engineFull[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
            }
            else if (c is '\'' or '`' or '"') quote = c;
            else if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if ((c == ',' && depth == 0) || (c == ')' && depth == 0))
            {
                args.Add(engineFull[start..i].Trim().Trim('\'', '`', '"'));
                start = i + 1;
                if (c == ')') break;
            }
        }
        if (args.Count < 3)
            throw new InvalidInputException($"Cannot read the cluster and local table from the engine '{engineFull}'.");
        var db = args[1] == "currentDatabase()" ? ownDatabase : args[1];
        return (args[0], db, args[2]);
    }
}
