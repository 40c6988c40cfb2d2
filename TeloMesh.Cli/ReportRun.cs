using TeloMesh.Core.Datasets;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Cli;

/// <summary>
/// <c>report</c> (docs/metrics.md sections 12 and 15): analyses the dataset, from its event file in memory or its
/// ClickHouse table where it lives, and writes the one-file HTML report (<see cref="ReportHtmlExport"/>) to
/// <c>outputs/NAME/report.html</c> or <c>--output</c>. The dataset's other output files are not touched.
/// </summary>
internal sealed class ReportRun(CliOptions options, DatasetPaths paths, ConsoleReporter reporter, TextWriter output, TimeProvider clock)
{
    /// <summary>The report's file in the dataset's outputs.</summary>
    public const string FileName = "report.html";

    public void Execute()
    {
        using (var open = CompareRun.OpenWarehouse(options, paths, named: true, wholeTable: false))
        {
            if (open is not null)
            {
                var warehouse = new WarehouseJourneySource(open.Source, options.ClickHouse.FlowLimit);
                output.WriteLine($"  aggregating in {warehouse.Description}");
                var aggregated = AnalysisPipeline.AnalyzeAsync(warehouse, options.Analysis, reporter,
                    timing: (stage, elapsed, value) => reporter.StageDone(stage, elapsed, Summary.StageDetail(value, options.Analysis))).GetAwaiter().GetResult();
                Write(Build(warehouse, aggregated, DatasetSource.Warehouse(warehouse.Description, aggregated.Aggregates.TotalEvents), warehouse.Description));
                return;
            }
        }
        if (paths.FindSource() is null)
            throw new Core.Events.InvalidInputException($"Dataset '{paths.Name}' has no events to report on: import a file first " +
                $"(--input-file PATH --dataset {paths.Name}), or name a ClickHouse table (report --source clickhouse --clickhouse-table T).");
        var read = new CliRun(options, paths, reporter, output, clock).ReadAndAnalyze();
        Write(Build(new EventTableSource(read.Result.LocalSessions!.Events), read.Result, read.Source, read.Description));
    }

    private Report Build(IJourneySource source, AnalysisResult result, DatasetSource rows, string description)
    {
        var comparison = LatestComparison.TryRead(paths.Output(LatestComparison.FileName));
        return Report.BuildAsync(source, result, $"TeloMesh report · {paths.Name}", clock.GetUtcNow().UtcDateTime, rows.ToReportRows(), description, comparison)
            .GetAwaiter().GetResult();
    }

    private void Write(Report report)
    {
        var file = options.Report!.Output is { } given ? Path.GetFullPath(given) : paths.Output(FileName);
        var html = ReportHtmlExport.Render(report);
        if (options.Report.Output is null) DatasetRunner.WriteOutputs(paths, () => AtomicFile.WriteText(file, html));
        else AtomicFile.WriteText(file, html);
        var r = report.Result;
        output.WriteLine();
        Summary.WriteFriction(output, r);
        output.WriteLine($"Report written to {file} ({html.Length / 1024.0:0} KB): open it in a browser, attach it to a ticket or print it.");
    }
}
