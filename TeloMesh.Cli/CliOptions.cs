using TeloMesh.Core.Datasets;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Cli;

/// <summary>The stages of <c>--stage</c> (the README's command line).</summary>
public enum CliStage
{
    All,
    Synthetic,
    Parse,
    Graph,
    Metrics,
    Analysis,
}

/// <summary>The parsed command line.</summary>
public sealed record CliOptions
{
    public CliStage Stage { get; init; } = CliStage.All;
    public SyntheticOptions Synthetic { get; init; } = new();

    /// <summary>Whether any of --users, --events, --pages, --seed was given: then <c>all</c> generates fresh data.</summary>
    public bool SyntheticRequested { get; init; }

    public string? InputFile { get; init; }
    /// <summary>The input's format; null means detect it from the file's first record.</summary>
    public TeloMesh.Core.Import.EventFormat? Format { get; init; }
    public string Dataset { get; init; } = DatasetPaths.DefaultName;
    public string DataDir { get; init; } = "data";
    public string OutputsDir { get; init; } = "outputs";
    public AnalysisOptions Analysis { get; init; } = AnalysisOptions.Default;
    public bool Help { get; init; }

    /// <summary>Where the events are: a file (the default) or a ClickHouse table (<c>--source clickhouse</c>).</summary>
    public CliSource Source { get; init; } = CliSource.File;

    /// <summary>The <c>clickhouse-load</c> command: put <c>--input-file</c> into a ClickHouse table and stop.</summary>
    public bool LoadIntoClickHouse { get; init; }

    public ClickHouseCliOptions ClickHouse { get; init; } = new();

    public const string Usage = """
        TeloMesh: find where users get stuck. Turns an event log into sessions, a journey graph and a friction ranking.

        Usage: dotnet run --project TeloMesh.Cli -- [options]

        Stages
          --stage all|synthetic|parse|graph|metrics|analysis
                                  default all: generate (or import), parse, graph, metrics, analysis
        Synthetic data
          --users N               users to generate (default 100)
          --events N              average events per user, at least 5 (default 50)
          --pages N               distinct pages, at least 12 (default 50)
          --seed N                random seed; the same seed gives the same file (default 42)
        Your own data
          --input-file PATH       analyse this CSV (user_id, timestamp, page, event[, session_id])
          --format telomesh|mixpanel|amplitude|ga4
                                  the file's format; detected from its first record when not given.
                                  Vendor exports may be JSON lines or CSV, plain, .gz or .zip
          --keep-query            keep the query string of page URLs (dropped by default)
        ClickHouse (the events stay in a ClickHouse table; only aggregates come back)
          --source file|clickhouse  where the events are (default file)
          --clickhouse-url URL    the HTTP interface (default $TELOMESH_CLICKHOUSE_URL, else http://127.0.0.1:8123)
          --clickhouse-database DB  default "default"
          --clickhouse-table NAME the events table (required with --source clickhouse)
          --clickhouse-shards URL,URL...
                                  for a Distributed table sharded by user: the HTTP address of each
                                  shard; each shard aggregates its own events (checked to add up)
          --clickhouse-user USER  default $TELOMESH_CLICKHOUSE_USER, else ClickHouse's "default"
          --clickhouse-password P prefer $TELOMESH_CLICKHOUSE_PASSWORD: a command line is visible to other users
          --user-column, --time-column, --page-column, --event-column NAME
                                  the column mapping (default user_id, timestamp, page, event);
                                  time: DateTime, DateTime64 or integer Unix epoch
          --session-column NAME   a session id column (default none: the gap rule)
          --from TIME, --to TIME  only events at or after --from and before --to (ISO-8601, UTC when no offset)
          --flow-limit N          fragile flows whose steps come back (default 10000; all are counted)
        Load a CSV into ClickHouse to try it
          clickhouse-load --input-file PATH --clickhouse-table NAME [--clickhouse-url URL ...]
                                  creates the table (user_id, timestamp, page, event[, session_id])
                                  unless it exists, and inserts the file's events
        Where
          --dataset NAME          dataset name (default "default"): data/NAME/events.csv, results in outputs/NAME/
          --data-dir DIR          data root (default ./data)
          --outputs-dir DIR       outputs root (default ./outputs)
        Analysis
          --session-gap MINUTES   a longer gap starts a new session (default 30)
          --betweenness probability|hops|reference
                                  edge length for betweenness (default probability)
          --sample-above N        above N pages, estimate betweenness from sampled source pages, with
                                  an error bound (default: above 5000 pages when exact would be slow)
          --samples N             source pages an estimate uses (default 1000; more is slower and tighter)
          --percentile P          chokepoints: pairs at or above the P-th percentile of the non-zero
                                  scores, 50-99.9 (default 90, the worst tenth)
          --compat telomesh       reproduce the original pipeline's numbers, quirks included
          --strict                fail on the first bad row instead of skipping it
          --help                  show this text

        Exit codes: 0 success, 2 bad usage or bad input, 1 anything else.

        Examples
          dotnet run --project TeloMesh.Cli -- --users 100 --events 50
          dotnet run --project TeloMesh.Cli -- --input-file exports/events.csv --dataset shop
          dotnet run --project TeloMesh.Cli -- --input-file mixpanel-export.json.gz --dataset mp
          dotnet run --project TeloMesh.Cli -- --stage analysis --dataset shop --betweenness hops
          dotnet run --project TeloMesh.Cli -- clickhouse-load --input-file events.csv --clickhouse-table events
          dotnet run --project TeloMesh.Cli -- --source clickhouse --clickhouse-table events --dataset warehouse
        """;
}

