using System.Globalization;
using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Warehouse;

namespace TeloMesh.Cli;

/// <summary>
/// The command line's ClickHouse work: <c>--source clickhouse</c> (aggregate in ClickHouse, write the outputs) and
/// <c>clickhouse-load</c> (put a CSV into a table to try it).
/// </summary>
internal sealed class ClickHouseRun(CliOptions options, TextWriter output, ConsoleReporter reporter)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public void Load()
    {
        var input = options.InputFile ?? throw new CliParser.UsageException("clickhouse-load needs --input-file PATH.");
        var table = options.ClickHouse.Table ?? throw new CliParser.UsageException("clickhouse-load needs --clickhouse-table NAME.");
        if (!File.Exists(input)) throw new InvalidInputException($"--input-file: '{input}' does not exist.");
        var connection = options.ClickHouse.Connection();
        var format = options.Format ?? Core.Import.FormatDetector.DetectOrTelomesh(input, out _);
        var ingest = AnalysisPipeline.Ingest(input, options.Analysis, reporter, format: format, columns: options.FileColumns(format, null));
        using var client = new ClickHouseHttpClient(connection);
        var count = ClickHouseLoader.LoadAsync(client, connection.Database, table, ingest.Events).GetAwaiter().GetResult();
        output.WriteLine(string.Create(C, $"Loaded {count:N0} events ({ingest.RowsRejected:N0} rows rejected) into {connection.Database}.{table} at {connection.Url}"));
        var segments = ClickHouseLoader.SegmentColumns(ingest.Events);
        if (segments.Count > 0) output.WriteLine($"Segment columns loaded: {string.Join(", ", segments.Select(c => c.Name))}.");
        var leftOut = ingest.Events.ExtraColumns.Except(segments).Select(c => $"'{c.Name}'").ToList();
        if (leftOut.Count > 0)
            output.WriteLine($"Columns left out (a table column needs a plain name of letters, digits and underscores, other than TeloMesh's own): {string.Join(", ", leftOut)}.");
        output.WriteLine($"Analyse them with: --source clickhouse --clickhouse-table {table}" +
            (ingest.Events.HasSessionIds ? " --session-column session_id" : "") + (connection.Database != "default" ? $" --clickhouse-database {connection.Database}" : ""));
    }

    /// <summary>The table's pages as stored (before grouping rules), busiest first: for <c>--suggest-page-rules</c>.</summary>
    public IReadOnlyList<string> Pages()
    {
        using var open = new OpenClickHouseSource(options.ClickHouse.Connection(), options.ClickHouse.TableMapping(options.Columns),
            options.ClickHouse.ShardUrls());
        return [.. open.Source.PagesAsync().GetAwaiter().GetResult().Select(p => p.Page)];
    }

    public void Analyze(DatasetPaths paths, TimeProvider clock)
    {
        var connection = options.ClickHouse.Connection();
        if (paths.FindSource() is { } existing)
            throw new InvalidInputException($"Dataset '{paths.Name}' holds an event file ({existing.Path}): choose another --dataset for a ClickHouse table.");
        var mapping = options.ClickHouse.TableMapping(options.Columns);
        var shards = options.ClickHouse.ShardUrls();
        using var open = new OpenClickHouseSource(connection, mapping, shards);
        var source = new WarehouseJourneySource(open.Source, options.ClickHouse.FlowLimit);
        output.WriteLine($"  aggregating in {source.Description}");
        var result = AnalysisPipeline.AnalyzeAsync(source, options.Analysis, reporter, timing: (stage, elapsed, value) =>
            reporter.StageDone(stage, elapsed, value switch
            {
                JourneyAggregates a => string.Create(C, $"{a.Sessions:N0} sessions, {a.Pairs.Count:N0} (page, event) pairs, {a.Transitions.Count:N0} transition counts"),
                _ => Summary.StageDetail(value, options.Analysis),
            })).GetAwaiter().GetResult();
        // The description (no credentials) makes the dataset appear in the dashboard, which re-runs it the same way.
        ClickHouseDataset.Of(connection, mapping, shards).Write(paths);
        DatasetRunner.Commit(paths, result, DatasetSource.Warehouse(source.Description, result.Aggregates.TotalEvents), clock);
        var a = result.Aggregates;
        output.WriteLine();
        output.WriteLine(string.Create(C, $"Events {a.TotalEvents:N0}  Users {a.UniqueUsers:N0}  Sessions {a.Sessions:N0}  Pages {result.Graph.NodeCount:N0}  Edges {result.Graph.Edges.Count:N0}"));
        Summary.WriteMetrics(output, result.Metrics);
        Summary.WriteFriction(output, result);
        Summary.WriteResilience(output, result, source);
        if (!result.AllFragileFlows)
            output.WriteLine(string.Create(C, $"{OutputFileNames.FragileFlows} holds the first {result.Friction.FragileFlows.Count:N0} of {result.FragileFlowCount:N0} fragile flows (raise --flow-limit for more)."));
    }
}
