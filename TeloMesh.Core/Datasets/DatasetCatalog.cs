using TeloMesh.Core.Export;

namespace TeloMesh.Core.Datasets;

/// <summary>A dataset found on disk: its name, paths, and its <c>dataset_info.json</c> when it has been parsed.</summary>
public sealed record DatasetEntry(DatasetPaths Paths, DatasetInfo? Info)
{
    public string Name => Paths.Name;

    /// <summary>Whether a complete analysis is on disk (<c>dataset_info.json</c> is written last, with the analysis time).</summary>
    public bool IsAnalysed => Info?.AnalysedUtc is not null;
}

/// <summary>Lists the datasets under the data root: every folder with a valid name that holds a source file
/// or a ClickHouse dataset description.</summary>
public static class DatasetCatalog
{
    public static IReadOnlyList<DatasetEntry> List(string dataRoot, string outputsRoot)
    {
        if (!Directory.Exists(dataRoot)) return [];
        return Directory.GetDirectories(dataRoot)
            .Select(Path.GetFileName)
            .Where(name => name is not null && DatasetPaths.ValidationError(name) is null)
            .Select(name => DatasetPaths.Create(dataRoot, outputsRoot, name!))
            .Where(paths => paths.Exists())
            .Select(paths => new DatasetEntry(paths, DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();
    }
}
