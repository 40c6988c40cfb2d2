using Microsoft.Playwright;

namespace TeloMesh.Tests.EndToEnd;

/// <summary>Uploads and downloads for the end-to-end tests.</summary>
internal static class EndToEndFiles
{
    /// <summary>Puts the tiny example on the server as <paramref name="name"/> through the upload endpoint, once.</summary>
    public static async Task EnsureTinyAsync(DashboardServer server, string name)
    {
        using var http = await server.CreateSignedInClientAsync();
        var response = await Web.AntiforgeryUpload.PostAsync(http, name, await File.ReadAllBytesAsync(TestFiles.Fixture("tiny", "events.csv")));
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == System.Net.HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Clicks <paramref name="selector"/>, waits for the download and returns its name and text.</summary>
    public static async Task<(string Name, string Text)> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(selector).First.ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllTextAsync(path));
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
