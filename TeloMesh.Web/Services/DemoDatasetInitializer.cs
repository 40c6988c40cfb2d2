using Microsoft.Extensions.Options;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Web.Services;

/// <summary>
/// On a first start with an empty data folder, generates a seeded demo dataset and analyses it before the server
/// accepts requests, so the first page a newcomer opens shows a working product.
/// </summary>
public sealed class DemoDatasetInitializer(AnalysisStore store, IOptions<TeloMeshOptions> options, ILogger<DemoDatasetInitializer> log) : IHostedService
{
    public const string DemoName = "demo";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.CreateDemoDataset || store.Datasets().Count > 0) return;
        var synthetic = new SyntheticOptions { Users = settings.DemoUsers, EventsPerUser = settings.DemoEventsPerUser };
        var count = await store.GenerateAsync(DemoName, synthetic, cancellationToken);
        log.LogInformation("No datasets yet: generated the demo dataset '{Name}' with {Count} events in {Path}", DemoName, count, store.Paths(DemoName).EventsFile);
        await store.GetAsync(DemoName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
