using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TeloMesh.Tests.Web;

/// <summary>The app in-process, without an access key, with <paramref name="csv"/> uploaded as dataset <c>shop</c>; its client is <see cref="Http"/>.</summary>
public abstract class UploadedDatasetApp(string csv) : IAsyncLifetime
{
    private readonly TestFiles.TempFolder _folder = new();
    private WebApplicationFactory<Program> _factory = null!;

    protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory = AccessTests.Factory(_folder, key: null);
        Http = _factory.CreateClient();
        var upload = await AntiforgeryUpload.PostAsync(Http, "shop", System.Text.Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        _folder.Dispose();
    }
}
