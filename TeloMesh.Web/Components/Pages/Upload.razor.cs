using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Components.Controls;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Components.Pages;

/// <summary>
/// The upload wizard: choose a file and a name, send it over the plain HTTP upload endpoint (with progress), map the
/// columns when the header lacks one, analyse with progress and cancel, then show what was accepted and rejected.
/// </summary>
public sealed partial class Upload : IAsyncDisposable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public enum UploadStep { Choose, Map, Preview, Analyse, Done }

    [Inject] public required AnalysisStore Store { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required AntiforgeryStateProvider Antiforgery { get; init; }
    [Inject] public required IOptions<AntiforgeryOptions> AntiforgeryOptions { get; init; }

    private ElementReference _zone, _input;
    private DotNetObjectReference<Upload>? _self;
    private UploadStep _step = UploadStep.Choose;
    private string _name = "";
    private string? _fileName, _error;
    private long _fileSize, _sent;
    private double _uploadFraction;
    private bool _uploading;
    private CsvPreview? _preview;
    private EventFormat _format = EventFormat.Telomesh;
    private IReadOnlyList<MappedRecord> _vendorPreview = [];
    private ColumnMapping _mapping = ColumnMapping.Default;
    private PipelineProgress _progress;
    private CancellationTokenSource? _analysis;
    private DatasetAnalysis? _result;
    private bool _wired;

    private bool _ready;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_step != UploadStep.Choose || _wired) return;
        _wired = true;
        _self ??= DotNetObjectReference.Create(this);
        await JS.InvokeVoidAsync("telomesh.initUpload", _zone, _input, _self);
        _ready = true; // the drop zone now answers: shown as data-ready, which the browser tests wait for
        StateHasChanged();
    }

    [JSInvokable]
    public Task OnFileChosen(string fileName, long size) => InvokeAsync(() =>
    {
        _fileName = fileName;
        _fileSize = size;
        if (string.IsNullOrWhiteSpace(_name)) _name = FileNames.Slug(Path.GetFileNameWithoutExtension(fileName));
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadProgress(long sent, long total) => InvokeAsync(() =>
    {
        _sent = sent;
        _uploadFraction = total == 0 ? 1 : (double)sent / total;
        StateHasChanged();
    });

    [JSInvokable]
    public Task OnUploadDone(int status, string body) => InvokeAsync(async () =>
    {
        _uploading = false;
        if (status == 201)
            await Inspect();
        else
            _error = ErrorOf(body) ?? $"The upload failed (HTTP {status}).";
        StateHasChanged(); // a call from JavaScript is not an event handler: nothing re-renders by itself

    });

    private async Task StartUpload()
    {
        _error = TeloMesh.Core.Datasets.DatasetPaths.ValidationError(_name.Trim());
        if (_error is not null) return;
        _name = _name.Trim();
        _uploading = true;
        _sent = 0;
        _uploadFraction = 0;
        // The token this page was served with (the circuit keeps it): the endpoint refuses uploads without it.
        var token = Antiforgery.GetAntiforgeryToken()?.Value;
        await JS.InvokeAsync<bool>("telomesh.upload", _zone, DatasetRoutes.Source(_name),
            AntiforgeryOptions.Value.HeaderName, token, _self);
    }

    private Task CancelUpload() => JS.InvokeVoidAsync("telomesh.cancelUpload", _zone).AsTask();

    /// <summary>
    /// A vendor export: shows its first records as mapped, to confirm. A CSV: reads its header and first rows, and asks
    /// for a column mapping when a required column is missing.
    /// </summary>
    private async Task Inspect()
    {
        var (source, format) = Store.Paths(_name).FindSource() ?? (Store.Paths(_name).EventsFile, EventFormat.Telomesh);
        _format = format;
        if (format != EventFormat.Telomesh)
        {
            try
            {
                _vendorPreview = EventImporter.Preview(source, format);
                _step = UploadStep.Preview;
            }
            catch (Exception e) when (e is InvalidInputException or IOException)
            {
                await Discard(e.Message);
            }
            return;
        }
        try
        {
            _preview = CsvPreview.Read(source);
        }
        catch (Exception e) when (e is InvalidInputException or IOException)
        {
            await Discard(e.Message);
            return;
        }
        if (_preview.MissingColumns.Count > 0)
        {
            _mapping = ColumnMappingForm.Guess(_preview.Header);
            _step = UploadStep.Map;
            return;
        }
        await Analyse(ColumnMapping.Default);
    }

    private async Task Analyse(ColumnMapping mapping)
    {
        _step = UploadStep.Analyse;
        _error = null;
        _analysis = new CancellationTokenSource();
        var lastDraw = DateTime.MinValue;
        var progress = new SyncProgress<PipelineProgress>(p =>
        {
            _progress = p;
            if (DateTime.UtcNow - lastDraw < TimeSpan.FromMilliseconds(100)) return;
            lastDraw = DateTime.UtcNow;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            _result = await Store.AnalyzeAsync(_name, AnalysisOptions.Default, mapping, progress, _analysis.Token);
            _step = UploadStep.Done;
        }
        catch (OperationCanceledException)
        {
            _error = $"Analysis cancelled. The file is kept as dataset '{_name}': analyse it again from the datasets page.";
            Restart();
        }
        catch (InvalidInputException e) when (_preview is { MissingColumns.Count: > 0 })
        {
            _error = e.Message; // the mapping may be wrong: let the user choose again
            _step = UploadStep.Map;
        }
        catch (InvalidInputException e)
        {
            await Discard(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file is fine but the results could not be written (a full disk): keep the upload, say what happened.
            _error = e is TeloMesh.Core.Datasets.OutputWriteException ? e.Message
                : $"Dataset '{_name}' could not be analysed: {e.Message} The uploaded file is kept: analyse it again from the datasets page.";
            Restart();
        }
        StateHasChanged();
    }

    /// <summary>
    /// A fresh upload that cannot be analysed is removed again, so it neither lingers in the datasets list nor blocks
    /// its name; the message says why, and the user can fix the file and upload it again.
    /// </summary>
    private async Task Discard(string reason)
    {
        _error = $"{_fileName ?? _name} cannot be analysed: {reason}";
        await Store.DeleteAsync(_name);
        var name = _name;
        Restart();
        _name = name;
    }

    /// <summary>Overall progress: reading the file is most of the work, the stages after it share the rest.</summary>
    private static double Overall(PipelineProgress p) => p.Stage switch
    {
        PipelineStage.Parse => 0.7 * p.Fraction,
        PipelineStage.Sessions => 0.7 + 0.05 * p.Fraction,
        PipelineStage.Graph => 0.75 + 0.05 * p.Fraction,
        PipelineStage.Metrics => 0.8 + 0.05 * p.Fraction,
        PipelineStage.Analysis => 0.85 + 0.1 * p.Fraction,
        PipelineStage.Export => 0.95 + 0.05 * p.Fraction,
        _ => 0,
    };

    private void Restart()
    {
        var rewire = _step != UploadStep.Choose; // the drop zone is drawn again only when leaving another step
        _step = UploadStep.Choose;
        _fileName = null;
        _name = "";
        _preview = null;
        _vendorPreview = [];
        _result = null;
        if (!rewire) return;
        _wired = false;
        _ready = false;
    }

    private static string? ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A vendor time as it will be read (epoch numbers become readable UTC), or the raw text with the reason.</summary>
    private static string UtcTime(string? raw) =>
        TimestampParser.TryParse(raw, out var ticks, out var error) ? TimestampParser.Format(ticks) : $"{raw} ({error})";

    private static string Megabytes(long bytes) => string.Create(C, $"{bytes / 1048576.0:0.0} MB");

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";

    public ValueTask DisposeAsync()
    {
        _analysis?.Cancel();
        _analysis?.Dispose();
        _self?.Dispose();
        return ValueTask.CompletedTask;
    }
}
