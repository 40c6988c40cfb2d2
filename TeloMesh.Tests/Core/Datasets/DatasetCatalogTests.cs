using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Datasets;

namespace TeloMesh.Tests.Core.Datasets;

/// <summary>
/// "Does this dataset exist" has one answer, which the list, the store and the upload all use. (No "ClickHouse" in
/// the test names: ./test-fast.sh leaves those out as needing servers, and these need none.)
/// </summary>
public sealed class DatasetCatalogTests : IDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private DatasetPaths Paths(string name) => DatasetPaths.Create(_folder.File("data"), _folder.File("outputs"), name);

    private DatasetPaths WithFile(string name, string file)
    {
        var paths = Paths(name);
        Directory.CreateDirectory(paths.DataDirectory);
        File.WriteAllText(Path.Combine(paths.DataDirectory, file), "user_id,timestamp,page,event\n");
        return paths;
    }

    [Fact]
    public void A_dataset_exists_when_its_folder_holds_an_event_file_or_a_table_description()
    {
        var csv = WithFile("csv", "events.csv");
        var ga4 = WithFile("ga4", "events.ga4");
        var table = WithFile("table", ClickHouseDataset.FileName);
        var empty = WithFile("empty", "notes.txt"); // a folder with something else in it is no dataset
        var both = WithFile("both", "events.csv");
        WithFile("both", ClickHouseDataset.FileName);

        Assert.Equal(DatasetKind.EventFile, DatasetCatalog.KindOf(csv));
        Assert.Equal(DatasetKind.EventFile, DatasetCatalog.KindOf(ga4));
        Assert.Equal(DatasetKind.ClickHouseTable, DatasetCatalog.KindOf(table));
        Assert.Null(DatasetCatalog.KindOf(empty));
        Assert.Null(DatasetCatalog.KindOf(Paths("never-made")));
        // The table is what such a dataset analyses, so that is what it is.
        Assert.Equal(DatasetKind.ClickHouseTable, DatasetCatalog.KindOf(both));

        // The list holds exactly the folders that exist by that definition, in name order.
        Assert.Equal(["both", "csv", "ga4", "table"], DatasetCatalog.List(_folder.File("data"), _folder.File("outputs")).Select(d => d.Name));
    }
}
