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
    [InlineData("x\n")]
    [InlineData("x\r\n")]
    [InlineData("com5")]
    [InlineData("LPT9")]
    [InlineData("com0")]
    [InlineData("aux.csv")]
    [InlineData("con.txt")]
    [InlineData("Nul.tar.gz")]
    [InlineData("a.")]
    [InlineData("shop..")]
    public void Names_a_file_system_would_change_or_refuse_are_refused_with_the_rule(string name)
    {
        var problem = DatasetPaths.ValidationError(name);
        Assert.NotNull(problem);
        Assert.Contains("not starting or ending with '.'", problem, StringComparison.Ordinal);
        Assert.Contains("not a Windows device name", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem); // shown as \u000a, so the message stays one line
    }

    [Theory]
    [InlineData("console")]   // a device name is the whole base name, not its start
    [InlineData("com10")]
    [InlineData("auxiliary.2025")]
    [InlineData("a")]
    [InlineData("a.b")]
    [InlineData("shop-")]
    public void Names_that_only_look_like_devices_or_dots_are_accepted(string name) => Assert.Null(DatasetPaths.ValidationError(name));

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
