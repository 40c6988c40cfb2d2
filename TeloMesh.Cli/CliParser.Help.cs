using System.CommandLine;
using System.Globalization;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Cli;

/// <summary>The help text: the root command's options in the sections of <see cref="CliParser.Sections"/>, or a subcommand's.</summary>
public sealed partial class CliParser
{
    /// <summary>How the help's usage lines and examples start when the command line runs from its project.</summary>
    internal const string DevelopmentLauncher = "dotnet run --project TeloMesh.Cli --";

    /// <summary>
    /// How to start this command line: <c>telomesh</c> for the published binary (<c>./publish-cli.sh</c>, self-contained:
    /// the runtime lies beside it), <see cref="DevelopmentLauncher"/> otherwise. Worked out when help is shown, not at start-up.
    /// </summary>
    internal static string Launcher => IsSelfContained(AppContext.BaseDirectory, typeof(object).Assembly.Location) ? "telomesh" : DevelopmentLauncher;

    /// <summary>Whether the runtime's core library (<paramref name="coreLibrary"/>) lies in the application's folder.</summary>
    internal static bool IsSelfContained(string appFolder, string coreLibrary) =>
        coreLibrary.Length > 0 && Path.GetFullPath(Path.GetDirectoryName(coreLibrary)!).TrimEnd(Path.DirectorySeparatorChar) ==
        Path.GetFullPath(appFolder).TrimEnd(Path.DirectorySeparatorChar);

    private string HelpText(bool load, bool compare = false, bool paths = false, bool report = false)
    {
        var text = new System.Text.StringBuilder();
        void Row(Option option)
        {
            var name = string.Join(", ", option.Aliases.Prepend(option.Name)) + (option.HelpName is { } value ? $" {value}" : "");
            var lines = (option.Description ?? "").Split('\n');
            if (name.Length <= 22) text.Append(CultureInfo.InvariantCulture, $"  {name,-24}{lines[0]}\n");
            else text.Append(CultureInfo.InvariantCulture, $"  {name}\n{new string(' ', 26)}{lines[0]}\n");
            foreach (var line in lines.Skip(1)) text.Append(new string(' ', 26)).Append(line).Append('\n');
        }
        if (compare)
        {
            text.Append($"Usage: dotnet run --project TeloMesh.Cli -- {CompareCommand} --dataset NAME (--a-from T --a-to T --b-from T --b-to T\n" +
                "         | --segment COLUMN --a VALUE --b VALUE [--from T --to T] | --against DATASET) [options]\n\n");
            text.Append("Compares slice A with slice B of a dataset: exit, transition and (with goals) conversion rates, each with a\n" +
                "two-proportion z-test and a q-value over all tests; writes outputs/NAME/comparison.csv and prints the top changes.\n" +
                "A session belongs to a slice by its first step. Goals recorded for the dataset apply unless others are given.\n\n");
            foreach (var option in CompareOptions) Row(option);
            return text.ToString();
        }
        if (paths)
        {
            text.Append($"Usage: dotnet run --project TeloMesh.Cli -- {PathsCommand} --dataset NAME (--from PAGE | --to PAGE) [--steps K] [--top N]\n" +
                "         [--keep-repeats] [--goal-page P]... [options]\n\n");
            text.Append("Follows every session through a page, step by step (docs/metrics.md section 10): from its first step on the page\n" +
                "onward, or back to where it began. Each step keeps its N most frequent pages, the rest are (other); (end), (start)\n" +
                "and, with goals, (goal) close a path. Writes outputs/NAME/paths_from.csv or paths_to.csv (step,from,to,sessions).\n\n");
            foreach (var option in PathsOptions) Row(option);
            return text.ToString();
        }
        if (report)
        {
            text.Append($"Usage: dotnet run --project TeloMesh.Cli -- {ReportCommand} --dataset NAME [--output FILE] [--goal-page P]... [options]\n\n");
            text.Append("Analyses the dataset (its event file, or its ClickHouse table) and writes one self-contained HTML file to attach to a\n" +
                "ticket or print: the summary, goals and conversion, what to do per page, the top friction points with intervals and gains,\n" +
                "the heatmap, the top paths from the main entry page, the graph's health, the latest comparison and the options used.\n" +
                "No script and no request: it opens offline. The dataset's other output files are left as they are. It reports a\n" +
                "dataset as it is: import a new file first (--input-file PATH --dataset NAME), then write its report.\n\n");
            foreach (var option in ReportOptions) Row(option);
            return text.ToString();
        }
        if (load)
        {
            text.Append($"Usage: dotnet run --project TeloMesh.Cli -- {LoadCommand} --input-file PATH --clickhouse-table NAME [options]\n\n");
            text.Append("Creates the table (user_id, timestamp, page, event[, session_id]) unless it exists and inserts the file's events.\n\n");
            foreach (var option in LoadOptions) Row(option);
            return text.ToString();
        }
        text.Append(CliOptions.Intro);
        foreach (var (title, options) in Sections)
        {
            text.Append(title).Append('\n');
            foreach (var option in options) Row(option);
        }
        text.Append(CliOptions.Epilogue);
        return text.ToString();
    }

    private static string Flag(AnalysisOption option) => option switch
    {
        AnalysisOption.SessionGap => "--session-gap",
        AnalysisOption.ChokepointPercentile => "--percentile",
        AnalysisOption.BetweennessSampleAbove => "--sample-above",
        AnalysisOption.Goals => "--goal-page/--goal-event",
        AnalysisOption.GainReduction => "--gain-reduction",
        AnalysisOption.MinSupport => "--min-support",
        AnalysisOption.PageRules => "--page-rules",
        _ => "--samples",
    };
}
