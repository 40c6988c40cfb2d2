using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Services;

/// <summary>
/// The finished analyses, shared by every user of the dashboard (a singleton; results are immutable). A dataset is
/// analysed once, with the options recorded in its <c>dataset_info.json</c> (the defaults when there are none), and
/// concurrent requests for the same dataset wait for the same work.
/// </summary>
public sealed class AnalysisStore(IOptions<TeloMeshOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<AnalysisResult>>> _results = new(StringComparer.Ordinal);

    public TeloMeshOptions Options => options.Value;

    public IReadOnlyList<DatasetEntry> Datasets() => DatasetCatalog.List(Options.DataRoot, Options.OutputsRoot);

    public DatasetPaths Paths(string name) => DatasetPaths.Create(Options.DataRoot, Options.OutputsRoot, name);

    /// <summary>The analysis of dataset <paramref name="name"/>, computed on first use.</summary>
    public Task<AnalysisResult> GetAsync(string name)
    {
        var paths = Paths(name);
        var lazy = _results.GetOrAdd(name, _ => new Lazy<Task<AnalysisResult>>(() => Task.Run(() => Analyze(paths))));
        if (lazy.Value.IsFaulted) _results.TryRemove(new(name, lazy)); // let a later visit try again
        return lazy.Value;
    }

    private AnalysisResult Analyze(DatasetPaths paths)
    {
        var recorded = DatasetInfo.TryRead(paths.Output(Core.Export.OutputFileNames.DatasetInfo))?.Options;
        return DatasetRunner.AnalyzeAndWrite(paths, recorded?.ToOptions() ?? AnalysisOptions.Default, clock).Result;
    }
}
