using TeloMesh.Core.Export;

namespace TeloMesh.Core.Datasets;

/// <summary>A dataset found on disk: its name, paths, and its <c>dataset_info.json</c> when it has been parsed.</summary>
public sealed record DatasetEntry(DatasetPaths Paths, DatasetInfo? Info)
{
    public string Name => Paths.Name;

    /// <summary>Whether a complete analysis is on disk (<c>dataset_info.json</c> is written last, with the analysis time).</summary>
    public bool IsAnalysed => Info?.AnalysedUtc is not null;
}

/// <summary>What a dataset reads its events from.</summary>
public enum DatasetKind
{
    /// <summary>An event file in its data folder: a CSV or a vendor export (<see cref="DatasetPaths.FindSource"/>).</summary>
    EventFile,

    /// <summary>A ClickHouse table, described by <c>clickhouse.json</c> in its data folder.</summary>
    ClickHouseTable,
}

/// <summary>Lists the datasets under the data root: every folder with a valid name that holds a source file
/// or a ClickHouse dataset description.</summary>
public static class DatasetCatalog
{
    /// <summary>
    /// The one definition of "this dataset exists": what it reads, or null when there is no dataset of that name. A
    /// ClickHouse description wins over an event file beside it, as it does when the dataset is analysed.
    /// </summary>
    public static DatasetKind? KindOf(DatasetPaths paths) =>
        File.Exists(paths.TableDescriptionFile) ? DatasetKind.ClickHouseTable
        : paths.FindSource() is not null ? DatasetKind.EventFile
        : null;

    public static bool Exists(DatasetPaths paths) => KindOf(paths) is not null;

    public static IReadOnlyList<DatasetEntry> List(string dataRoot, string outputsRoot)
    {
        if (!Directory.Exists(dataRoot)) return [];
        return Directory.GetDirectories(dataRoot)
            .Select(Path.GetFileName)
            .Where(name => name is not null && DatasetPaths.ValidationError(name) is null)
            .Select(name => DatasetPaths.Create(dataRoot, outputsRoot, name!))
            .Where(Exists)
            .Select(paths => new DatasetEntry(paths, DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
    }
}
