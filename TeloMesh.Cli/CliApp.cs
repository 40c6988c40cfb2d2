using System.Diagnostics;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Cli;

/// <summary>The command line: runs the stages SPEC.md section 7 names, reports progress and timings, exits 0/1/2.</summary>
public static class CliApp
{
    public const int Success = 0, Failure = 1, BadInput = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        CliOptions options;
        try
        {
            options = CliParser.Parse(args);
        }
        catch (CliParser.UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        if (options.Help)
        {
            output.WriteLine(CliOptions.Usage);
            return Success;
        }
        try
        {
            var paths = DatasetPaths.Create(options.DataDir, options.OutputsDir, options.Dataset);
            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            new CliRun(options, paths, new ConsoleReporter(output, interactive), output, clock).Execute();
            return Success;
        }
        catch (Exception e) when (e is InvalidInputException or CliParser.UsageException)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return Failure;
        }
    }
}

/// <summary>One run of the command line: the stages asked for, in order.</summary>
internal sealed class CliRun(CliOptions options, DatasetPaths paths, ConsoleReporter reporter, TextWriter output, TimeProvider clock)
{
    private readonly AnalysisOptions _analysis = options.Analysis;

    public void Execute()
    {
        var total = Stopwatch.StartNew();
        output.WriteLine($"TeloMesh: dataset '{paths.Name}' ({paths.DataDirectory} -> {paths.OutputDirectory})");
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
                OutputWriter.WriteGraph(paths.OutputDirectory, graphResult.Graph);
                break;
            case CliStage.Metrics:
                var metricsResult = Analyze(LoadSessionFlows());
                OutputWriter.WriteMetrics(paths.OutputDirectory, metricsResult.Metrics);
                Summary.WriteMetrics(output, metricsResult.Metrics);
                break;
            case CliStage.Analysis:
                var analysis = Analyze(LoadSessionFlows());
                OutputWriter.WriteFriction(paths.OutputDirectory, analysis.Friction);
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
        PrepareSource();
        var ingest = Ingest(paths.EventsFile);
        var result = Analyze(ingest.Events);
        Timed(PipelineStage.Export, () =>
        {
            OutputWriter.WriteAll(paths.OutputDirectory, result, ingest.Rejected);
            WriteInfo(ingest, result.Sessions, analysed: true);
        }, _ => $"{Directory.GetFiles(paths.OutputDirectory).Length} files written");
        Summary.Write(output, ingest, result);
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
        var info = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo));
        if (File.Exists(paths.EventsFile) && !options.SyntheticRequested)
        {
            output.WriteLine($"  using the existing source {paths.EventsFile}");
            return;
        }
        if (File.Exists(paths.EventsFile) && info is not null && info.Format != "synthetic")
            throw new InvalidInputException($"Dataset '{paths.Name}' holds imported data ({info.SourceFile}); synthetic options " +
                "would overwrite it. Choose another --dataset for synthetic data.");
        Generate();
    }

    private void Import(string inputFile)
    {
        if (!File.Exists(inputFile))
            throw new InvalidInputException($"--input-file: '{inputFile}' does not exist.");
        var source = Path.GetFullPath(inputFile);
        if (source != Path.GetFullPath(paths.EventsFile))
            AtomicFile.Write(paths.EventsFile, target =>
            {
                using var input = File.OpenRead(source);
                input.CopyTo(target);
            });
        output.WriteLine($"  source {source} copied to {paths.EventsFile}");
    }

    private void Generate()
    {
        var generator = new SyntheticEventGenerator(options.Synthetic);
        var progress = new SyncProgress<double>(f => reporter.Report(new PipelineProgress(PipelineStage.Synthetic, f, "generating events")));
        long count = 0;
        Timed(PipelineStage.Synthetic, () => count = generator.WriteFile(paths.EventsFile, progress),
            _ => $"{count:N0} events for {options.Synthetic.Users:N0} users on {options.Synthetic.Pages} pages (seed {options.Synthetic.Seed})");
        // Mark the source as synthetic, so that later synthetic runs may replace it.
        Directory.CreateDirectory(paths.OutputDirectory);
        AtomicFile.WriteText(paths.Output(OutputFileNames.DatasetInfo), new DatasetInfo
        {
            Name = paths.Name,
            SourceFile = paths.EventsFile,
            Format = "synthetic",
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        }.ToJson());
    }

    private void Parse(string source)
    {
        var ingest = Ingest(source);
        var sessions = Timed(PipelineStage.Sessions, () => Sessionizer.Build(ingest.Events, new SessionOptions { Gap = _analysis.SessionGap }),
            s => $"{s.Count:N0} sessions");
        Timed(PipelineStage.Export, () =>
        {
            OutputWriter.WriteParse(paths.OutputDirectory, sessions, ingest.Rejected);
            WriteInfo(ingest, sessions, analysed: false);
        }, _ => OutputFileNames.SessionFlows);
    }

    private IngestResult Ingest(string source) =>
        Timed(PipelineStage.Parse, () => AnalysisPipeline.Ingest(source, _analysis, reporter),
            r => $"{r.RowsAccepted:N0} events accepted, {r.RowsRejected:N0} rejected" +
                 (r.RowsRejected > 0 ? $" (see {OutputFileNames.RejectedRows})" : ""));

    private AnalysisResult Analyze(EventTable events)
    {
        Directory.CreateDirectory(paths.OutputDirectory);
        return AnalysisPipeline.Analyze(events, _analysis, reporter,
            timing: (stage, elapsed, output) => reporter.StageDone(stage, elapsed, Summary.StageDetail(output, _analysis)));
    }

    /// <summary>Later stages start from the sessions the parse stage wrote, as the original's stages did.</summary>
    private EventTable LoadSessionFlows()
    {
        var path = paths.Output(OutputFileNames.SessionFlows);
        if (!File.Exists(path))
            throw new InvalidInputException($"{path} does not exist: run --stage parse (or all) for dataset '{paths.Name}' first.");
        return Ingest(path).Events;
    }

    private string RequireSource()
    {
        if (options.InputFile is not null) Import(options.InputFile);
        if (!File.Exists(paths.EventsFile))
            throw new InvalidInputException($"{paths.EventsFile} does not exist: give --input-file, or run --stage synthetic first.");
        return paths.EventsFile;
    }

    private void WriteInfo(IngestResult ingest, SessionSet sessions, bool analysed) =>
        DatasetRunner.WriteInfo(paths, ingest, sessions, _analysis, clock, analysed,
            options.InputFile is null ? null : Path.GetFullPath(options.InputFile), options.InputFile is null ? null : options.Format);

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
