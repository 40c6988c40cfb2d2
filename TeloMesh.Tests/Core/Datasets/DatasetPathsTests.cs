using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;

namespace TeloMesh.Tests.Core.Datasets;

public class DatasetPathsTests
{
    public static TheoryData<string> HostileNames => new() { "../x", "/etc", "con", "CON", "a/b", "a\\b", "", ".hidden", new string('a', 500), "nul" };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Names_that_could_leave_the_data_folder_are_refused(string name)
    {
        Assert.NotNull(DatasetPaths.ValidationError(name));
        Assert.Throws<InvalidInputException>(() => DatasetPaths.Create("data", "outputs", name));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("shop-2025.q1")]
    [InlineData("A_b-9")]
    public void Ordinary_names_map_to_folders_under_the_roots(string name)
    {
        var paths = DatasetPaths.Create("data", "outputs", name);
        Assert.Equal(Path.Combine(Path.GetFullPath("data"), name, "events.csv"), paths.EventsFile);
        Assert.Equal(Path.Combine(Path.GetFullPath("outputs"), name), paths.OutputDirectory);
        Assert.Equal(Path.Combine(Path.GetFullPath("data"), name, "events.ga4"), paths.SourceFile(EventFormat.Ga4));
    }
}
