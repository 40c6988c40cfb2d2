using TeloMesh.Core.Export;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>A page of one dataset, shown as a tab in its header: its label and the last segment of its URL.</summary>
public sealed record DatasetTab(string Label, string Slug);

/// <summary>
/// Every URL of the dashboard, built in one place: the page routes (the templates the pages declare), the links to
/// them, the dataset tabs, and the HTTP endpoints for the upload and the downloads (with their templates). Names and
/// filter values are escaped here, so no page builds a URL by hand.
/// <para>
/// Links are relative, like every link in the pages, and resolved against the document's <c>&lt;base href="/"&gt;</c>
/// (so the dashboard also works under a path prefix); <see cref="Rooted"/> gives the form an HTTP header needs.
/// </para>
/// </summary>
public static class DatasetRoutes
{
    public const string FrictionSlug = "friction", HeatmapSlug = "heatmap", FlowsSlug = "flows", TransitionsSlug = "transitions", PathsSlug = "paths",
        CompareSlug = "compare", DecisionsSlug = "decisions";

    // ---- Page routes (the templates of @attribute [Route]) and links to the pages without a dataset ----

    public const string HomeTemplate = "/";
    public const string Datasets = "datasets", Upload = "upload", ClickHouse = "clickhouse";
    public const string DatasetsTemplate = "/" + Datasets, UploadTemplate = "/" + Upload, ClickHouseTemplate = "/" + ClickHouse;
    public const string FrictionTemplate = DatasetTemplate + "/" + FrictionSlug;
    public const string HeatmapTemplate = DatasetTemplate + "/" + HeatmapSlug;
    public const string FlowsTemplate = DatasetTemplate + "/" + FlowsSlug;
    public const string TransitionsTemplate = DatasetTemplate + "/" + TransitionsSlug;
    public const string DecisionsTemplate = DatasetTemplate + "/" + DecisionsSlug;
    public const string CompareTemplate = DatasetTemplate + "/" + CompareSlug;
    public const string PathsTemplate = DatasetTemplate + "/" + PathsSlug;
    private const string DatasetTemplate = "/" + Datasets + "/{Name}";

    // ---- Endpoint templates (DatasetEndpoints maps these under ApiTemplate) ----

    public const string ApiTemplate = "/api/" + Datasets + "/{name}";
    public const string SourceEndpoint = "/source";
    public const string OutputFileEndpoint = "/files/{file}";
    public const string FrictionCsvEndpoint = "/export/friction.csv";
    public const string FlowsCsvEndpoint = "/export/fragile-flows.csv";
    public const string FlowCsvEndpoint = "/export/fragile-flows/{session}.csv";
    public const string TransitionsCsvEndpoint = "/export/transitions.csv";
    public const string DecisionsCsvEndpoint = "/export/decisions.csv";
    public const string LoopsCsvEndpoint = "/export/loops.csv";
    public const string HeatmapHtmlEndpoint = "/export/heatmap.html";
    public const string ComparisonCsvEndpoint = "/export/comparison.csv";
    public const string ComparisonHtmlEndpoint = "/export/comparison.html";
    public const string PathsCsvEndpoint = "/export/paths.csv";
    public const string PathsHtmlEndpoint = "/export/paths.html";
    public const string ReportHtmlEndpoint = "/export/report.html";
    public const string EvidenceCsvEndpoint = "/export/evidence.csv";

    /// <summary>The dataset pages, in the order of the tabs.</summary>
    public static IReadOnlyList<DatasetTab> Tabs { get; } =
        [new("Friction points", FrictionSlug), new("Decisions", DecisionsSlug), new("Flow heatmap", HeatmapSlug), new("Fragile flows", FlowsSlug), new("Transitions", TransitionsSlug),
            new("Paths", PathsSlug), new("Compare", CompareSlug)];

    // ---- Links to a dataset's pages ----

    public static string Page(string name, string slug) => $"{Datasets}/{Escape(name)}/{slug}";

    public static string Friction(string name) => Page(name, FrictionSlug);

    public static string Heatmap(string name) => Page(name, HeatmapSlug);

    public static string Flows(string name) => Page(name, FlowsSlug);

    public static string Transitions(string name) => Page(name, TransitionsSlug);

    /// <summary>The Paths page following the journeys on from <paramref name="page"/>.</summary>
    public static string PathsFrom(string name, string page) => Paths(name, new PathQuery(page));

    public static string Compare(string name) => Page(name, CompareSlug);

    /// <summary>
    /// The Compare page showing <paramref name="selection"/> with the rows <paramref name="filter"/> keeps: a link that
    /// runs the comparison. A view filter of the other pages rides along so the tabs keep it (a comparison slices every
    /// session whatever the view).
    /// </summary>
    public static string Compare(string name, ComparisonSelection selection, ChangeFilter filter, Slice? view = null) =>
        ViewFilter.Apply(Compare(name) + ComparisonQuery(selection, filter), view ?? Slice.All);

    /// <summary>The Paths page showing <paramref name="query"/> (none: the page offers one), keeping <paramref name="view"/>.</summary>
    public static string Paths(string name, PathQuery? query = null, Slice? view = null) =>
        ViewFilter.Apply(Page(name, PathsSlug) + (query is null ? "" : PathsSelection.ToQuery(query)), view ?? Slice.All);

    // ---- Endpoints of a dataset ----

    /// <summary>Where the upload page posts a file's bytes.</summary>
    public static string Source(string name) => Api(name, SourceEndpoint);

