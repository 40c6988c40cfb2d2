using System.Text.RegularExpressions;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.Datasets;

/// <summary>
/// Where a dataset lives: its source in <c>{data}/{name}/events.csv</c>, its results in <c>{outputs}/{name}/</c>.
/// The command line and the dashboard share these folders. A name is 1-64 letters, digits, <c>-</c>, <c>_</c> or
/// <c>.</c>, not starting with a dot, so it can never point outside the roots.
/// </summary>
public sealed partial record DatasetPaths(string DataRoot, string OutputsRoot, string Name)
{
    public const string DefaultName = "default";
    public const string EventsFileName = "events.csv";

    public string DataDirectory => Path.Combine(DataRoot, Name);
    public string EventsFile => Path.Combine(DataDirectory, EventsFileName);
    public string OutputDirectory => Path.Combine(OutputsRoot, Name);
    public string Output(string fileName) => Path.Combine(OutputDirectory, fileName);

    public static DatasetPaths Create(string dataRoot, string outputsRoot, string name)
    {
        if (ValidationError(name) is { } problem) throw new InvalidInputException(problem);
        return new DatasetPaths(Path.GetFullPath(dataRoot), Path.GetFullPath(outputsRoot), name);
    }

    /// <summary>Why <paramref name="name"/> cannot name a dataset, or <see langword="null"/>.</summary>
    public static string? ValidationError(string name) =>
        NamePattern().IsMatch(name) && !ReservedNames.Contains(name)
            ? null
            : $"'{name}' cannot be a dataset name: use 1-64 letters, digits, '-', '_' or '.', not starting with '.'.";

    // Windows device names: a dataset folder may be copied to a Windows machine.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
        { "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3" };

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
