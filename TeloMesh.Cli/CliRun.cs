using System.Diagnostics;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Import;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Stages;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Cli;

/// <summary>One run of the command line: the stages asked for, in order.</summary>
internal sealed class CliRun(CliOptions options, DatasetPaths paths, ConsoleReporter reporter, TextWriter output, TimeProvider clock)
{
    private readonly AnalysisOptions _analysis = options.Analysis;

    public void Execute()
    {
        var total = Stopwatch.StartNew();
        if (options.LoadIntoClickHouse)
        {
            new ClickHouseRun(options, output, reporter).Load();
            output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.00} s.");
            return;
        }
        output.WriteLine($"TeloMesh: dataset '{paths.Name}' ({paths.DataDirectory} -> {paths.OutputDirectory})");
        if (options.Paths is not null)
        {
            new PathsRun(options, paths, reporter, output).Execute();
            output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.00} s. Results in {paths.OutputDirectory}");
            return;
        }
        if (options.Report is not null)
        {
            new ReportRun(options, paths, reporter, output, clock).Execute();
            output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.00} s.");
            return;
        }
        if (options.Compare is not null)
        {
            new CompareRun(options, paths, reporter, output, clock).Execute();
            output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.00} s. Results in {paths.OutputDirectory}");
            return;
        }
        if (options.SuggestPageRules)
        {
            SuggestPageRules();
            output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.00} s.");
            return;
        }
        if (options.Source == CliSource.ClickHouse)
        {
            if (options.Stage != CliStage.All)
                throw new CliParser.UsageException("--source clickhouse runs every stage in one pass: leave --stage out (the stages after parse read session_flows.csv, which stays in ClickHouse).");
            new ClickHouseRun(options, output, reporter).Analyze(paths, clock);
            output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.00} s. Results in {paths.OutputDirectory}");
            return;
        }
        switch (options.Stage)
        {
            case CliStage.Synthetic:
                Generate();
                break;
            case CliStage.Parse:
                Parse(RequireSource());
                break;
            case CliStage.Graph:
                var graphResult = Analyze(LoadSessionFlows());
                DatasetRunner.WriteOutputs(paths, () => OutputWriter.WriteGraph(paths.OutputDirectory, graphResult.Graph));
                break;
            case CliStage.Metrics:
                var metricsResult = Analyze(LoadSessionFlows());
                DatasetRunner.WriteOutputs(paths, () => OutputWriter.WriteMetrics(paths.OutputDirectory, metricsResult.Metrics));
                Summary.WriteMetrics(output, metricsResult.Metrics);
                break;
            case CliStage.Analysis:
                var analysis = Analyze(LoadSessionFlows());
                DatasetRunner.WriteOutputs(paths, () => OutputWriter.WriteFriction(paths.OutputDirectory, analysis.Friction));
                Summary.WriteFriction(output, analysis);
                break;
            default:
                All();
                break;
        }
        output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.00} s. Results in {paths.OutputDirectory}");
    }

    private void All()
    {
        // dataset_info.json is written last; its serializer is compiled meanwhile on the core the reading leaves free.
        var warm = Task.Run(DatasetInfo.WarmUp);
        PrepareSource();
        var ingest = Ingest(RequireSource());
        var result = Analyze(ingest.Events);
        // The summary's own numbers (the decision table, graph health, the degrees' fit, resilience) are worked out while
        // the files are written: the export keeps both cores busy only while its longest file is written.
        var summary = Task.Run(() =>
        {
            var text = new StringWriter();
            Summary.Write(text, ingest, result, _degrees);
            Summary.WriteResilience(text, result, new EventTableSource(result.LocalSessions!.Events));
            return text.ToString();
        });
        Timed(PipelineStage.Export, () => DatasetRunner.Commit(paths, result, Source(ingest), clock),
            _ => $"{Directory.GetFiles(paths.OutputDirectory).Length} files written");
        output.Write(summary.GetAwaiter().GetResult());
        warm.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Puts the source in place: a copy of <c>--input-file</c> (byte for byte), or synthetic data when the dataset has
    /// none or synthetic options were given. Never overwrites imported data with synthetic data.
    /// </summary>
    private void PrepareSource()
    {
        if (options.InputFile is not null)
        {
            Import(options.InputFile);
            return;
        }
        var existing = paths.FindSource();
        if (existing is not null && !options.SyntheticRequested)
        {
            output.WriteLine($"  using the existing source {existing.Value.Path}");
            return;
        }
        Generate();
    }

    /// <summary>
    /// Copies <c>--input-file</c> byte for byte into the dataset, under the name of its format (detected from its first
    /// record unless <c>--format</c> says; a contradiction is an error), replacing a source of another format.
    /// </summary>
    private void Import(string inputFile)
    {
        if (!File.Exists(inputFile))
            throw new InvalidInputException($"--input-file: '{inputFile}' does not exist.");
        var source = Path.GetFullPath(inputFile);
        var detected = FormatOf(source);
        var target = paths.SourceFile(detected);
        if (source != Path.GetFullPath(target))
        {
            AtomicFile.Write(target, stream =>
            {
                using var input = File.OpenRead(source);
                input.CopyTo(stream);
            });
            foreach (var other in Enum.GetValues<EventFormat>().Where(f => f != detected))
                File.Delete(paths.SourceFile(other));
            // A comparison of the events replaced says nothing of the new ones.
            if (Directory.Exists(paths.OutputDirectory))
                foreach (var kept in LatestComparison.FileNames) File.Delete(paths.Output(kept));
        }
        _importedFormat = detected;
        output.WriteLine($"  source {source} ({detected.Name()}) copied to {target}");
    }

    private EventFormat? _importedFormat;

    private EventFormat FormatOf(string source)
    {
        EventFormat detected;
        string? tried;
        try
        {
            // A CSV that fits no format is read as TeloMesh's own, so the error names its missing columns; the
            // formats tried are added to that message (see Ingest).
            detected = FormatDetector.DetectOrTelomesh(source, out tried);
        }
        catch (InvalidInputException) when (options.Format is not null)
        {
            return options.Format.Value;
        }
        if (options.Format is { } given)
        {
            if (tried is null && detected != given)
                throw new InvalidInputException($"--format {given.Name()}, but {Path.GetFileName(source)} looks like a {detected.Name()} export " +
                    "(from its first record). Leave --format out to use the detected format.");
            return given;
        }
        _formatsTried = tried;
        return detected;
    }

    private string? _formatsTried;

    /// <summary>Writes synthetic events as the dataset's source; refuses to replace data that was imported or uploaded.</summary>
    private void Generate()
    {
        var existing = paths.FindSource();
        var info = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
        if (existing is not null && (existing.Value.Format != EventFormat.Telomesh || info is null || info.Format != "synthetic"))
            throw new InvalidInputException($"Dataset '{paths.Name}' holds imported data ({info?.SourceFile ?? existing.Value.Path}); synthetic data " +
                "would overwrite it. Choose another --dataset for synthetic data.");
        var generator = new SyntheticEventGenerator(options.Synthetic);
        var progress = new SyncProgress<double>(f => reporter.Report(new PipelineProgress(PipelineStage.Synthetic, f, "generating events")));
        long count = 0;
        Timed(PipelineStage.Synthetic, () => count = generator.WriteFile(paths.EventsFile, progress),
            _ => $"{count:N0} events for {options.Synthetic.Users:N0} users on {options.Synthetic.Pages} pages (seed {options.Synthetic.Seed})");
        // Mark the source as synthetic, so that later synthetic runs may replace it.
        DatasetRunner.WriteOutputs(paths, () => AtomicFile.WriteText(paths.Output(OutputFileNames.DatasetInfo), new DatasetInfo
        {
            Name = paths.Name,
            SourceFile = paths.EventsFile,
            Format = "synthetic",
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        }.ToJson()));
    }

    /// <summary>The dataset's events read as its later stages read them (recorded columns, detected format, grouping rules), made into sessions.</summary>
    internal SessionSet ReadSessions()
    {
        var ingest = Ingest(RequireSource());
        // The pages as the analysis names them: renamed by the grouping rules given or recorded (docs/metrics.md section 11).
        var events = _analysis.PageRules.IsEmpty ? ingest.Events : ingest.Events.WithPagesRenamed(_analysis.PageRules.Apply, _analysis.PageRules);
        return Timed(PipelineStage.Sessions, () => Sessionizer.Build(events, new SessionOptions { Gap = _analysis.SessionGap }),
            s => $"{s.Count:N0} sessions");
    }

    /// <summary>The dataset's events read (an <c>--input-file</c> imported first) and analysed, and the source in words, for <c>report</c>.</summary>
    internal (IngestResult Ingest, AnalysisResult Result, DatasetSource Source, string Description) ReadAndAnalyze()
    {
        var file = RequireSource();
        var ingest = Ingest(file);
        return (ingest, Analyze(ingest.Events), Source(ingest) with { Columns = Columns(_sourceFormat) }, DatasetInfo.DescribeFile(file, _sourceFormat.Name()));
    }

    /// <summary>Prints the grouping rules suggested from the dataset's pages (docs/metrics.md section 11), and what they would make of them.</summary>
    private void SuggestPageRules()
    {
        var pages = options.Source == CliSource.ClickHouse ? new ClickHouseRun(options, output, reporter).Pages() : Ingest(RequireSource()).Events.Pages.Values;
        var suggestions = Core.Grouping.PageRuleSuggestions.Suggest(pages);
        if (suggestions.Count == 0)
        {
            output.WriteLine($"No grouping rule to suggest: the {pages.Count:N0} pages have no ids, no segment of more than " +
                $"{Core.Grouping.PageRuleSuggestions.DistinctValuesAbove} values and no query strings.");
            return;
        }
        output.WriteLine($"Grouping rules suggested for {pages.Count:N0} pages (docs/metrics.md section 11), in the order to apply them:");
        var width = suggestions.Max(s => s.Rule.Length);
        foreach (var s in suggestions)
            output.WriteLine($"  {s.Rule.PadRight(width)}    # merges {s.PagesMerged:N0} {(s.PagesMerged == 1 ? "page" : "pages")} into {s.Into:N0}: {s.Reason}");
        var rules = Core.Grouping.PageRules.Parse(Core.Grouping.PageRuleSuggestions.AsText(suggestions));
        var after = pages.Select(rules.Apply).Distinct(StringComparer.Ordinal).Count();
        output.WriteLine($"With all of them: {pages.Count:N0} pages -> {after:N0}. Save the rules you keep in a file, one a line (# starts a comment), " +
            "and analyse with --page-rules FILE.");
    }

    private void Parse(string source)
    {
        var ingest = Ingest(source);
        var events = _analysis.PageRules.IsEmpty ? ingest.Events : ingest.Events.WithPagesRenamed(_analysis.PageRules.Apply, _analysis.PageRules);
        var sessions = Timed(PipelineStage.Sessions, () => Sessionizer.Build(events, new SessionOptions { Gap = _analysis.SessionGap }),
            s => $"{s.Count:N0} sessions");
        Timed(PipelineStage.Export, () => DatasetRunner.WriteOutputs(paths, () =>
        {
            OutputWriter.WriteParse(paths.OutputDirectory, sessions, ingest.Rejected);
            DatasetRunner.WriteInfo(paths, Source(ingest), LocalSequences.Aggregate(sessions), _analysis, clock, analysed: false);
        }), _ => OutputFileNames.SessionFlows);
    }

    /// <summary>
    /// Reads the source with the column mapping recorded for the dataset (chosen in the dashboard), unless this run
    /// imported a new file, which starts from docs/metrics.md's column names; <c>--columns</c> and the per-role flags
    /// change the roles they name.
    /// </summary>
    private IngestResult Ingest(string source, EventFormat format) =>
        Timed(PipelineStage.Parse, () =>
            {
                try
                {
                    return AnalysisPipeline.Ingest(source, _analysis, reporter, format: format, columns: Columns(format));
                }
                catch (InvalidInputException e) when (_formatsTried is not null)
                {
                    throw new InvalidInputException($"{e.Message}\n{_formatsTried}");
                }
            },
            r => $"{r.RowsAccepted:N0} events accepted, {r.RowsRejected:N0} rejected" +
                 (r.RowsRejected > 0 ? $" (see {OutputFileNames.RejectedRows})" : "") +
                 (r.DuplicatesDropped > 0 ? $", {r.DuplicatesDropped:N0} duplicates dropped (same $insert_id)" : "") +
                 (r.PagesFromEvents > 0 ? $"; {ReportText.PagesFromEvents(r.PagesFromEvents)}" : ""));

    /// <summary>The mapping to read with; null: the default names. Set when the command line named columns, so dataset_info records it.</summary>
    private ColumnMapping? Columns(EventFormat format)
    {
        var recorded = _importedFormat is null ? DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))?.Columns : null;
        var columns = options.FileColumns(format, recorded);
        if (options.Columns.Count > 0) _columnsGiven = columns;
        return columns;
    }

    private ColumnMapping? _columnsGiven;

    private IngestResult Ingest(string source) => Ingest(source, _sourceFormat);

    private AnalysisResult Analyze(EventTable events)
    {
        return AnalysisPipeline.Analyze(events, _analysis, reporter, timing: (stage, elapsed, output) =>
        {
            reporter.StageDone(stage, elapsed, Summary.StageDetail(output, _analysis));
            // The summary's degrees fit needs only the aggregates: it runs on the other core while the graph is analysed.
            if (output is JourneyAggregates aggregates)
                _degrees = Task.Run(() => Core.Metrics.PowerLawFit.Fit(Core.Metrics.GraphHealth.Degrees(aggregates)));
        });
    }

    private Task<Core.Metrics.PowerLawFit?>? _degrees;

    /// <summary>Later stages start from the sessions the parse stage wrote, as the original's stages did.</summary>
    private EventTable LoadSessionFlows()
    {
        var path = paths.Output(OutputFileNames.SessionFlows);
        if (!File.Exists(path))
            throw new InvalidInputException($"{path} does not exist: run --stage parse (or all) for dataset '{paths.Name}' first.");
        // Written with grouping rules, the file has the pages as read in page_raw: the rules are applied to those again.
        var grouped = File.ReadLines(path).FirstOrDefault()?.Split(',').Contains("page_raw") == true;
        var columns = grouped ? ColumnMapping.Default with { Page = "page_raw" } : ColumnMapping.Default;
        return Timed(PipelineStage.Parse, () => CsvEventReader.ReadFile(path, new IngestOptions { UndoFormulaEscape = true, Columns = columns }),
            r => $"{r.RowsAccepted:N0} steps read from {OutputFileNames.SessionFlows}").Events;
    }

    private string RequireSource()
    {
        if (options.InputFile is not null && _importedFormat is null) Import(options.InputFile);
        var (path, format) = paths.FindSource()
            ?? throw new InvalidInputException($"{paths.EventsFile} does not exist: give --input-file, or run --stage synthetic first.");
        _sourceFormat = format;
        return path;
    }

    private EventFormat _sourceFormat = EventFormat.Telomesh;

    /// <summary>What dataset_info.json records of the source: a file imported by this run replaces the recorded one.</summary>
    private DatasetSource Source(IngestResult ingest) =>
        DatasetSource.Read(ingest, columns: _columnsGiven, sourceFile: options.InputFile is null ? null : Path.GetFullPath(options.InputFile), format: _importedFormat?.Name());

    private T Timed<T>(PipelineStage stage, Func<T> run, Func<T, string> detail)
    {
        var clockWatch = Stopwatch.StartNew();
        var value = run();
        reporter.StageDone(stage, clockWatch.Elapsed, detail(value));
        return value;
    }

    private void Timed(PipelineStage stage, Action run, Func<object?, string> detail) =>
        Timed<object?>(stage, () => { run(); return null; }, detail);
}
