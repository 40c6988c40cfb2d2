using System.Globalization;
using System.Text.Json;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using TeloMesh.Core.Stages;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Model;

/// <summary>The steps of the upload wizard.</summary>
public enum UploadStep
{
    /// <summary>Name the dataset, choose a file, send it (with progress).</summary>
    Choose,

    /// <summary>A CSV lacks a required column: say which column holds what. Needs <see cref="UploadWizard.Csv"/>.</summary>
    Map,

    /// <summary>A vendor export: check its first records as they will be mapped. Needs <see cref="UploadWizard.Vendor"/>.</summary>
    Preview,

    /// <summary>The analysis runs, with progress and a cancel button.</summary>
    Analyse,

    /// <summary>What was accepted and rejected, and a link to the result. Needs <see cref="UploadWizard.Result"/>.</summary>
    Done,
}

/// <summary>
/// The upload wizard as a state machine: the step it is at, what that step needs, and one method per transition
/// (each refuses to run from a step it does not belong to). Pure: the page does the uploading, reading and analysing
/// and tells the wizard what happened; the steps' components render what it holds.
/// <code>
/// Choose --stored--&gt; Preview (a vendor export) | Map (a CSV lacking a column) | (a complete CSV: analysed at once)
/// Choose | Map | Preview --analyse--&gt; Analyse --analysed--&gt; Done
/// Analyse --a mapping that does not fit--&gt; Map
/// Analyse --cancelled, unreadable, not written--&gt; Choose (with the reason);  Done --restart--&gt; Choose
/// </code>
/// </summary>
public sealed class UploadWizard
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public UploadStep Step { get; private set; } = UploadStep.Choose;

    /// <summary>The dataset name, as typed (trimmed when the upload starts).</summary>
    public string Name { get; set; } = "";

    /// <summary>What went wrong last, shown above the step until dismissed (set to null) or the next attempt.</summary>
    public string? Error { get; set; }

    // ---- Choose ----

    public string? FileName { get; private set; }
    public long FileSize { get; private set; }
    public bool Uploading { get; private set; }
    public long Sent { get; private set; }
    public double UploadFraction { get; private set; }

    public bool CanUpload => FileName is not null && !string.IsNullOrWhiteSpace(Name);

    public string DropZoneText => FileName is null ? "Drop a CSV here, or click to choose one" : $"{FileName} ({Megabytes(FileSize)})";

    public string UploadProgressText => $"Uploading… {Megabytes(Sent)} of {Megabytes(FileSize)}";

    // ---- Map and Preview ----

    /// <summary>What the uploaded file holds (read by the store once it is stored).</summary>
    public SourcePreview? Source { get; private set; }

    /// <summary>A CSV's header and first rows, for the column mapping.</summary>
    public CsvPreview? Csv => Source?.Csv;

    /// <summary>A vendor export's first records, as they will be mapped.</summary>
    public IReadOnlyList<MappedRecord> Vendor => Source?.Vendor ?? [];

    public EventFormat Format => Source?.Format ?? EventFormat.Telomesh;

    /// <summary>Which column holds what: guessed from the header, then as the user chose.</summary>
    public ColumnMapping Mapping { get; set; } = ColumnMapping.Default;

    // ---- Analyse and Done ----

    /// <summary>The analysis's last progress report (set from the analysis's thread).</summary>
    public PipelineProgress Progress { get; set; }

    public DatasetAnalysis? Result { get; private set; }

    // ---- Transitions ----

    /// <summary>A file was chosen (or dropped); an empty name becomes one made from the file's.</summary>
    public void FileChosen(string fileName, long size)
    {
        Require(UploadStep.Choose);
        FileName = fileName;
        FileSize = size;
        if (string.IsNullOrWhiteSpace(Name)) Name = FileNames.Slug(Path.GetFileNameWithoutExtension(fileName));
    }

    /// <summary>Starts sending the file, or says why the name cannot be a dataset's (and returns false).</summary>
    public bool BeginUpload()
    {
        Require(UploadStep.Choose);
        Error = DatasetPaths.ValidationError(Name.Trim());
        if (Error is not null) return false;
        Name = Name.Trim();
        Uploading = true;
        Sent = 0;
        UploadFraction = 0;
        return true;
    }

    public void UploadProgress(long sent, long total)
    {
        Sent = sent;
        UploadFraction = total == 0 ? 1 : (double)sent / total;
    }

    /// <summary>The endpoint answered: 201 means stored (inspect it next), anything else carries the reason in its body.</summary>
    public bool UploadDone(int status, string body)
    {
        Require(UploadStep.Choose);
        Uploading = false;
        if (status == 201) return true;
        Error = ErrorOf(body) ?? $"The upload failed (HTTP {status}).";
        return false;
    }

    /// <summary>
    /// The stored file was read: a vendor export goes to <see cref="UploadStep.Preview"/>, a CSV lacking a column to
    /// <see cref="UploadStep.Map"/> with a guessed mapping. Returns true for a CSV with every column, which is analysed
    /// at once with the default mapping.
    /// </summary>
    public bool Inspected(SourcePreview source, Func<IReadOnlyList<string>, ColumnMapping> guess)
    {
        Require(UploadStep.Choose);
        Source = source;
        if (source.Csv is null)
            Step = UploadStep.Preview;
        else if (source.Csv.MissingColumns.Count > 0)
        {
            Mapping = guess(source.Csv.Header);
            Step = UploadStep.Map;
        }
        return Step == UploadStep.Choose;
    }

    public void BeginAnalysis()
    {
        Require(UploadStep.Choose, UploadStep.Map, UploadStep.Preview);
        Step = UploadStep.Analyse;
        Error = null;
    }

    public void Analysed(DatasetAnalysis result)
    {
        Require(UploadStep.Analyse);
        Result = result;
        Step = UploadStep.Done;
    }

    /// <summary>Whether an analysis that refused the columns may be answered with another mapping.</summary>
    public bool CanMapAgain => Csv is { MissingColumns.Count: > 0 };

    /// <summary>The chosen columns did not fit: back to the mapping, with the reason.</summary>
    public void MappingRefused(string reason)
    {
        Require(UploadStep.Analyse);
        if (!CanMapAgain) throw new InvalidOperationException("Only a CSV whose columns were mapped by hand can be mapped again.");
        Error = reason;
        Step = UploadStep.Map;
    }

    public void Cancelled()
    {
        Require(UploadStep.Analyse);
        Error = $"Analysis cancelled. The file is kept as dataset '{Name}': analyse it again from the datasets page.";
        Restart();
    }

    /// <summary>The file is fine but its results could not be written (a full disk): the upload is kept.</summary>
    public void NotWritten(Exception e)
    {
        Require(UploadStep.Analyse);
        Error = e is OutputWriteException ? e.Message
            : $"Dataset '{Name}' could not be analysed: {e.Message} The uploaded file is kept: analyse it again from the datasets page.";
        Restart();
    }

    /// <summary>
    /// The file cannot be analysed at all (the page removes the upload again): back to the start with the reason, the
    /// name kept so the user can fix the file and upload it again.
    /// </summary>
    public void Unreadable(string reason)
    {
        Require(UploadStep.Choose, UploadStep.Analyse);
        Error = $"{FileName ?? Name} cannot be analysed: {reason}";
        var name = Name;
        Restart();
        Name = name;
    }

    /// <summary>Back to choosing a file; the error stays to say why.</summary>
    public void Restart()
    {
        Step = UploadStep.Choose;
        FileName = null;
        Name = "";
        Source = null;
        Result = null;
    }

    // ---- What the steps show ----

    /// <summary>Overall progress: reading the file is most of the work, the stages after it share the rest.</summary>
    public double AnalysisFraction => Progress.Stage switch
    {
        PipelineStage.Parse => 0.7 * Progress.Fraction,
        PipelineStage.Sessions => 0.7 + 0.05 * Progress.Fraction,
        PipelineStage.Graph => 0.75 + 0.05 * Progress.Fraction,
        PipelineStage.Metrics => 0.8 + 0.05 * Progress.Fraction,
        PipelineStage.Analysis => 0.85 + 0.1 * Progress.Fraction,
        PipelineStage.Export => 0.95 + 0.05 * Progress.Fraction,
        _ => 0,
    };

    /// <summary>A vendor time as it will be read (epoch numbers become readable UTC), or the raw text with the reason.</summary>
    public static string UtcTime(string? raw) =>
        TimestampParser.TryParse(raw, out var ticks, out var error) ? TimestampParser.Format(ticks) : $"{raw} ({error})";

    public static string Megabytes(long bytes) => string.Create(C, $"{bytes / 1048576.0:0.0} MB");

    /// <summary>A rejected row cut to 120 characters.</summary>
    public static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";

    private void Require(params UploadStep[] steps)
    {
        if (!steps.Contains(Step))
            throw new InvalidOperationException($"The upload wizard is at {Step}, not {string.Join(" or ", steps)}.");
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
}
