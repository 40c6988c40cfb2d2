using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TeloMesh.Core.Events;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Components.Controls;
using TeloMesh.Web.Components.Dialogs;

namespace TeloMesh.Tests.Web;

public sealed class ControlTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public void Column_mapping_shows_the_header_and_the_first_rows()
    {
        var preview = new CsvPreview(["user_id", "when", "page", "event"], [["u1", "2025-03-01T10:00:00Z", "/a", "view"]], ',', ["timestamp"]);
        var form = _context.Bunit.Render<ColumnMappingForm>(p => p
            .Add(x => x.Preview, preview)
            .Add(x => x.Mapping, ColumnMapping.Guess(preview.Header)));
        Assert.Equal(["user_id", "when", "page", "event"], form.FindAll("thead th").Select(th => th.TextContent));
        Assert.Equal(["u1", "2025-03-01T10:00:00Z", "/a", "view"], form.FindAll("tbody td").Select(td => td.TextContent));
        Assert.Equal(5, form.FindAll("[data-role]").Count); // user, time, page, event, session
    }

    [Fact]
    public async Task Reanalyse_dialog_returns_the_chosen_options()
    {
        var provider = _context.Bunit.Render<MudDialogProvider>();
        var dialogs = _context.Bunit.Services.GetRequiredService<IDialogService>();
        var current = AnalysisOptions.Default with { SessionGap = TimeSpan.FromMinutes(45) };
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ReanalyseDialog>("Re-analyse",
            new DialogParameters<ReanalyseDialog> { { d => d.Name, "tiny" }, { d => d.Current, current } }));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=reanalyse-submit]")));
        Assert.Equal("45", provider.Find("[data-testid=session-gap] input, input[data-testid=session-gap]").GetAttribute("value"));
        var percentile = provider.Find("[data-testid=percentile]");
        (percentile.TagName == "INPUT" ? percentile : percentile.QuerySelector("input")!).Change("75");
        provider.Find("input[type=checkbox]").Change(true); // compatibility with the original
        provider.Find("[data-testid=reanalyse-submit]").Click();
        var result = await reference!.Result;
        var options = Assert.IsType<AnalysisOptions>(result!.Data);
        Assert.Equal(TimeSpan.FromMinutes(45), options.SessionGap);
        Assert.Equal(0.75, options.ChokepointPercentile, 12);
        Assert.Equal(AnalysisOptions.Default.BetweennessSamples, options.BetweennessSamples);
        Assert.Equal(CompatMode.TeloMesh, options.Compat);
        Assert.Equal(BetweennessMode.Reference, options.EffectiveBetweenness);
    }

    [Fact]
    public async Task Reanalyse_dialog_keeps_to_the_command_lines_limits()
    {
        var provider = _context.Bunit.Render<MudDialogProvider>();
        var dialogs = _context.Bunit.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<ReanalyseDialog>("Re-analyse",
            new DialogParameters<ReanalyseDialog> { { d => d.Name, "tiny" }, { d => d.Current, AnalysisOptions.Default } }));
        provider.WaitForAssertion(() => Assert.NotNull(provider.Find("[data-testid=reanalyse-submit]")));
        AngleSharp.Dom.IElement Input(string testId) => provider.Find($"[data-testid={testId}]") is var e && e.TagName == "INPUT" ? e : e.QuerySelector("input")!;

        // A gap of 0 minutes is refused with the command line's words, and the dialog stays open.
        Input("session-gap").Change("0");
        provider.Find("[data-testid=reanalyse-submit]").Click();
        provider.WaitForAssertion(() => Assert.Contains("The session gap must be minutes greater than 0 and at most 10080 (a week)",
            provider.Find("[data-testid=reanalyse-problems]").TextContent, StringComparison.Ordinal));
        Assert.False(reference!.Result.IsCompleted);

        // A percentile below 50 is held at 50, the lowest the command line accepts.
        Input("session-gap").Change("30");
        Input("percentile").Change("30");
        provider.Find("[data-testid=reanalyse-submit]").Click();
        var options = Assert.IsType<AnalysisOptions>((await reference.Result)!.Data);
        Assert.Equal(0.5, options.ChokepointPercentile, 12);
        Assert.Equal(TimeSpan.FromMinutes(30), options.SessionGap);
    }
}
