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

    /// <summary>Where a TeloMesh CSV source is kept: <c>events.csv</c>.</summary>
    public string EventsFile => Path.Combine(DataDirectory, EventsFileName);

    /// <summary>
    /// Where a source of <paramref name="format"/> is kept, byte for byte as given: <c>events.csv</c>, or
    /// <c>events.mixpanel</c>, <c>events.amplitude</c>, <c>events.ga4</c> for vendor exports (compressed or not).
    /// </summary>
    public string SourceFile(Import.EventFormat format) =>
        format == Import.EventFormat.Telomesh ? EventsFile : Path.Combine(DataDirectory, "events." + Import.EventFormats.Name(format));

    /// <summary>The dataset's source and its format, or null when it has none.</summary>
    public (string Path, Import.EventFormat Format)? FindSource()
    {
        foreach (var format in Enum.GetValues<Import.EventFormat>())
            if (File.Exists(SourceFile(format))) return (SourceFile(format), format);
        return null;
    }

    /// <summary>The name of a warehouse table's description in the data folder, kept instead of an event file.</summary>
    public const string TableDescriptionFileName = "clickhouse.json";

    /// <summary>Where a dataset whose events stay in a ClickHouse table keeps its description (ClickHouse.ClickHouseDataset); <see cref="DatasetCatalog.KindOf"/> says whether a dataset has one.</summary>
    public string TableDescriptionFile => Path.Combine(DataDirectory, TableDescriptionFileName);

    public string OutputDirectory => Path.Combine(OutputsRoot, Name);
    public string Output(string fileName) => Path.Combine(OutputDirectory, fileName);

    public static DatasetPaths Create(string dataRoot, string outputsRoot, string name)
    {
        if (ValidationError(name) is { } problem) throw new InvalidInputException(problem);
        return new DatasetPaths(Path.GetFullPath(dataRoot), Path.GetFullPath(outputsRoot), name);
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot name a dataset, or <see langword="null"/>: 1-64 letters, digits, <c>-</c>,
    /// <c>_</c> or <c>.</c>, not starting or ending with a dot (Windows drops a trailing dot, so <c>a.</c> would be
    /// <c>a</c> there), and not a Windows device name with or without an extension (<c>con</c>, <c>aux.csv</c>,
    /// <c>com5</c>, <c>lpt9.txt</c>): a dataset folder may be copied to a Windows machine.
    /// </summary>
    public static string? ValidationError(string name) =>
        NamePattern().IsMatch(name) && !DeviceName().IsMatch(name)
            ? null
            : $"'{Shown(name)}' cannot be a dataset name: use 1-64 letters, digits, '-', '_' or '.', not starting or ending with '.', " +
              "and not a Windows device name (con, prn, aux, nul, com0-com9, lpt0-lpt9, with or without an extension).";

    /// <summary>A refused name as the message shows it: control characters visible, at most 80 characters.</summary>
    private static string Shown(string name)
    {
        var visible = string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return visible.Length <= 80 ? visible : visible[..80] + "…";
    }

    // \z, not $: $ also matches before a final newline, which would let "x\n" through.
    [GeneratedRegex(@"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?\z", RegexOptions.IgnoreCase)]
    private static partial Regex DeviceName();

    [GeneratedRegex(@"^[A-Za-z0-9_-]([A-Za-z0-9._-]{0,62}[A-Za-z0-9_-])?\z")]
    private static partial Regex NamePattern();
}
