using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Cli;

/// <summary>
/// The kinds of option (text, flag, count, time, a value read by a conversion) and the conversions: how each option's
/// text becomes a value, and the usage error, naming the option and what it expects, when it does not.
/// </summary>
public sealed partial class CliParser
{
    /// <summary>An option that may be given several times, one value each time.</summary>
    private static Option<string[]> Repeated(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The rules of <c>--page-rules FILE</c>; a missing file or a bad rule is a usage error naming the file (and the rule's line).</summary>
    private static Core.Grouping.PageRules ReadPageRules(string file)
    {
        if (!File.Exists(file)) throw new UsageException($"--page-rules: '{file}' does not exist.");
        try
        {
            return Core.Grouping.PageRules.Parse(File.ReadAllText(file));
        }
        catch (InvalidInputException e)
        {
            throw new UsageException($"--page-rules {file}: {e.Message}");
        }
    }

    private static Option<string> Text(string name, string helpName, string description, params string[] aliases) =>
        new(name, aliases) { HelpName = helpName, Description = description };

    private static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, Arity = ArgumentArity.Zero };

    private static Option<int> Count(string name, int minimum, string description) => Valued(name, "N", description, (option, text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum
            ? n
            : throw new UsageException($"{option} expects a whole number of at least {minimum}, got '{text}'."));

    private static Option<DateTime> Time(string name, string description) => Valued(name, "TIME", description, (option, text) =>
        TimestampParser.TryParse(text, out var ticks, out _)
            ? new DateTime(ticks, DateTimeKind.Utc)
            : throw new UsageException($"{option} expects a time such as 2025-03-01 or 2025-03-01T09:00:00Z, got '{text}'."));

    /// <summary>An option with one value, read by <paramref name="convert"/> (option name, text), which throws a <see cref="UsageException"/>.</summary>
    private static Option<T> Valued<T>(string name, string helpName, string description, Func<string, string, T> convert) => new(name)
    {
        HelpName = helpName,
        Description = description,
        CustomParser = r => Parsed(r, convert),
    };

    /// <summary>Runs a conversion on an option's one value; its <see cref="UsageException"/> becomes the parse error.</summary>
    private static T Parsed<T>(ArgumentResult result, Func<string, string, T> convert)
    {
        var option = (result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name;
        try
        {
            return convert(option, result.Tokens[^1].Value);
        }
        catch (UsageException e)
        {
            result.AddError(e.Message);
            return default!;
        }
    }

    private static double Number(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new UsageException($"{option} expects a number, got '{value}'.");

    private static CliStage Stage(string option, string value) =>
        string.Equals(value, "chokepoints", StringComparison.OrdinalIgnoreCase) ? CliStage.Analysis : Enum<CliStage>(option, value);

    private static T Enum<T>(string option, string value) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var result) && !int.TryParse(value, out _)
            ? result
            : throw new UsageException($"{option} expects one of {string.Join("|", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{value}'.");

    private static Core.Import.EventFormat Format(string option, string value) =>
        Core.Import.EventFormats.TryParse(value, out var format)
            ? format
            : throw new UsageException($"{option} expects telomesh|mixpanel|amplitude|ga4, got '{value}'.");

    private static CompatMode Compat(string option, string value) => value.ToLowerInvariant() switch
    {
        "telomesh" => CompatMode.TeloMesh,
        "none" => CompatMode.Default,
        _ => throw new UsageException($"{option} expects telomesh (or none), got '{value}'."),
    };

    /// <summary>The gap in minutes; out of bounds is refused here already, where a huge number would not make a TimeSpan.</summary>
    private static double Gap(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && AnalysisLimits.SessionGapProblem(minutes) is null
            ? minutes
            : throw new UsageException($"{option} expects {AnalysisLimits.SessionGapExpected}, got '{value}'.");
}