/// <summary>Where the events of a run are.</summary>
public enum CliSource
{
    File,
    ClickHouse,
}

/// <summary>The ClickHouse options of the command line.</summary>
public sealed record ClickHouseCliOptions
{
    /// <summary>The variable read for the URL when <c>--clickhouse-url</c> is not given.</summary>
    public const string UrlVariable = "TELOMESH_CLICKHOUSE_URL";

    public const string DefaultUrl = "http://127.0.0.1:8123";

    public string? Url { get; init; }
    public string Database { get; init; } = "default";
    public string? Table { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>The column mapping and time range (its defaults are ClickHouseTable's); its table name is <see cref="Table"/>.</summary>
    public TeloMesh.Core.ClickHouse.ClickHouseTable Mapping { get; init; } = new() { Table = "" };

    public int FlowLimit { get; init; } = TeloMesh.Core.Warehouse.WarehouseJourneySource.DefaultFlowLimit;

    /// <summary>The shard addresses of <c>--clickhouse-shards</c>, as given (checked by <see cref="ShardUrls"/>).</summary>
    public IReadOnlyList<string> Shards { get; init; } = [];

    public IReadOnlyList<Uri> ShardUrls() => [.. Shards.Select(TeloMesh.Core.ClickHouse.ClickHouseConnection.ParseUrl)];

    /// <summary>The connection, with the URL, user and password from the environment where no option gave them.</summary>
    public TeloMesh.Core.ClickHouse.ClickHouseConnection Connection() => new TeloMesh.Core.ClickHouse.ClickHouseConnection
    {
        Url = TeloMesh.Core.ClickHouse.ClickHouseConnection.ParseUrl(Url ?? NullIfEmpty(Environment.GetEnvironmentVariable(UrlVariable)) ?? DefaultUrl),
        Database = Database,
        User = User,
        Password = Password,
    }.WithEnvironmentCredentials();

    public TeloMesh.Core.ClickHouse.ClickHouseTable TableMapping() =>
        Mapping with { Table = Table ?? throw new CliParser.UsageException("--source clickhouse needs --clickhouse-table NAME.") };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
