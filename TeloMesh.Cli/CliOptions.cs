using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
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

    /// <summary>Whether --goal-page or --goal-event was given: then they replace the goals recorded for the dataset.</summary>
    public bool GoalsGiven { get; init; }

    /// <summary><c>--no-goals</c>: analyse without the goals recorded for the dataset.</summary>
    public bool NoGoals { get; init; }

    /// <summary>Whether <c>--page-rules</c> was given: then its rules replace those recorded for the dataset.</summary>
    public bool PageRulesGiven { get; init; }

    /// <summary>Whether <c>--session-gap</c> was given: then compare, paths and report do not take the dataset's recorded gap.</summary>
    public bool SessionGapGiven { get; init; }

    /// <summary><c>--suggest-page-rules</c>: print grouping rules suggested from the data and analyse nothing.</summary>
    public bool SuggestPageRules { get; init; }

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

    /// <summary>The <c>compare</c> command's slices and support; null for every other command.</summary>
    public CompareCliOptions? Compare { get; init; }

    /// <summary>The <c>paths</c> command's question (docs/metrics.md section 10); null for the other commands.</summary>
    public TeloMesh.Core.Journeys.PathQuery? Paths { get; init; }

    /// <summary>The <c>report</c> command (docs/metrics.md section 15): where its file goes; null for the other commands.</summary>
    public ReportCliOptions? Report { get; init; }

    /// <summary>
    /// The roles <c>--columns</c> and the per-role column flags name, in order. A file applies them onto the mapping
    /// recorded for its dataset (or <see cref="ColumnMapping.Default"/>), a table onto <see cref="ColumnMapping.Table"/>.
    /// </summary>
    public IReadOnlyList<(string Role, string Column)> Columns { get; init; } = [];

    /// <summary>
    /// The mapping to read a file of <paramref name="format"/> with: <see cref="Columns"/> onto <paramref name="start"/>
    /// (null: the default names), or <paramref name="start"/> itself when no columns were named. A vendor export has
    /// its own fields, so naming columns for one is refused.
    /// </summary>
    public ColumnMapping? FileColumns(TeloMesh.Core.Import.EventFormat format, ColumnMapping? start)
    {
        if (Columns.Count == 0) return start;
        if (format != TeloMesh.Core.Import.EventFormat.Telomesh)
            throw new CliParser.UsageException($"--columns and the column flags map a CSV's columns; a {TeloMesh.Core.Import.EventFormats.Name(format)} export has its own fields.");
        return (start ?? ColumnMapping.Default).With(Columns);
    }

    /// <summary>Things to say before the run: flags accepted for the original's scripts that have no effect.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The help's first lines, before the options (<see cref="CliParser.Help"/>).</summary>
    public const string Intro = """
        TeloMesh: find where users get stuck. Turns an event log into sessions, a journey graph and a friction ranking.

        Usage: dotnet run --project TeloMesh.Cli -- [options]
               dotnet run --project TeloMesh.Cli -- clickhouse-load --input-file PATH --clickhouse-table NAME [options]
                 (creates the table user_id, timestamp, page, event[, session_id] unless it exists, and
                 inserts the file's events; clickhouse-load --help lists its options)
               dotnet run --project TeloMesh.Cli -- compare --dataset NAME ...   (two periods, segments or datasets)
               dotnet run --project TeloMesh.Cli -- paths --dataset NAME --from PAGE   (step by step)
               dotnet run --project TeloMesh.Cli -- report --dataset NAME   (one HTML file to send or print)
                 (each subcommand's --help lists its options)

        """ + "\n";

    /// <summary>The help's last lines, after the options.</summary>
    public const string Epilogue = """

        Exit codes: 0 success, 2 bad usage or bad input, 1 anything else.

        Examples
          dotnet run --project TeloMesh.Cli -- --users 100 --events 50
          dotnet run --project TeloMesh.Cli -- --input-file exports/events.csv --dataset shop
          dotnet run --project TeloMesh.Cli -- --dataset shop --goal-page /checkout/confirmation --min-support 30
          dotnet run --project TeloMesh.Cli -- --input-file export.csv --columns user=distinct_id,time=ts --dataset shop
          dotnet run --project TeloMesh.Cli -- --input-file mixpanel-export.json.gz --dataset mp
          dotnet run --project TeloMesh.Cli -- --stage analysis --dataset shop --betweenness hops
          dotnet run --project TeloMesh.Cli -- clickhouse-load --input-file events.csv --clickhouse-table events
          dotnet run --project TeloMesh.Cli -- --source clickhouse --clickhouse-table events --dataset warehouse
          dotnet run --project TeloMesh.Cli -- report --dataset shop --goal-page /checkout/confirmation
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

    /// <summary>Only events at or after this time (UTC), when given.</summary>
    public DateTime? From { get; init; }

    /// <summary>Only events before this time (UTC), when given.</summary>
    public DateTime? To { get; init; }

    public int FlowLimit { get; init; } = TeloMesh.Core.Warehouse.WarehouseJourneySource.DefaultFlowLimit;

    /// <summary>The shard addresses of <c>--clickhouse-shards</c>, as given (checked by <see cref="ShardUrls"/>).</summary>
    public IReadOnlyList<string> Shards { get; init; } = [];

    public IReadOnlyList<Uri> ShardUrls() => [.. Shards.Select(TeloMesh.Core.ClickHouse.ClickHouseConnection.ParseUrl)];

    /// <summary>The connection, with the URL, user and password from the environment where no option gave them.</summary>
    public TeloMesh.Core.ClickHouse.ClickHouseConnection Connection() => new TeloMesh.Core.ClickHouse.ClickHouseConnection
    {
        Url = TeloMesh.Core.ClickHouse.ClickHouseConnection.ParseUrl(Url ?? Variable(UrlVariable) ?? DefaultUrl),
        Database = Database,
        User = User ?? Variable(TeloMesh.Core.ClickHouse.ClickHouseConnection.UserVariable),
        Password = Password ?? Variable(TeloMesh.Core.ClickHouse.ClickHouseConnection.PasswordVariable),
    };

    /// <summary>The table, its columns (<paramref name="columns"/> onto <see cref="ColumnMapping.Table"/>) and time range.</summary>
    public TeloMesh.Core.ClickHouse.ClickHouseTable TableMapping(IEnumerable<(string Role, string Column)> columns) => new()
    {
        Table = Table ?? throw new CliParser.UsageException("--source clickhouse needs --clickhouse-table NAME."),
        Columns = ColumnMapping.Table.With(columns),
        From = From,
        To = To,
    };

    /// <summary>An environment variable's value; null when it is unset or empty.</summary>
    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

/// <summary>The <c>report</c> command: the file to write (by default <c>outputs/NAME/report.html</c>).</summary>
public sealed record ReportCliOptions(string? Output = null);

/// <summary>
/// The <c>compare</c> command (docs/metrics.md sections 9 and 12): two time windows, two values of a segment column
/// (optionally within one window), or the dataset against another dataset.
/// </summary>
public sealed record CompareCliOptions
{
    public DateTime? AFrom { get; init; }
    public DateTime? ATo { get; init; }
    public DateTime? BFrom { get; init; }
    public DateTime? BTo { get; init; }
    public string? Segment { get; init; }
    public string? A { get; init; }
    public string? B { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Against { get; init; }
    public int MinSupport { get; init; } = TeloMesh.Core.Comparison.Comparator.DefaultMinSupport;

    /// <summary>Print only the changes for the worse.</summary>
    public bool WorseOnly { get; init; }
}
