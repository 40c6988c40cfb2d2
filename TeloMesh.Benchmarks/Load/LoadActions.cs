using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace TeloMesh.Benchmarks.Load;

/// <summary>Latencies per action and every error, shared by all sessions.</summary>
internal sealed class LoadRecorder
{
    public ConcurrentDictionary<string, ConcurrentBag<double>> Latencies { get; } = new(StringComparer.Ordinal);
    public ConcurrentBag<string> Errors { get; } = [];

    /// <summary>Runs <paramref name="action"/> and records its time in milliseconds, or its failure.</summary>
    public async Task<bool> TimeAsync(string name, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await action();
            Latencies.GetOrAdd(name, _ => []).Add(clock.Elapsed.TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or InvalidOperationException)
        {
            Errors.Add($"{name}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            return false;
        }
    }

    /// <summary>Whatever the page itself reports: uncaught script errors, console errors, failed responses.</summary>
    public void Watch(IPage page, string who)
    {
        page.PageError += (_, error) => Errors.Add($"{who}: page error: {error.Split('\n')[0]}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error") Errors.Add($"{who}: console: {message.Text.Split('\n')[0]}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400) Errors.Add($"{who}: HTTP {response.Status} {response.Url}");
        };
    }
}

/// <summary>One user's loop through the dashboard: datasets, friction (filter, export), heatmap (export).</summary>
internal static class DashboardSession
{
    private static readonly LocatorWaitForOptions Slow = new() { Timeout = 90_000 };

    public static async Task RunAsync(IBrowser browser, Uri baseAddress, int number, DateTime deadline, LoadRecorder recorder)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), AcceptDownloads = true });
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        recorder.Watch(page, $"session {number}");
        var terms = new[] { "product", "cart", "search", "checkout", "home", "account" };
        for (var round = 0; DateTime.UtcNow < deadline; round++)
        {
            var ok = await recorder.TimeAsync("open datasets", async () =>
            {
                await page.GotoAsync("datasets");
                await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
                await page.Locator("[data-testid=open-demo]").WaitForAsync(Slow);
            });
            ok = ok && await recorder.TimeAsync("open friction", async () =>
            {
                await page.Locator("[data-testid=open-demo]").ClickAsync();
                await page.Locator("[data-testid=row-count]").WaitForAsync(Slow);
            });
            ok = ok && await recorder.TimeAsync("filter friction", async () =>
            {
                var count = page.Locator("[data-testid=row-count]");
                var before = await count.InnerTextAsync();
                await page.Locator("input[placeholder='Search pages and events']").FillAsync(terms[(number + round) % terms.Length]);
                await page.WaitForFunctionAsync("before => document.querySelector('[data-testid=row-count]').innerText !== before", before,
                    new PageWaitForFunctionOptions { Timeout = 90_000 });
            });
            ok = ok && await recorder.TimeAsync("export friction csv", () => DownloadAsync(page, "[data-testid=export-friction]"));
            ok = ok && await recorder.TimeAsync("open heatmap", async () =>
            {
                await page.GotoAsync("datasets/demo/heatmap");
                await page.Locator("[data-interactive=true]").WaitForAsync(Slow);
                await page.Locator(".heat-node").First.WaitForAsync(Slow);
            });
            ok = ok && await recorder.TimeAsync("export heatmap html", () => DownloadAsync(page, "[data-testid=export-heatmap]"));
            if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
                recorder.Errors.Add($"session {number}: the Blazor error bar is showing");
            if (!ok) await Task.Delay(1000); // after a failure, start the round again from the datasets page
        }
        // The user closes the tab: the page's unload handlers run, and Blazor tells the server the circuit is done.
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
    }

    private static async Task DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(selector).First.ClickAsync(),
            new PageRunAndWaitForDownloadOptions { Timeout = 90_000 });
        var path = await download.PathAsync();
        if (new FileInfo(path).Length == 0) throw new InvalidOperationException($"{download.SuggestedFilename} is empty");
        await download.DeleteAsync();
    }

    /// <summary>Uploads <paramref name="file"/> through the upload page, again and again, until the deadline.</summary>
    public static async Task UploadAsync(IBrowser browser, Uri baseAddress, int number, string file, DateTime deadline, LoadRecorder recorder, ConcurrentBag<string> uploaded)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout(300_000);
        var page = await context.NewPageAsync();
        recorder.Watch(page, $"uploader {number}");
        for (var round = 0; round == 0 || DateTime.UtcNow < deadline; round++)
        {
            var name = $"upload-{number}-{round}";
            var ok = await recorder.TimeAsync("upload and analyse", async () =>
            {
                await page.GotoAsync("upload");
                await page.Locator("[data-testid=drop-zone][data-ready=true]").WaitForAsync(new() { Timeout = 90_000 });
                await page.Locator("[data-testid=file-input]").SetInputFilesAsync(file);
                await page.Locator("input[data-testid=dataset-name]").FillAsync(name);
                await page.Locator("[data-testid=upload-button]").ClickAsync();
                await page.Locator("[data-testid=validation]").WaitForAsync(new() { Timeout = 300_000 });
            });
            if (ok) uploaded.Add(name);
        }
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
    }
}
