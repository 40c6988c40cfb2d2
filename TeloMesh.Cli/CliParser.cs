using System.Globalization;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Cli;

/// <summary>Parses the command line of the README's command line. Errors name the option and what was expected.</summary>
public static class CliParser
{
    /// <summary>Thrown for bad usage; the command line exits with code 2.</summary>
    public sealed class UsageException(string message) : Exception(message);

    public static CliOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CliOptions();
        var first = 0;
        if (args.Count > 0 && args[0] == "clickhouse-load")
        {
            options = options with { LoadIntoClickHouse = true };
            first = 1;
        }
        var warehouseOnly = new List<string>();
        for (var i = first; i < args.Count; i++)
        {
            var name = args[i];
            string? inline = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }
            string Value()
            {
                if (inline is not null) return inline;
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"{name} needs a value.");
                return args[++i];
            }
            int Count(int minimum)
            {
                var text = Value();
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < minimum)
                    throw new UsageException($"{name} expects a whole number of at least {minimum}, got '{text}'.");
                return n;
            }
            if (WarehouseFlags.Contains(name)) warehouseOnly.Add(name);
            options = name switch
            {
                "--help" or "-h" => options with { Help = true },
                "--stage" => options with { Stage = Enum<CliStage>(name, Value()) },
                "--users" => options with { Synthetic = options.Synthetic with { Users = Count(1) }, SyntheticRequested = true },
                "--events" => options with { Synthetic = options.Synthetic with { EventsPerUser = Count(5) }, SyntheticRequested = true },
                "--pages" => options with { Synthetic = options.Synthetic with { Pages = Count(12) }, SyntheticRequested = true },
                "--seed" => options with { Synthetic = options.Synthetic with { Seed = Count(0) }, SyntheticRequested = true },
                "--input-file" => options with { InputFile = Value() },
                "--format" => options with { Format = Format(Value()) },
                "--keep-query" => options with { Analysis = options.Analysis with { KeepQuery = true } },
                "--dataset" => options with { Dataset = Value() },
                "--data-dir" => options with { DataDir = Value() },
                "--outputs-dir" => options with { OutputsDir = Value() },
                "--session-gap" => options with { Analysis = options.Analysis with { SessionGap = Gap(Value()) } },
                "--betweenness" => options with { Analysis = options.Analysis with { Betweenness = Enum<BetweennessMode>(name, Value()) } },
                "--sample-above" => options with { Analysis = options.Analysis with { BetweennessSampleAbove = Count(AnalysisLimits.MinSampleAbove) } },
                "--samples" => options with { Analysis = options.Analysis with { BetweennessSamples = Count(AnalysisLimits.MinSamples) } },
                "--percentile" => options with { Analysis = options.Analysis with { ChokepointPercentile = Number(name, Value()) / 100 } },
                "--compat" => options with { Analysis = options.Analysis with { Compat = Compat(Value()) } },
                "--strict" => options with { Analysis = options.Analysis with { Strict = true } },
                "--source" => options with { Source = Enum<CliSource>(name, Value()) },
                "--clickhouse-url" => options with { ClickHouse = options.ClickHouse with { Url = Value() } },
                "--clickhouse-database" => options with { ClickHouse = options.ClickHouse with { Database = Value() } },
                "--clickhouse-table" => options with { ClickHouse = options.ClickHouse with { Table = Value() } },
                "--clickhouse-shards" => options with
                {
                    ClickHouse = options.ClickHouse with
                    {
                        Shards = [.. Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                    },
                },
                "--clickhouse-user" => options with { ClickHouse = options.ClickHouse with { User = Value() } },
                "--clickhouse-password" => options with { ClickHouse = options.ClickHouse with { Password = Value() } },
                "--user-column" => options with { ClickHouse = options.ClickHouse with { Mapping = options.ClickHouse.Mapping with { UserColumn = Value() } } },
                "--time-column" => options with { ClickHouse = options.ClickHouse with { Mapping = options.ClickHouse.Mapping with { TimeColumn = Value() } } },
                "--page-column" => options with { ClickHouse = options.ClickHouse with { Mapping = options.ClickHouse.Mapping with { PageColumn = Value() } } },
                "--event-column" => options with { ClickHouse = options.ClickHouse with { Mapping = options.ClickHouse.Mapping with { EventColumn = Value() } } },
                "--session-column" => options with { ClickHouse = options.ClickHouse with { Mapping = options.ClickHouse.Mapping with { SessionColumn = Value() } } },
                "--from" => options with { ClickHouse = options.ClickHouse with { Mapping = options.ClickHouse.Mapping with { From = Time(name, Value()) } } },
                "--to" => options with { ClickHouse = options.ClickHouse with { Mapping = options.ClickHouse.Mapping with { To = Time(name, Value()) } } },
                "--flow-limit" => options with { ClickHouse = options.ClickHouse with { FlowLimit = Count(0) } },
                _ => throw new UsageException($"Unknown option '{args[i]}'. Run with --help to see the options."),
            };
        }
        // A flag that would be ignored is refused: a file is read whole, with the columns its header names.
        var ignored = warehouseOnly.Where(f => options.Source != CliSource.ClickHouse && !(options.LoadIntoClickHouse && LoadFlags.Contains(f))).ToList();
        if (ignored.Count > 0 && !options.Help)
            throw new UsageException($"{string.Join(", ", ignored.Distinct())} {(ignored.Distinct().Count() == 1 ? "applies" : "apply")} only to a ClickHouse " +
                "table (--source clickhouse); a file is analysed whole, with the columns its header names.");

        // One validator for every face: the limits of AnalysisOptions, named here by their flags.
        if (options.Analysis.Problems() is [var problem, ..])
            throw new UsageException($"{Flag(problem.Option)} expects {problem.Expected}, got '{problem.Got}'.");
        return options;
    }

    /// <summary>Flags that only a ClickHouse table reads.</summary>
    private static readonly HashSet<string> WarehouseFlags =
    [
        "--clickhouse-url", "--clickhouse-database", "--clickhouse-table", "--clickhouse-shards", "--clickhouse-user", "--clickhouse-password",
        "--user-column", "--time-column", "--page-column", "--event-column", "--session-column", "--from", "--to", "--flow-limit",
    ];

    /// <summary>The ClickHouse flags <c>clickhouse-load</c> reads too: where the table is.</summary>
    private static readonly HashSet<string> LoadFlags =
        ["--clickhouse-url", "--clickhouse-database", "--clickhouse-table", "--clickhouse-user", "--clickhouse-password"];

    private static string Flag(AnalysisOption option) => option switch
    {
        AnalysisOption.SessionGap => "--session-gap",
        AnalysisOption.ChokepointPercentile => "--percentile",
        AnalysisOption.BetweennessSampleAbove => "--sample-above",
        _ => "--samples",
    };

    private static double Number(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new UsageException($"{option} expects a number, got '{value}'.");

    private static T Enum<T>(string option, string value) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var result) && !int.TryParse(value, out _)
            ? result
            : throw new UsageException($"{option} expects one of {string.Join("|", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{value}'.");

    private static TeloMesh.Core.Import.EventFormat Format(string value) =>
        TeloMesh.Core.Import.EventFormats.TryParse(value, out var format)
            ? format
            : throw new UsageException($"--format expects telomesh|mixpanel|amplitude|ga4, got '{value}'.");

    private static CompatMode Compat(string value) => value.ToLowerInvariant() switch
    {
        "telomesh" => CompatMode.TeloMesh,
        "none" => CompatMode.Default,
        _ => throw new UsageException($"--compat expects telomesh (or none), got '{value}'."),
    };

    private static DateTime Time(string option, string value) =>
        TeloMesh.Core.Events.TimestampParser.TryParse(value, out var ticks, out _)
            ? new DateTime(ticks, DateTimeKind.Utc)
            : throw new UsageException($"{option} expects a time such as 2025-03-01 or 2025-03-01T09:00:00Z, got '{value}'.");

    /// <summary>The gap in minutes; out of bounds is refused here already, where a huge number would not make a TimeSpan.</summary>
    private static TimeSpan Gap(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && AnalysisLimits.SessionGapProblem(minutes) is null
            ? TimeSpan.FromMinutes(minutes)
            : throw new UsageException($"--session-gap expects {AnalysisLimits.SessionGapExpected}, got '{value}'.");
}
