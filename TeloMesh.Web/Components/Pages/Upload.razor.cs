using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using TeloMesh.Core.Events;
using TeloMesh.Core.Pipeline;
using TeloMesh.Core.Stages;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Components.Pages;

/// <summary>
/// The upload wizard: choose a file and a name, send it over the plain HTTP upload endpoint (with progress), map the
/// columns when the header lacks one, analyse with progress and cancel, then show what was accepted and rejected.
/// Its state and transitions are <see cref="UploadWizard"/>; each step is a component in Controls/UploadSteps. This
/// page does the work between them: it hears from the drop zone's script, and asks the store to read and analyse.
/// </summary>
public sealed partial class Upload : IAsyncDisposable
{
    [Inject] public required AnalysisStore Store { get; init; }

    private readonly UploadWizard _wizard = new();
    private DotNetObjectReference<Upload>? _self;
    private CancellationTokenSource? _analysis;

    protected override void OnInitialized() => _self = DotNetObjectReference.Create(this);

    [JSInvokable]
    public Task OnFileChosen(string fileName, long size) => InvokeAsync(() =>
    {
        _wizard.FileChosen(fileName, size);
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadProgress(long sent, long total) => InvokeAsync(() =>
    {
        _wizard.UploadProgress(sent, total);
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadDone(int status, string body) => InvokeAsync(async () =>
    {
        if (_wizard.UploadDone(status, body)) await Inspect();
        StateHasChanged(); // a call from JavaScript is not an event handler: nothing re-renders by itself
    });

    /// <summary>
    /// A vendor export: shows its first records as mapped, to confirm. A CSV: reads its header and first rows, and asks
    /// for a column mapping when a required column is missing.
    /// </summary>
    private async Task Inspect()
    {
        SourcePreview source;
        try
        {
            source = await Store.PreviewSourceAsync(_wizard.Name);
        }
        catch (Exception e) when (e is InvalidInputException or IOException)
        {
            await Discard(e.Message);
            return;
        }
        if (_wizard.Inspected(source, ColumnMapping.Guess)) await Analyse(ColumnMapping.Default);
    }

    private async Task Analyse(ColumnMapping mapping)
    {
        _wizard.BeginAnalysis();
        _analysis = new CancellationTokenSource();
        var lastDraw = DateTime.MinValue;
        var progress = new SyncProgress<PipelineProgress>(p =>
        {
            _wizard.Progress = p;
            if (DateTime.UtcNow - lastDraw < TimeSpan.FromMilliseconds(100)) return;
            lastDraw = DateTime.UtcNow;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            _wizard.Analysed(await Store.AnalyzeAsync(_wizard.Name, AnalysisOptions.Default, mapping, progress, _analysis.Token));
        }
        catch (OperationCanceledException)
        {
            _wizard.Cancelled();
        }
        catch (InvalidInputException e) when (_wizard.CanMapAgain)
        {
            _wizard.MappingRefused(e.Message); // the mapping may be wrong: let the user choose again
        }
        catch (InvalidInputException e)
        {
            await Discard(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _wizard.NotWritten(e); // the file is fine but the results could not be written (a full disk): keep the upload
        }
        StateHasChanged();
    }

    /// <summary>
    /// A fresh upload that cannot be analysed is removed again, so it neither lingers in the datasets list nor blocks
    /// its name; the message says why, and the user can fix the file and upload it again.
    /// </summary>
    private async Task Discard(string reason)
    {
        var name = _wizard.Name;
        _wizard.Unreadable(reason);
        await Store.DeleteAsync(name);
    }

    public ValueTask DisposeAsync()
    {
        _analysis?.Cancel();
        _analysis?.Dispose();
        _self?.Dispose();
        return ValueTask.CompletedTask;
    }
}
