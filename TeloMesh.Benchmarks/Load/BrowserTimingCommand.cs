using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace TeloMesh.Benchmarks.Load;

/// <summary>
/// <c>timing-browser</c>: the dashboard's speed as a user meets it, in Debian's Chromium against the real server on
/// loopback: a 100 MB CSV uploaded through the upload page, a friction grid of 50,000 rows (opened, filtered, cleared)
/// and a heatmap of 500 pages drawn. Each is timed from the user's action to what the user waits for on screen.
/// </summary>
internal static class BrowserTimingCommand
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(TextWriter output)
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            output.WriteLine("error: timing-browser drives Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium");
            return 2;
        }
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Chromium headless, loopback");
        var upload = SyntheticInput.File(1_750_000);
        output.WriteLine(string.Create(C, $"upload file: {new FileInfo(upload).Length / 1e6:0} MB"));
        await using var host = new LoadHost(demoUsers: 200);
        var grid = Path.Combine(host.Folder, "data", "grid");
        Directory.CreateDirectory(grid);
        File.WriteAllText(Path.Combine(grid, "events.csv"), GridCsv());
        var clock = Stopwatch.StartNew();
        await host.Store.GetAsync("grid");
        output.WriteLine(string.Create(C, $"grid dataset (500 pages x 100 events) analysed on the server in {clock.Elapsed.TotalSeconds:0.00} s"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        context.SetDefaultTimeout(300_000);
        var page = await context.NewPageAsync();

        // Warm up the server's rendering of each page once, so the numbers are not the JIT's.
        await page.GotoAsync("datasets/demo/friction");
        await page.Locator("[data-testid=row-count]").WaitForAsync();
        await page.GotoAsync("datasets/demo/heatmap");
        await page.Locator(".heat-node").First.WaitForAsync();

        async Task<double> Time(Func<Task> action)
        {
            var watch = Stopwatch.StartNew();
            await action();
            return watch.Elapsed.TotalSeconds;
        }

        var stored = 0.0;
        var analysed = await Time(async () =>
        {
            await page.GotoAsync("upload");
            await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync();
            await page.Locator("[data-testid=file-input]").SetInputFilesAsync(upload);
            await page.Locator("input[data-testid=dataset-name]").FillAsync("big");
            var target = Path.Combine(host.Folder, "data", "big", "events.csv");
            var length = new FileInfo(upload).Length;
            var watch = Stopwatch.StartNew();
            await page.Locator("[data-testid=upload-button]").ClickAsync();
            while (!(File.Exists(target) && new FileInfo(target).Length == length)) await Task.Delay(10);
            stored = watch.Elapsed.TotalSeconds;
            await page.Locator("[data-testid=validation]").WaitForAsync();
        });
        output.WriteLine(string.Create(C, $"upload of {new FileInfo(upload).Length / 1e6:0} MB through the page: stored in {stored:0.00} s; with its first analysis {analysed:0.00} s"));

        var open = await Time(async () =>
        {
            await page.GotoAsync("datasets/grid/friction");
            await page.Locator("[data-interactive=true]").WaitForAsync();
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=row-count]')?.innerText.startsWith('50,000 of 50,000')");
        });
        var filter = await Time(async () =>
        {
            await page.Locator("input[placeholder='Search pages and events']").FillAsync("/p42");
            await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=row-count]').innerText.startsWith('50,000 of')");
        });
        var clear = await Time(async () =>
        {
            await page.Locator("input[placeholder='Search pages and events']").FillAsync("");
            await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=row-count]').innerText.startsWith('50,000 of')");
        });
        var next = await Time(async () =>
        {
            var first = await page.Locator("tbody tr").First.InnerTextAsync();
            await page.Locator("button[aria-label='Next page']").ClickAsync();
            await page.WaitForFunctionAsync("first => document.querySelector('tbody tr').innerText !== first", first);
        });
        output.WriteLine(string.Create(C, $"friction grid of 50,000 rows: opened {open:0.00} s, filtered {filter:0.00} s, filter cleared {clear:0.00} s, next page {next:0.00} s"));

        var nodes = 0;
        var heatmap = await Time(async () =>
        {
            await page.GotoAsync("datasets/grid/heatmap");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.heat-node').length >= 500");
            nodes = await page.Locator(".heat-node").CountAsync();
        });
        await page.GotoAsync("datasets/grid/friction");
        await page.Locator("[data-testid=row-count]").WaitForAsync();
        var again = await Time(async () =>
        {
            await page.GotoAsync("datasets/grid/heatmap");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('.heat-node').length >= 500");
        });
        output.WriteLine(string.Create(C, $"heatmap of {nodes} pages: drawn in {heatmap:0.00} s from navigation, {again:0.00} s the next time"));
        return 0;
    }

    /// <summary>
    /// 500 pages and 100 events, every (page, event) pair present: 50,000 friction rows. 20,000 sessions of 10 steps,
    /// seeded, so pages link to many others.
    /// </summary>
    private static string GridCsv()
    {
        var random = new Random(3);
        var text = new StringBuilder("user_id,timestamp,page,event,session_id\n");
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var pair = 0;
        for (var session = 0; session < 20_000; session++)
            for (var step = 0; step < 10; step++)
            {
                // The first 50,000 steps walk every pair once; the rest are random.
                var (page, evt) = pair < 50_000 ? (pair / 100, pair % 100) : (random.Next(500), random.Next(100));
                pair++;
                text.Append(C, $"u{session % 3000},{start.AddMinutes(session).AddSeconds(step):yyyy-MM-ddTHH:mm:ssZ},/p{page},e{evt},s{session}\n");
            }
        return text.ToString();
    }
}