    /// <summary>One of the dataset's output files, e.g. <c>rejected_rows.csv</c>.</summary>
    public static string OutputFile(string name, string file) => Api(name, OutputFileEndpoint.Replace("{file}", Escape(file), StringComparison.Ordinal));

    /// <summary>The friction rows <paramref name="filter"/> keeps, as CSV.</summary>
    public static string FrictionCsv(string name, FrictionFilter filter, Slice? view = null) =>
        ViewFilter.Apply(Api(name, FrictionCsvEndpoint) + filter.ToQuery(), view ?? Slice.All);

    /// <summary>The fragile flows <paramref name="filter"/> keeps, as CSV.</summary>
    public static string FlowsCsv(string name, FlowFilter filter, Slice? view = null) =>
        ViewFilter.Apply(Api(name, FlowsCsvEndpoint) + filter.ToQuery(), view ?? Slice.All);

    /// <summary>One fragile flow, as CSV (a '/' in the session id travels as %2F, which the endpoint reads back).</summary>
    public static string FlowCsv(string name, string sessionId, Slice? view = null) =>
        ViewFilter.Apply(Api(name, FlowCsvEndpoint.Replace("{session}", Escape(sessionId), StringComparison.Ordinal)), view ?? Slice.All);

    /// <summary>The transition pairs <paramref name="filter"/> keeps, as CSV (<c>transition_pairs.csv</c>'s columns).</summary>
    /// <summary>The decision table's rows that <paramref name="filter"/> keeps, of the view, as CSV.</summary>
    public static string DecisionsCsv(string name, DecisionFilter filter, Slice? view = null) =>
        ViewFilter.Apply(Api(name, DecisionsCsvEndpoint) + filter.ToQuery(), view ?? Slice.All);

    public static string TransitionsCsv(string name, TransitionFilter filter, Slice? view = null) =>
        ViewFilter.Apply(Api(name, TransitionsCsvEndpoint) + filter.ToQuery(), view ?? Slice.All);

    /// <summary>
    /// The loops as <c>loops.csv</c>: the analysis's own file for every session, the export of the filtered view's loops
    /// otherwise (the file on disk holds every session's).
    /// </summary>
    public static string LoopsCsv(string name, Slice? view = null) => view is null || view.IsAll
        ? OutputFile(name, OutputFileNames.Loops)
        : ViewFilter.Apply(Api(name, LoopsCsvEndpoint), view);

    /// <summary>The heatmap as one self-contained HTML file, as the page shows it.</summary>
    /// <param name="pinned">Pages shown in every view (one <c>pin</c> each).</param>
    public static string HeatmapHtml(string name, HeatmapView view, bool allEdges, Slice? only = null, IEnumerable<string>? pinned = null,
        LayoutKind layout = LayoutKind.Layered) =>
        ViewFilter.Apply(Api(name, HeatmapHtmlEndpoint) + QueryText.Build([("view", view.ToString().ToLowerInvariant()), ("edges", allEdges ? "all" : null),
            ("layout", layout == LayoutKind.Funnel ? "funnel" : null), .. (pinned ?? []).Select(p => ("pin", (string?)p))]), only ?? Slice.All);

    /// <summary>The changes of a comparison that <paramref name="filter"/> keeps, as <c>comparison.csv</c>.</summary>
    public static string ComparisonCsv(string name, ComparisonSelection selection, ChangeFilter filter) =>
        Api(name, ComparisonCsvEndpoint) + ComparisonQuery(selection, filter);

    /// <summary>A comparison in words, as one self-contained HTML file.</summary>
    public static string ComparisonHtml(string name, ComparisonSelection selection, ChangeFilter filter) =>
        Api(name, ComparisonHtmlEndpoint) + ComparisonQuery(selection, filter);

    private static string ComparisonQuery(ComparisonSelection selection, ChangeFilter filter) =>
        QueryText.Build([.. selection.QueryPairs(), .. filter.QueryPairs()]);

    /// <summary>A path view's links as <c>paths_from.csv</c> or <c>paths_to.csv</c>.</summary>
    public static string PathsCsv(string name, PathQuery query, Slice? view = null) =>
        ViewFilter.Apply(Api(name, PathsCsvEndpoint) + PathsSelection.ToQuery(query), view ?? Slice.All);

    /// <summary>A path view as one self-contained HTML file (its diagram and its links).</summary>
    public static string PathsHtml(string name, PathQuery query, Slice? view = null) =>
        ViewFilter.Apply(Api(name, PathsHtmlEndpoint) + PathsSelection.ToQuery(query), view ?? Slice.All);

    /// <summary>The one-file report (docs/metrics.md section 15) of the view, to send or print.</summary>
    public static string ReportHtml(string name, Slice? view = null) => ViewFilter.Apply(Api(name, ReportHtmlEndpoint), view ?? Slice.All);

    /// <summary>The evidence of a (page, event) pair of the view: its numbers and some of its sessions, as CSV (docs/metrics.md section 15).</summary>
    public static string EvidenceCsv(string name, string page, string evt, Slice? view = null) =>
        ViewFilter.Apply(Api(name, EvidenceCsvEndpoint) + QueryText.Build([("page", page), ("event", evt)]), view ?? Slice.All);

    /// <summary>A link as the server names it in an HTTP header such as <c>Location</c>: from the root, not the base.</summary>
    public static string Rooted(string link) => "/" + link;

    private static string Api(string name, string endpoint) => $"api/{Datasets}/{Escape(name)}{endpoint}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
