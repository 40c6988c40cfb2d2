using TeloMesh.Core.Datasets;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Cli;

/// <summary>The stages of <c>--stage</c> (SPEC.md section 7).</summary>
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
          --compat telomesh       reproduce the original pipeline's numbers, quirks included
          --strict                fail on the first bad row instead of skipping it
          --help                  show this text

        Exit codes: 0 success, 2 bad usage or bad input, 1 anything else.

        Examples
          dotnet run --project TeloMesh.Cli -- --users 100 --events 50
          dotnet run --project TeloMesh.Cli -- --input-file exports/events.csv --dataset shop
          dotnet run --project TeloMesh.Cli -- --input-file mixpanel-export.json.gz --dataset mp
          dotnet run --project TeloMesh.Cli -- --stage analysis --dataset shop --betweenness hops
        """;
}
