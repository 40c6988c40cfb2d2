using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// A bUnit context with MudBlazor and the dashboard's services over a temporary data folder that holds the tiny
/// example as dataset <c>tiny</c>.
/// </summary>
public sealed class WebTestContext : IAsyncDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public WebTestContext()
    {
        var options = new TeloMeshOptions { DataRoot = _folder.File("data"), OutputsRoot = _folder.File("outputs"), CreateDemoDataset = false };
        var tiny = Path.Combine(options.DataRoot, "tiny");
        Directory.CreateDirectory(tiny);
        File.Copy(TestFiles.Fixture("tiny", "events.csv"), Path.Combine(tiny, "events.csv"));
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        Bunit.Services.AddMudServices();
        Bunit.Services.AddSingleton(Options.Create(options));
        Bunit.Services.AddSingleton(TimeProvider.System);
        Bunit.Services.AddSingleton<AnalysisStore>();
        Bunit.Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgeryToken>();
        Bunit.Render<MudBlazor.MudPopoverProvider>();
    }

    public BunitContext Bunit { get; } = new();

    /// <summary>Adds a dataset called <paramref name="name"/> whose source is <paramref name="csv"/>.</summary>
    public void AddDataset(string name, string csv)
    {
        var folder = Path.Combine(_folder.File("data"), name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "events.csv"), csv);
    }

    /// <summary>The token a page would have been served with; bUnit has no request to take one from.</summary>
    private sealed class FixedAntiforgeryToken : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }

    /// <summary>MudBlazor's services are only asynchronously disposable.</summary>
    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        _folder.Dispose();
    }
}
