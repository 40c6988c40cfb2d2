using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// The real dashboard on a loopback port (Kestrel, not the in-memory test server) over a temporary data folder, and
/// the system Chromium driven by Playwright. Started once for the end-to-end tests and stopped after them.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TestFiles.TempFolder _folder = new();
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string DataRoot => _folder.File("data");
    public string OutputsRoot => _folder.File("outputs");
    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the run saves a screenshot of each page: TestResults/screenshots at the repository root.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TeloMesh.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"The end-to-end tests need Chromium at {ChromiumPath}: run ./test.sh (it installs it) or `sudo apt-get install -y chromium`.");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("TeloMesh:DataRoot", DataRoot);
            web.UseSetting("TeloMesh:OutputsRoot", OutputsRoot);
            web.UseSetting("TeloMesh:DemoUsers", "150");
            web.UseSetting("TeloMesh:DemoEventsPerUser", "20");
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());
        Directory.CreateDirectory(ScreenshotFolder);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser page (own cookies) at <paramref name="path"/>, waiting until the circuit is interactive.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
        return page;
    }

    public static async Task WaitInteractiveAsync(IPage page) =>
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardServer>
{
    public const string Name = "dashboard";
}
