using System.Globalization;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Cli;

/// <summary>
/// <c>compare</c> (docs/metrics.md sections 9 and 12): makes the dataset's sessions once (in memory, or in ClickHouse for
/// a ClickHouse dataset or <c>--source clickhouse</c>, where only the counts come back), puts each in slice A or B by its
/// first step (or takes every session of two datasets), tests every exit, transition and conversion rate, writes
/// <c>outputs/NAME/comparison.csv</c> (and <c>comparison.json</c>, the latest comparison the report shows) and prints the
/// slices and the top ten changes in words.
/// </summary>
internal sealed class CompareRun(CliOptions options, DatasetPaths paths, ConsoleReporter reporter, TextWriter output, TimeProvider clock)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The name of the comparison's file in the dataset's outputs.</summary>
    public const string FileName = ComparisonCsv.FileName;

    public void Execute()
    {
        var compare = options.Compare!;
        var goals = options.Analysis.Goals;
        ComparisonResult result;
        if (compare.Against is { } other)
        {
            var otherPaths = DatasetPaths.Create(options.DataDir, options.OutputsDir, other);
            var a = Count(otherPaths, Slice.All, Slice.All, goals, checkGoals: false).A;
            var b = Count(paths, Slice.All, Slice.All, goals, checkGoals: false).A;
            GoalCheck.ThrowIfUnmatched(goals, a, b); // a goal in either dataset will do: the other then has no conversions
            result = Comparator.Compare(a, b, $"dataset '{other}'", $"dataset '{paths.Name}'", !goals.IsEmpty, compare.MinSupport);
        }
        else
        {
            var (sliceA, sliceB) = compare.Segment is { } column
                ? (new Slice(compare.From, compare.To, column, compare.A), new Slice(compare.From, compare.To, column, compare.B))
                : (new Slice(compare.AFrom, compare.ATo), new Slice(compare.BFrom, compare.BTo));
            result = Comparisons.Compare(Count(paths, sliceA, sliceB, goals), sliceA, sliceB, !goals.IsEmpty, compare.MinSupport);
            if (result.Overlap > 0) output.WriteLine($"note: {ReportText.Overlap(result)}");
        }
        DatasetRunner.KeepComparison(paths, result, clock.GetUtcNow().UtcDateTime,
            new AggregationKey(options.Analysis.SessionGap, goals, PageRules: options.Analysis.PageRules));
        Write(result, compare.WorseOnly);
    }

    /// <summary>
    /// Both slices of a dataset's sessions: counted in ClickHouse for a ClickHouse dataset (or this dataset with
    /// <c>--source clickhouse</c>), else read from its event file and counted in memory.
    /// </summary>
    private SlicePair Count(DatasetPaths dataset, Slice a, Slice b, GoalSet goals, bool checkGoals = true)
    {
        var key = new AggregationKey(options.Analysis.SessionGap, goals, PageRules: options.Analysis.PageRules);
        // --from and --to narrow a segment comparison's sessions here, not the table: sessions are made from all its events.
        var open = OpenWarehouse(options, dataset, dataset == paths, wholeTable: true);
        if (open is not null)
        {
            using (open)
            {
                var source = new WarehouseJourneySource(open.Source);
                output.WriteLine($"  counting both slices in {source.Description}");
                return source.CountSlicesAsync(key, a, b).GetAwaiter().GetResult();
            }
        }
        var sessions = new CliRun(options, dataset, reporter, output, TimeProvider.System).ReadSessions();
        if (checkGoals) GoalCheck.ThrowIfUnmatched(goals, sessions.Events.Pages, sessions.Events.Events);
        return SlicePair.Count(sessions, goals, a, b);
    }

    /// <summary>
    /// The ClickHouse source of <paramref name="dataset"/> when its events live in ClickHouse: with <c>--source clickhouse</c>
    /// for the dataset the command names (<paramref name="named"/>), or a ClickHouse dataset recorded in the data folder; null
    /// for an event file. The connection's user and password come from the flags or the environment.
    /// </summary>
    /// <param name="wholeTable">Leave out the table's time range (the subcommand's --from/--to mean something else).</param>
    internal static OpenClickHouseSource? OpenWarehouse(CliOptions options, DatasetPaths dataset, bool named, bool wholeTable)
    {
        if (options.Source == CliSource.ClickHouse && named)
        {
            var mapping = options.ClickHouse.TableMapping(options.Columns);
            return new OpenClickHouseSource(options.ClickHouse.Connection(), wholeTable ? mapping with { From = null, To = null } : mapping,
                options.ClickHouse.ShardUrls());
        }
        if (ClickHouseDataset.TryRead(dataset) is not { } recorded) return null;
        var connection = options.ClickHouse.Connection();
        return recorded.Open(connection.User, connection.Password);
    }

    private void Write(ComparisonResult r, bool worseOnly)
    {
        output.WriteLine();
        output.WriteLine(ReportText.Slice("A", r.A, r.WithGoals));
        output.WriteLine(ReportText.Slice("B", r.B, r.WithGoals));
        if (ReportText.ConversionChange(r) is { } conversion) output.WriteLine(conversion);
        output.WriteLine(ReportText.Support(r)[..^1] + " (--min-support).");
        if (r.Changes.Count == 0)
        {
            output.WriteLine(ReportText.NothingToCompare(r).Replace("the minimum support", "--min-support", StringComparison.Ordinal));
            return;
        }
        var shown = worseOnly ? [.. r.Worse] : r.Changes;
        output.WriteLine(ReportText.Significance(r) + " " +
            (worseOnly ? string.Create(C, $"Top changes for the worse ({shown.Count:N0} in all):") : "Top changes:"));
        foreach (var change in shown.Take(10)) output.WriteLine("  " + ReportText.Change(change));
        output.WriteLine($"All {r.Changes.Count:N0} in {paths.Output(FileName)}.");
    }
}
