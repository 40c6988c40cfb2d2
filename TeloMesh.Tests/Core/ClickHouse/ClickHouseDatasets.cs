using System.Collections.Concurrent;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Events;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Tests.Core.ClickHouse;

/// <summary>
/// The fixtures the ClickHouse tests load, each once per server pair: the tiny example (with session ids), and a seeded
/// synthetic file (gap-rule sessions) both in one plain table and split by user over two shards behind a
/// <c>Distributed</c> table.
/// </summary>
internal static class ClickHouseDatasets
{
    public const string Tiny = "tiny", TinyFraction = "tiny_fraction", TinyMillis = "tiny_millis", Synthetic = "synthetic", SyntheticShard = "synthetic_shard", SyntheticAll = "synthetic_all";

    /// <summary>The tiny example (session ids) split by user over the two shards, behind a Distributed table.</summary>
    public const string TinyShard = "tiny_shard", TinyAll = "tiny_all";

    /// <summary>The synthetic shards behind a Distributed table that names its cluster by the server's <c>{cluster}</c> macro.</summary>
    public const string SyntheticMacro = "synthetic_macro";

    /// <summary>The synthetic events split by row (every user on both shards), behind a Distributed table: not shardable by user.</summary>
    public const string SplitShard = "split_shard", SplitAll = "split_all";

    /// <summary>The synthetic and tiny events with a <c>platform</c> segment column that changes within sessions (for comparisons).</summary>
    public const string SegmentedSynthetic = "seg_synthetic", SegmentedShard = "seg_shard", SegmentedAll = "seg_all", SegmentedTiny = "seg_tiny";

    /// <summary>The synthetic events without their page column (user_id, timestamp, event): an event-only log (docs/metrics.md section 11).</summary>
    public const string EventOnly = "event_only";

    /// <summary>The events of <see cref="EventOnly"/> as a file maps them: the page role filled by the event column.</summary>
    public static EventTable EventOnlyEvents { get; } = TestFiles.Read(SyntheticCsv(), new IngestOptions { Columns = ColumnMapping.Default with { Page = "event" } }).Events;

    private static readonly ConcurrentDictionary<string, Lazy<Task>> Loaded = new();

    public static EventTable TinyEvents { get; } = CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events;

    public static EventTable SyntheticEvents { get; } = ReadSynthetic();

    /// <summary>The tiny example with a quarter second added to every timestamp: stored as epoch microseconds (18.16 has no DateTime64).</summary>
    public static EventTable TinyFractionEvents { get; } = TestFiles.Read(File.ReadAllText(TestFiles.Fixture("tiny", "events.csv"))
        .Replace(":00Z,", ":00.250Z,", StringComparison.Ordinal)).Events;

    private static EventTable ReadSynthetic() => TestFiles.Read(SyntheticCsv()).Events;

