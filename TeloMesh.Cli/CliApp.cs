using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;

namespace TeloMesh.Cli;

/// <summary>The command line: runs the stages the README's command line names, reports progress and timings, exits 0/1/2.</summary>
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
            output.WriteLine(CliParser.Help(options.LoadIntoClickHouse, options.Compare is not null, options.Paths is not null, options.Report is not null));
            return Success;
        }
        foreach (var note in options.Notes) output.WriteLine($"note: {note}");
        try
        {
            var paths = DatasetPaths.Create(options.DataDir, options.OutputsDir, options.Dataset);
            options = WithRecorded(options, paths, output);
            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            new CliRun(options, paths, new ConsoleReporter(output, interactive), output, clock).Execute();
            return Success;
        }
        catch (Exception e) when (e is InvalidInputException or CliParser.UsageException)
        {
            error.WriteLine($"error: {e.Message}");
            if (e.Message.Contains(ColumnPositions.EventOnlyHint, StringComparison.Ordinal))
                error.WriteLine("hint: --columns page=event maps the page role to the event column (an event-only log).");
            else if (e.Message.StartsWith(ColumnPositions.MissingMessageStart, StringComparison.Ordinal))
                error.WriteLine("hint: --columns role=COLUMN names the file's columns, e.g. --columns user=distinct_id,time=ts.");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (e is ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            // Anything else is our fault, not the user's: say so plainly, with what happened, and exit 1.
            error.WriteLine($"error: unexpected failure ({e.GetType().Name}): {e.Message}");
            return Failure;
        }
    }

    /// <summary>
    /// What the dataset recorded at its last analysis (dataset_info.json, read once) applies where no flag says otherwise:
    /// its grouping rules, its session gap for compare, paths and report, and its goals.
    /// </summary>
    private static CliOptions WithRecorded(CliOptions options, DatasetPaths paths, TextWriter output)
    {
        if (options.LoadIntoClickHouse) return options;
        var recorded = DatasetInfo.TryRead(paths.Output(Core.Export.OutputFileNames.DatasetInfo))?.Options?.ToOptions();
        if (recorded is null) return options;
        return WithRecordedGoals(WithRecordedSessionGap(WithRecordedPageRules(options, recorded, paths, output), recorded, output), recorded, paths, output);
    }

    /// <summary>The grouping rules recorded for the dataset apply when <c>--page-rules</c> is not given (docs/metrics.md section 11).</summary>
    private static CliOptions WithRecordedPageRules(CliOptions options, Core.Pipeline.AnalysisOptions recorded, DatasetPaths paths, TextWriter output)
    {
        if (options.PageRulesGiven || options.SuggestPageRules || recorded.PageRules.IsEmpty) return options;
        if (options.Analysis.Compat == Core.Graph.CompatMode.TeloMesh)
        {
            output.WriteLine($"note: the grouping rules recorded for dataset '{paths.Name}' ({recorded.PageRules.Rules.Count}) are left out in compatibility mode, which groups no pages.");
            return options;
        }
        output.WriteLine($"  grouping rules recorded for the dataset: {recorded.PageRules.Rules.Count} (an empty --page-rules file analyses without)");
        return options with { Analysis = options.Analysis with { PageRules = recorded.PageRules } };
    }

    /// <summary>
    /// compare, paths and report read a dataset as it was analysed: without <c>--session-gap</c> they make its sessions with
    /// the gap recorded for it (as the dashboard does), not the default. A run of the pipeline takes the gap it is given.
    /// </summary>
    private static CliOptions WithRecordedSessionGap(CliOptions options, Core.Pipeline.AnalysisOptions recorded, TextWriter output)
    {
        if (options.SessionGapGiven || (options.Compare is null && options.Paths is null && options.Report is null)) return options;
        var gap = recorded.SessionGap;
        if (gap == options.Analysis.SessionGap) return options;
        output.WriteLine($"  session gap recorded for the dataset: {gap.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)} minutes (--session-gap sets another)");
        return options with { Analysis = options.Analysis with { SessionGap = gap } };
    }

    /// <summary>
    /// The goals recorded for the dataset (set in the dashboard or by an earlier run) apply when no goal flag is given,
    /// so the command line analyses a dataset the way its team defined success; <c>--no-goals</c> drops them.
    /// </summary>
    private static CliOptions WithRecordedGoals(CliOptions options, Core.Pipeline.AnalysisOptions recorded, DatasetPaths paths, TextWriter output)
    {
        if (options.GoalsGiven || options.NoGoals || recorded.Goals.IsEmpty) return options;
        if (options.Analysis.Compat == Core.Graph.CompatMode.TeloMesh)
        {
            output.WriteLine($"note: the goals recorded for dataset '{paths.Name}' ({recorded.Goals}) are left out in compatibility mode, which knows no goals.");
            return options;
        }
        output.WriteLine($"  goals recorded for the dataset: {recorded.Goals} (--no-goals analyses without)");
        return options with { Analysis = options.Analysis with { Goals = recorded.Goals } };
    }
}
