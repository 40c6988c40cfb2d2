using System.Globalization;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TeloMesh.Core.Stages;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>
/// What the dashboard does when a page goes away (a closed tab ends its circuit, which disposes its components) and
/// when results cannot be written.
/// </summary>
public sealed class ClosedPageTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private AnalysisStore Store => _context.Bunit.Services.GetRequiredService<AnalysisStore>();

    private static string Events(int count)
    {
        var text = new StringBuilder("user_id,timestamp,page,event\n", count * 28);
        for (var i = 0; i < count; i++)
            text.Append(CultureInfo.InvariantCulture, $"u{i % 5000},{1_740_787_200 + i},/p{i * 7 % 50},view\n");
        return text.ToString();
    }

    [Fact]
    public async Task Closing_a_page_cancels_the_analysis_it_started()
    {
        _context.AddDataset("slow", Events(300_000));
        _context.Bunit.Render<Friction>(p => p.Add(x => x.Name, "slow")); // starts analysing "slow" for this page
        await _context.Bunit.DisposeComponentsAsync(); // the tab closes

        // Had the page's analysis run on, it would have stored its result and this call would return it without work.
        // It was cancelled, so this call (waiting for the dataset's lock until the cancelled work stopped) reads the file.
        var stages = new List<PipelineStage>();
        await Store.GetAsync("slow", new SyncProgress<PipelineProgress>(p => stages.Add(p.Stage))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(PipelineStage.Parse, stages);
    }

    [Fact]
    public async Task An_upload_whose_results_cannot_be_written_is_kept_with_the_reason()
    {
        _context.AddDataset("blocked", Events(100));
        var outputs = Store.Paths("blocked").OutputDirectory;
        Directory.CreateDirectory(Path.GetDirectoryName(outputs)!);
        await File.WriteAllTextAsync(outputs, "a file where the outputs folder should be");

        var page = _context.Bunit.Render<Upload>();
        await page.InvokeAsync(() => page.Instance.OnFileChosen("blocked.csv", 100)); // names the dataset "blocked"
        await page.InvokeAsync(() => page.Instance.OnUploadDone(201, "{}")); // the upload endpoint stored it; analyse it

        page.WaitForAssertion(() => Assert.Contains("The results of dataset", page.Find("[data-testid=upload-error]").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(20));
        Assert.Contains("The source file is kept", page.Find("[data-testid=upload-error]").TextContent, StringComparison.Ordinal);
        Assert.True(Store.Exists("blocked")); // not deleted, unlike a file that cannot be analysed at all
    }
}
