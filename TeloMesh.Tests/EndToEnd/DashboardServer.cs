using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>
/// The real dashboard on a loopback port (Kestrel, not the in-memory test server) over a temporary data folder, and
/// the system Chromium driven by Playwright. Started once for the end-to-end tests and stopped after them. Every page
/// it opens reports content security policy violations, which <see cref="TakeCspViolations"/> hands to the tests.
/// </summary>
public class DashboardServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TestFiles.TempFolder _folder = new();
    private readonly List<string> _cspViolations = [];
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    /// <summary>The access key the server is started with; null for the default, loopback without sign-in.</summary>
    public virtual string? AccessKey => null;

    public string DataRoot => _folder.File("data");
    public string OutputsRoot => _folder.File("outputs");
    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the run saves a screenshot of each page: TestResults/screenshots at the repository root.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public static string RepositoryRoot()
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
            if (AccessKey is not null) web.UseSetting("TeloMesh:AccessKey", AccessKey);
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

    /// <summary>
    /// A fresh browser page (own cookies) at <paramref name="path"/>, waiting until the circuit is interactive; signed
    /// in first through the sign-in page when the server has an access key.
    /// </summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await NewPageAsync();
        if (AccessKey is not null)
        {
            await page.GotoAsync("signin?returnUrl=" + Uri.EscapeDataString("/" + path.TrimStart('/')));
            await page.Locator("[data-testid=access-key]").FillAsync(AccessKey);
            await page.Locator("[data-testid=signin-button]").ClickAsync();
        }
        else
        {
            await page.GotoAsync(path);
        }
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>A fresh browser page with its own cookies, not yet anywhere, whose CSP violations are recorded.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        // Both ways a browser reports a blocked resource: the DOM event (heard by a script Playwright adds outside the
        // page's policy) and the console message Chromium prints.
        await context.ExposeFunctionAsync("telomeshCspViolation", (string report) => RecordViolation(report));
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.telomeshCspViolation(" +
            "e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));");
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) RecordViolation(message.Text);
        };
        return page;
    }

    private void RecordViolation(string report)
    {
        lock (_cspViolations) _cspViolations.Add(report);
    }

    /// <summary>The violations reported since the last call, which are then forgotten.</summary>
    public IReadOnlyList<string> TakeCspViolations()
    {
        lock (_cspViolations)
        {
            var taken = _cspViolations.ToList();
            _cspViolations.Clear();
            return taken;
        }
    }

    /// <summary>An HTTP client for the server that keeps cookies, signed in when the server has an access key.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync()
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (AccessKey is null) return http;
        var response = await http.PostAsync("account/signin", new FormUrlEncodedContent([new("key", AccessKey)]));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
            throw new InvalidOperationException($"Signing in to the test server failed: {response.StatusCode} {response.Headers.Location}");
        return http;
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

/// <summary>
/// The base of the end-to-end tests: after each test, no page it opened may have hit the content security policy (a
/// violation means the policy broke part of the dashboard, or something ran that should not have).
/// </summary>
public abstract class DashboardTest(DashboardServer server) : IAsyncLifetime
{
    protected DashboardServer Server { get; } = server;

    public Task InitializeAsync()
    {
        Server.TakeCspViolations();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Assert.Empty(Server.TakeCspViolations());
        return Task.CompletedTask;
    }
}
