using System.Globalization;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Datasets page: a row per dataset as the table shows it, which datasets are being re-analysed, and
/// what the page says when work on one finishes or fails.
/// </summary>
public sealed class DatasetsViewModel(IReadOnlyList<DatasetEntry> datasets)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);

    /// <summary>One dataset as a row of the table; a number not known yet (not analysed) is a dash.</summary>
    public sealed record Row(DatasetEntry Entry)
    {
        public string Name => Entry.Name;
        public bool IsAnalysed => Entry.IsAnalysed;
        public string State => DatasetRow.State(Entry.Info);
        public string Users => Number(Entry.Info?.Users);
        public string Sessions => Number(Entry.Info?.Sessions);
        public string Events => Number(Entry.Info?.Events);
        public string DateRange => DatasetRow.DateRange(Entry.Info);
        public string RejectedRows => Number(Entry.Info?.RowsRejected);
        public string Created => Entry.Info?.CreatedUtc.ToString("yyyy-MM-dd HH:mm", C) ?? "–";
        public string OptionsText => DatasetRow.OptionsText(Entry.Info);
        public string Goals => DatasetRow.GoalsText(Entry.Info);
        public string? Conversion => DatasetRow.ConversionText(Entry.Info);
        public bool HasGoals => !Options.Goals.IsEmpty;

        /// <summary>The options it was last analysed with, which the re-analyse dialog starts from.</summary>
        public AnalysisOptions Options => Entry.Info?.Options?.ToOptions() ?? AnalysisOptions.Default;

        public string Open => DatasetRoutes.Friction(Name);

        private static string Number(long? value) => value?.ToString("N0", C) ?? "–";
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [.. datasets.Select(d => new Row(d))];

    /// <summary>Shows the datasets as they are now on disk; which ones are busy is kept.</summary>
    public void Refresh(IReadOnlyList<DatasetEntry> current) => Rows = [.. current.Select(d => new Row(d))];

    public bool IsBusy(string name) => _busy.Contains(name);

    public void SetBusy(string name, bool busy)
    {
        if (busy) _busy.Add(name);
        else _busy.Remove(name);
    }

    // ---- What the page says ----

    public static string Reanalysed(string name, bool filesWritten) =>
        filesWritten ? $"{name} re-analysed." : $"{name} re-analysed: open it now; its files are being saved.";

    public static string NotSaved(string name, Exception e) =>
        e is OutputWriteException ? e.Message : $"{name}: the results could not be saved: {e.Message}";

    public static string NotAnalysed(string name, Exception e) => $"{name} could not be analysed: {e.Message}";

    public static string DeleteQuestion(string name) => $"Delete '{name}': its source file and all its results? This cannot be undone.";

    public static string Deleted(string name) => $"{name} deleted.";

    public static string NotDeleted(string name, Exception e) => $"{name} could not be deleted: {e.Message}";
}