    public static string SyntheticCsv()
    {
        var stream = new MemoryStream();
        new SyntheticEventGenerator(new SyntheticOptions { Users = 300, EventsPerUser = 30, Pages = 30, Seed = 7 }).Write(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// <paramref name="csv"/> with a <c>platform</c> column by row: empty every 7th row, else ios, web or android in turn,
    /// so a session's steps disagree and only its first step decides its slice.
    /// </summary>
    private static EventTable WithPlatform(string csv) => TestFiles.Read(PlatformCsv(csv)).Events;

    /// <summary>The text of <see cref="WithPlatform"/>: <paramref name="csv"/> with the <c>platform</c> column added.</summary>
    public static string PlatformCsv(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] platforms = ["ios", "web", "android"];
        return string.Join('\n', lines.Select((line, i) =>
            i == 0 ? line.TrimEnd('\r') + ",platform" : line.TrimEnd('\r') + "," + (i % 7 == 0 ? "" : platforms[i % 3])));
    }

    public static EventTable SegmentedSyntheticEvents { get; } = WithPlatform(SyntheticCsv());

    /// <summary>The text of <see cref="SegmentedSyntheticEvents"/>.</summary>
    public static string SegmentedSyntheticCsv() => PlatformCsv(SyntheticCsv());

    public static EventTable SegmentedTinyEvents { get; } = WithPlatform(File.ReadAllText(TestFiles.Fixture("tiny", "events.csv")));

    public static EventTable Events(string table) => table switch
    {
        SegmentedSynthetic or SegmentedAll => SegmentedSyntheticEvents,
        SegmentedTiny => SegmentedTinyEvents,
        Tiny or TinyMillis or TinyAll => TinyEvents,
        TinyFraction => TinyFractionEvents,
        EventOnly => EventOnlyEvents,
        _ => SyntheticEvents,
    };

    /// <summary>Makes sure <paramref name="table"/> exists with its events on the servers (loaded on first use).</summary>
    public static Task EnsureAsync(ClickHouseServers servers, string table) =>
        Loaded.GetOrAdd(servers.First.Url + table, _ => new Lazy<Task>(() => LoadAsync(servers, table))).Value;

    private static async Task LoadAsync(ClickHouseServers servers, string table)
    {
        using var first = servers.First.Client();
        switch (table)
        {
            case Tiny:
            case Synthetic:
                await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{table}");
                await ClickHouseLoader.LoadAsync(first, "default", table, Events(table));
                break;
            case TinyFraction:
                await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{table}");
                await ClickHouseLoader.LoadAsync(first, "default", table, TinyFractionEvents);
                break;
            case EventOnly:
                await EnsureAsync(servers, Synthetic);
                await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{table}");
                await first.ExecuteAsync($"CREATE TABLE default.{table} ENGINE = MergeTree() ORDER BY user_id AS SELECT user_id, timestamp, event FROM default.synthetic");
                break;
            case TinyMillis:
                // A table someone else made: time as integer epoch milliseconds under another name.
                await EnsureAsync(servers, Tiny);
                await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{table}");
                await first.ExecuteAsync($"CREATE TABLE default.{table} ENGINE = MergeTree() ORDER BY user_id AS " +
                    "SELECT user_id, toInt64(toUInt32(timestamp)) * 1000 AS ts_ms, page, event, session_id FROM default.tiny");
                break;
            case SyntheticAll:
                await LoadShardsAsync(servers, SyntheticEvents, SyntheticShard, SyntheticAll);
                break;
            case SegmentedSynthetic:
            case SegmentedTiny:
                await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{table}");
                await ClickHouseLoader.LoadAsync(first, "default", table, Events(table));
                break;
            case SegmentedAll:
                await LoadShardsAsync(servers, SegmentedSyntheticEvents, SegmentedShard, SegmentedAll);
                break;
            case TinyAll:
                await LoadShardsAsync(servers, TinyEvents, TinyShard, TinyAll);
                break;
            case SyntheticMacro:
                await EnsureAsync(servers, SyntheticAll);
                await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{SyntheticMacro}");
                await first.ExecuteAsync($"CREATE TABLE default.{SyntheticMacro} AS default.{SyntheticShard} " +
                    $"ENGINE = Distributed('{{cluster}}', default, {SyntheticShard}, cityHash64(user_id))");
                break;
            case SplitAll:
                // Alternate rows of the plain synthetic table on each shard, copied with remote(): every user on both.
                await EnsureAsync(servers, Synthetic);
                using (var second = servers.Second.Client())
                {
                    foreach (var (client, half, source) in new[] { (first, 0, $"default.{Synthetic}"), (second, 1, $"remote('127.0.0.1:{servers.First.TcpPort}', default, {Synthetic})") })
                    {
                        await client.ExecuteAsync($"DROP TABLE IF EXISTS default.{SplitShard}");
                        await client.ExecuteAsync($"CREATE TABLE default.{SplitShard} (user_id String, timestamp DateTime, page String, event String) " +
                            "ENGINE = MergeTree() ORDER BY (user_id, timestamp)");
                        await client.ExecuteAsync($"INSERT INTO default.{SplitShard} SELECT user_id, timestamp, page, event FROM {source} " +
                            $"WHERE cityHash64(user_id, timestamp, page, event) % 2 = {half}");
                    }
                }
                await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{SplitAll}");
                await first.ExecuteAsync($"CREATE TABLE default.{SplitAll} AS default.{SplitShard} ENGINE = Distributed({ClickHouseServers.Cluster}, default, {SplitShard})");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(table));
        }
    }

    /// <summary>
    /// Users alternate between the shards in their order of first appearance, so each shard holds whole users, and a
    /// Distributed table on the first server over both.
    /// </summary>
    private static async Task LoadShardsAsync(ClickHouseServers servers, EventTable events, string shard, string all)
    {
        using var first = servers.First.Client();
        using var second = servers.Second.Client();
        var users = events.Users.Values.Select((u, i) => (u, i)).ToDictionary(x => x.u, x => x.i % 2 == 0);
        await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{shard}");
        await second.ExecuteAsync($"DROP TABLE IF EXISTS default.{shard}");
        await ClickHouseLoader.LoadAsync(first, "default", shard, events, u => users[u]);
        await ClickHouseLoader.LoadAsync(second, "default", shard, events, u => !users[u]);
        await first.ExecuteAsync($"DROP TABLE IF EXISTS default.{all}");
        await first.ExecuteAsync($"CREATE TABLE default.{all} AS default.{shard} " +
            $"ENGINE = Distributed({ClickHouseServers.Cluster}, default, {shard}, cityHash64(user_id))");
    }
}
