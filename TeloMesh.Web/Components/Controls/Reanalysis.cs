using MudBlazor;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Components.Controls;

/// <summary>
/// Re-analysing a dataset in place from a bar on its pages (goals, page grouping): the new numbers show as soon as they
/// are ready, the files are written just after, and either failure is said in a snackbar.
/// </summary>
internal static class Reanalysis
{
    /// <summary>
    /// The dataset analysed whole with <paramref name="options"/>; null when it failed (said) or the page went away. Options
    /// taken from a filtered view ("mobile only") have their filter dropped: the dataset's analysis and files are always of
    /// every session, and the page shows its view of the new analysis.
    /// </summary>
    public static async Task<DatasetAnalysis?> RunAsync(AnalysisStore store, ISnackbar snackbar, string name, AnalysisOptions options,
        CancellationToken closed)
    {
        try
        {
            var analysis = await store.AnalyzeAsync(name, options with { Filter = Core.Journeys.Slice.All }, cancellationToken: closed, filesAfter: true);
            snackbar.Add(DatasetsViewModel.Reanalysed(name, filesWritten: true), Severity.Success);
            _ = ReportUnsaved(snackbar, name, analysis, closed);
            return analysis;
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            return null; // the page is gone
        }
        catch (Exception e)
        {
            snackbar.Add(DatasetsViewModel.NotAnalysed(name, e), Severity.Error);
            return null;
        }
    }

    /// <summary>Says so when the new analysis's files cannot be written (the numbers on screen stay, but are not saved).</summary>
    private static async Task ReportUnsaved(ISnackbar snackbar, string name, DatasetAnalysis analysis, CancellationToken closed)
    {
        try
        {
            await analysis.Written;
        }
        catch (Exception e)
        {
            // When the page is gone there is nobody to tell; the datasets page shows the dataset as not analysed.
            if (!closed.IsCancellationRequested) snackbar.Add(DatasetsViewModel.NotSaved(name, e), Severity.Error);
        }
    }
}
