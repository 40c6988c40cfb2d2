using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TeloMesh.Tests.Web;

/// <summary>The app in-process over a temporary data folder, with an HTTP client, for tests of the endpoints.</summary>
internal sealed class InProcessDashboard : IAsyncDisposable
{
    private readonly TestFiles.TempFolder _folder = new();
    private readonly WebApplicationFactory<Program> _factory;

    public InProcessDashboard()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("TeloMesh:DataRoot", _folder.File("data"));
            web.UseSetting("TeloMesh:OutputsRoot", _folder.File("outputs"));
            web.UseSetting("TeloMesh:CreateDemoDataset", "false");
        });
        Http = _factory.CreateClient();
    }

    public HttpClient Http { get; }

    /// <summary>Uploads <paramref name="csv"/> as dataset <paramref name="name"/>, as a script does.</summary>
    public async Task UploadAsync(string name, byte[] csv) =>
        Assert.Equal(HttpStatusCode.Created, (await AntiforgeryUpload.PostAsync(Http, name, csv)).StatusCode);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        _folder.Dispose();
    }
}
