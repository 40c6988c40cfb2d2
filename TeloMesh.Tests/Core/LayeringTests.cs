using System.Text.RegularExpressions;

namespace TeloMesh.Tests.Core;

/// <summary>
/// The folders of TeloMesh.Core point down: a folder uses only folders listed before it in <see cref="Layers"/>. Read
/// from the source (using directives and namespace-qualified names outside comments), so a change that makes two
/// folders depend on each other fails here, not in a review months later.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>Lowest first; README's Development section explains the order.</summary>
    private static readonly string[] Layers =
    [
        "Text", "Stages", "Events", "Grouping", "Import", "Sessions", "Journeys", "Graph", "Metrics", "Friction", "Pipeline", "Comparison", "Heatmap",
        "Export", "Synthetic", "Datasets", "Warehouse", "ClickHouse",
    ];

    private static string CoreFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !Directory.Exists(Path.Combine(folder.FullName, "TeloMesh.Core"))) folder = folder.Parent;
        return Path.Combine(folder?.FullName ?? throw new DirectoryNotFoundException("TeloMesh.Core not found above the test folder"), "TeloMesh.Core");
    }

    [GeneratedRegex(@"^\s*//")]
    private static partial Regex Comment();

    [GeneratedRegex(@"TeloMesh\.Core\.(\w+)|(?<![\w.])(\w+)\.[A-Z]")]
    private static partial Regex Reference();

    [Fact]
    public void Every_folder_uses_only_the_folders_below_it()
    {
        var core = CoreFolder();
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        Assert.Equal(folders.Order(), Layers.Order()); // a new folder gets its place in the list

        var upward = new List<string>();
        foreach (var folder in Layers)
        {
            var rank = Array.IndexOf(Layers, folder);
            foreach (var file in Directory.GetFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (var line in File.ReadLines(file).Where(l => !Comment().IsMatch(l)))
                {
                    foreach (Match match in Reference().Matches(line))
                    {
                        var used = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
                        if (Array.IndexOf(Layers, used) > rank)
                            upward.Add($"{folder}/{Path.GetFileName(file)} uses {used}: {line.Trim()}");
                    }
                }
            }
        }
        Assert.Empty(upward);
    }
}
