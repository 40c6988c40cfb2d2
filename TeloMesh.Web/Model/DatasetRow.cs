using System.Globalization;
using TeloMesh.Core.Datasets;

namespace TeloMesh.Web.Model;

/// <summary>How a dataset's facts read in the datasets table.</summary>
public static class DatasetRow
{
    public static string DateRange(DatasetInfo? info) =>
        info?.FirstEventUtc is { } first && info.LastEventUtc is { } last
            ? $"{first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : "not analysed yet";

    /// <summary>"analysed", or why not: never analysed, or an analysis that did not finish (its files may be mixed).</summary>
    public static string State(DatasetInfo? info) =>
        info is null ? "not analysed yet" : info.AnalysedUtc is null ? "analysis not finished" : "analysed";

    public static string OptionsText(DatasetInfo? info) =>
        info?.Options is { } o
            ? string.Create(CultureInfo.InvariantCulture, $"gap {o.SessionGapMinutes:0.#} min, {o.Betweenness}{(o.Compat == "telomesh" ? ", compat" : "")}")
            : "–";
}
