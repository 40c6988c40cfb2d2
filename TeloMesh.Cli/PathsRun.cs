using System.Globalization;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Cli;

/// <summary>
/// <c>paths</c> (docs/metrics.md sections 10 and 12): follows every session through a page, from the dataset's event file
/// (sessions made in memory) or its ClickHouse table (the paths rebuilt there, only counts back), writes
/// <c>outputs/NAME/paths_from.csv</c> or <c>paths_to.csv</c> and prints the busiest links of each step.
/// </summary>
internal sealed class PathsRun(CliOptions options, DatasetPaths paths, ConsoleReporter reporter, TextWriter output)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public const string FromFile = "paths_from.csv", ToFile = "paths_to.csv";

    public void Execute()
    {
        var query = options.Paths!;
        var key = new AggregationKey(options.Analysis.SessionGap, options.Analysis.Goals, PageRules: options.Analysis.PageRules);
        PathResult result;
        using (var open = CompareRun.OpenWarehouse(options, paths, named: true, wholeTable: false))
        {
            if (open is not null)
            {
                var source = new WarehouseJourneySource(open.Source);
                output.WriteLine($"  following the paths in {source.Description}");
                result = source.PathsAsync(key, query).GetAwaiter().GetResult();
            }
            else
            {
                var sessions = new CliRun(options, paths, reporter, output, TimeProvider.System).ReadSessions();
                GoalCheck.ThrowIfUnmatched(key.Goals, sessions.Events.Pages, sessions.Events.Events);
                result = Paths.Compute(sessions, key.Goals, query);
            }
        }
        var file = query.Direction == PathDirection.From ? FromFile : ToFile;
        DatasetRunner.WriteOutputs(paths, () => JourneyCsv.WritePaths(paths.Output(file), result.Links));
        Write(result, file);
    }

    private void Write(PathResult r, string file)
    {
        var q = r.Query;
        output.WriteLine();
        output.WriteLine(string.Create(C, $"{r.Sessions:N0} sessions pass {q.Page}; {(q.Direction == PathDirection.From ? "the steps after it" : "the steps before it")}, " +
            $"{q.Steps} at most, the top {q.Top} pages of each step by name{(q.KeepRepeats ? ", repeats kept" : "")}:"));
        foreach (var step in r.Links.GroupBy(l => l.Step))
        {
            var total = step.Sum(l => l.Sessions);
            output.WriteLine(string.Create(C, $"  step {step.Key}: ") + string.Join(", ", step.Take(3).Select(l =>
                string.Create(C, $"{l.From} -> {l.To} {l.Sessions:N0} ({(double)l.Sessions / total:P0})"))));
        }
        output.WriteLine($"All {r.Links.Count.ToString("N0", C)} links in {paths.Output(file)}.");
    }
}
