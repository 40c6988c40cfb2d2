using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Import;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Model;

namespace TeloMesh.Web.Services;

/// <summary>
/// The dashboard's plain HTTP endpoints: the upload, which streams the request body to disk (the SignalR file path
/// moves about 4 MB/s), and every download, streamed from disk or generated into a file-backed buffer rather than
/// pushed through the circuit. Downloads are named after the dataset and the filter.
/// </summary>
public static class DatasetEndpoints
{
    private static readonly string[] DownloadableOutputs =
    [
        OutputFileNames.SessionFlows, OutputFileNames.GraphMl, OutputFileNames.GraphJson, OutputFileNames.Chokepoints,
        OutputFileNames.FragileFlows, OutputFileNames.NodeMap, OutputFileNames.Metrics, OutputFileNames.SessionStats,
        OutputFileNames.RejectedRows, OutputFileNames.DatasetInfo, OutputFileNames.TransitionPairs, OutputFileNames.Loops, OutputFileNames.DecisionTable,
    ];

    public static void MapDatasetEndpoints(this WebApplication app)
    {
        var api = app.MapGroup(DatasetRoutes.ApiTemplate);
        api.MapPost(DatasetRoutes.SourceEndpoint, Upload);
        api.MapGet(DatasetRoutes.OutputFileEndpoint, OutputFile);
        api.MapGet(DatasetRoutes.FrictionCsvEndpoint, FrictionCsv);
        api.MapGet(DatasetRoutes.FlowsCsvEndpoint, FragileFlowsCsv);
        api.MapGet(DatasetRoutes.FlowCsvEndpoint, SingleFlowCsv);
        api.MapGet(DatasetRoutes.TransitionsCsvEndpoint, TransitionsCsv);
        api.MapGet(DatasetRoutes.DecisionsCsvEndpoint, DecisionsCsv);
        api.MapGet(DatasetRoutes.LoopsCsvEndpoint, LoopsCsv);
        api.MapGet(DatasetRoutes.HeatmapHtmlEndpoint, HeatmapHtml);
        api.MapGet(DatasetRoutes.PathsCsvEndpoint, PathsCsv);
        api.MapGet(DatasetRoutes.PathsHtmlEndpoint, PathsHtml);
        api.MapGet(DatasetRoutes.ComparisonCsvEndpoint, ComparisonCsv);
        api.MapGet(DatasetRoutes.ComparisonHtmlEndpoint, ComparisonHtml);
        api.MapGet(DatasetRoutes.ReportHtmlEndpoint, ReportHtml);
        api.MapGet(DatasetRoutes.EvidenceCsvEndpoint, EvidenceCsv);
    }

    /// <summary>
    /// POST the file's bytes as the body, as <c>application/octet-stream</c> (which a cross-site form cannot send without
    /// the browser asking first), with an antiforgery token in the <c>RequestVerificationToken</c> header (the upload page
    /// sends the one its circuit holds; scripts get one from <c>GET /api/antiforgery</c>). 201 with the size and format;
    /// 400 bad name, empty or no valid token; 409 exists; 413 too large; 415.
    /// </summary>
    private static async Task<IResult> Upload(string name, HttpContext context, AnalysisStore store, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Json(new { error = "The upload has no valid antiforgery token: reload the page and upload again." }, statusCode: StatusCodes.Status400BadRequest);
        }
        if (!string.Equals(context.Request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
            return Results.Json(new { error = "Send the file as application/octet-stream." }, statusCode: StatusCodes.Status415UnsupportedMediaType);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = store.Options.MaxUploadBytes;
        try
        {
            var (bytes, format) = await store.SaveUploadAsync(name, context.Request.Body, cancellationToken);
            return Results.Created(DatasetRoutes.Rooted(DatasetRoutes.Friction(name)), new { name, bytes, format = format.Name() });
        }
        catch (DatasetUploads.TooLargeException e)
        {
            return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Json(new { error = $"The file is larger than the upload limit of {store.Options.MaxUploadMegabytes:N0} MB." }, statusCode: 413);
        }
        catch (IOException e) when (e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            // A full disk or a data folder that cannot be written: nothing is kept, and the client hears why.
            return Results.Json(new { error = $"The upload cannot be stored: {e.Message}" }, statusCode: StatusCodes.Status507InsufficientStorage);
        }
        catch (InvalidInputException e)
        {
            // Refused because the name is taken (by a file or a ClickHouse table), or because of the file or the name itself.
            return Results.Json(new { error = e.Message }, statusCode: store.Exists(name) ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> OutputFile(string name, string file, AnalysisStore store, CancellationToken cancellationToken)
    {
        if (!DownloadableOutputs.Contains(file, StringComparer.Ordinal)) return Results.NotFound();
        if (DatasetNameError(name) is { } problem) return problem;
        // Opened once no work on the dataset is under way: a re-analysis may still be writing its files.
        var download = await store.OpenOutputAsync(name, file, cancellationToken);
        if (download.Problem is not null) return Results.Json(new { error = download.Problem }, statusCode: StatusCodes.Status409Conflict);
        return download.Stream is null ? Results.NotFound() : Results.File(download.Stream, ContentType(file), $"{name}-{file}");
    }

    private static async Task<IResult> FrictionCsv(string name, HttpContext context, AnalysisStore store)
    {
        var filter = FrictionFilter.FromQuery(Query(context));
        return await WithAnalysis(name, context, store, analysis => Buffered(context, $"{name}-friction{ViewFilter.FileSuffix(analysis.View)}{filter.FileSuffix()}.csv", "text/csv",
            stream =>
            {
                using var csv = SafeCsv.Create(stream);
                CsvExports.WriteChokepoints(csv, [.. filter.Apply(analysis.Result.Friction)]);
                csv.Flush();
            }));
    }

    private static async Task<IResult> FragileFlowsCsv(string name, HttpContext context, AnalysisStore store)
    {
        var filter = FlowFilter.FromQuery(Query(context));
        return await WithAnalysis(name, context, store, analysis => Buffered(context, $"{name}-fragile-flows{ViewFilter.FileSuffix(analysis.View)}{filter.FileSuffix()}.csv", "text/csv",
            stream => SessionFlowsWriter.WriteFragileFlows(stream, filter.Apply(analysis.Result.Friction))));
    }

    /// <summary>The decision table's rows (docs/metrics.md section 13) of the view that the query's filter keeps.</summary>
    private static async Task<IResult> DecisionsCsv(string name, HttpContext context, AnalysisStore store)
    {
        var filter = DecisionFilter.FromQuery(Query(context));
        return await WithAnalysis(name, context, store, analysis => Buffered(context, $"{name}-decisions{ViewFilter.FileSuffix(analysis.View)}{filter.FileSuffix()}.csv",
            "text/csv", stream =>
            {
                var model = new DecisionsViewModel(analysis.Result) { Filter = filter };
                using var csv = SafeCsv.Create(stream);
                DecisionCsv.Write(csv, model.Rows, model.SiteExitRate);
                csv.Flush();
            }));
    }

    private static async Task<IResult> TransitionsCsv(string name, HttpContext context, AnalysisStore store)
    {
        var filter = TransitionFilter.FromQuery(Query(context));
        return await WithAnalysis(name, context, store, analysis => Buffered(context, $"{name}-transitions{ViewFilter.FileSuffix(analysis.View)}{filter.FileSuffix()}.csv", "text/csv",
            stream =>
            {
                using var csv = SafeCsv.Create(stream);
                JourneyCsv.WriteTransitionPairs(csv, filter.Apply(new TransitionRows(analysis.Result)));
                csv.Flush();
            }));
    }

    /// <summary>The loops of the view the query's filter names (for every session, the analysis's <c>loops.csv</c> is the same).</summary>
    private static async Task<IResult> LoopsCsv(string name, HttpContext context, AnalysisStore store) =>
        await WithAnalysis(name, context, store, analysis => Buffered(context, $"{name}-loops{ViewFilter.FileSuffix(analysis.View)}.csv", "text/csv",
            stream =>
            {
                using var csv = SafeCsv.Create(stream);
                JourneyCsv.WriteLoops(csv, new TransitionRows(analysis.Result).Loops);
                csv.Flush();
            }));

    private static async Task<IResult> SingleFlowCsv(string name, string session, HttpContext context, AnalysisStore store) =>
        await WithAnalysis(name, context, store, analysis =>
        {
            // The server decodes every escape in a path but %2F: a session id with a '/' (a URL) arrives with %2F in it.
            var flows = analysis.Result.Friction.FragileFlows;
            var flow = flows.FirstOrDefault(f => f.SessionId == session)
                ?? flows.FirstOrDefault(f => f.SessionId == session.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase));
            if (flow is null) return Task.FromResult(Results.NotFound());
            return Buffered(context, $"{name}-flow-{FileNames.Slug(session)}.csv", "text/csv",
                stream => SessionFlowsWriter.WriteFragileFlows(stream, [flow]));
        });

    private static async Task<IResult> HeatmapHtml(string name, HttpContext context, AnalysisStore store)
    {
        var view = Enum.TryParse<HeatmapView>(context.Request.Query["view"], ignoreCase: true, out var v) ? v : HeatmapView.All;
        var allEdges = context.Request.Query["edges"] == "all";
        var layout = context.Request.Query["layout"] == "funnel" ? LayoutKind.Funnel : LayoutKind.Layered;
        return await WithAnalysis(name, context, store, analysis =>
        {
            var pinned = context.Request.Query["pin"].Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).ToHashSet(StringComparer.Ordinal);
            var html = HeatmapHtmlExport.Render(analysis.Heatmap(view, allEdges, pinned, layout), $"TeloMesh flow heatmap · {name}{(analysis.View.IsAll ? "" : $" · sessions starting {analysis.View}")}", analysis.Result.Friction);
            return Buffered(context, $"{name}-heatmap{ViewFilter.FileSuffix(analysis.View)}-{view.ToString().ToLowerInvariant()}{(layout == LayoutKind.Funnel ? "-funnel" : "")}.html", "text/html; charset=utf-8",
                stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(html)));
        });
    }

    /// <summary>The one-file report (docs/metrics.md section 15) of the view the query's filter names.</summary>
    private static Task<IResult> ReportHtml(string name, HttpContext context, AnalysisStore store) =>
        WithAnalysis(name, context, store, async analysis =>
        {
            var html = ReportHtmlExport.Render(await store.ReportAsync(name, analysis.View, context.RequestAborted));
            return await Buffered(context, $"{name}-report{ViewFilter.FileSuffix(analysis.View)}.html", "text/html; charset=utf-8",
                stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(html)));
        });

    /// <summary>
    /// The evidence of the (page, event) pair the query names (<c>page</c>, <c>event</c>) in the view its filter names: the
    /// pair's numbers and the steps of <see cref="Core.Journeys.EvidenceSample.DefaultCount"/> of its sessions, read in
    /// memory or in ClickHouse. A pair the analysis does not have is a 404 that says so.
    /// </summary>
    private static Task<IResult> EvidenceCsv(string name, HttpContext context, AnalysisStore store) =>
        WithAnalysis(name, context, store, async analysis =>
        {
            var (page, evt) = (context.Request.Query["page"].ToString(), context.Request.Query["event"].ToString());
            var points = analysis.Result.Friction.Points;
            var index = points.ToList().FindIndex(p => p.Page == page && p.Event == evt);
            if (index < 0) return Results.NotFound(new { error = $"The analysis has no (page, event) pair ('{page}', '{evt}')." });
            var sample = await store.EvidenceAsync(name, analysis.View, page, evt, context.RequestAborted);
            return await Buffered(context, $"{name}-evidence-{FileNames.Slug(page)}-{FileNames.Slug(evt)}{ViewFilter.FileSuffix(analysis.View)}.csv", "text/csv",
                stream => Core.Export.EvidenceCsv.Write(stream, points[index], index + 1, sample));
        });

    private static Task<IResult> ComparisonCsv(string name, HttpContext context, AnalysisStore store) =>
        WithComparison(name, context, store, (result, filter) => Buffered(context, $"{name}-comparison{filter.FileSuffix()}.csv", "text/csv", stream =>
        {
            using var csv = SafeCsv.Create(stream);
            Core.Export.ComparisonCsv.Write(csv, filter.Apply(result));
            csv.Flush();
        }));

    private static Task<IResult> ComparisonHtml(string name, HttpContext context, AnalysisStore store) =>
        WithComparison(name, context, store, async (result, filter) =>
        {
            var goals = (await store.GetAsync(name, cancellationToken: context.RequestAborted)).Result.Aggregates.Key.Goals;
            var html = ComparisonHtmlExport.Render(result, $"TeloMesh comparison · {name}", [.. filter.Apply(result)], filter.Describe(), goals);
            return await Buffered(context, $"{name}-comparison{filter.FileSuffix()}.html", "text/html; charset=utf-8",
                stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(html)));
        });

    /// <summary>
    /// Answers from the comparison the query names (as the Compare page's URL does), run by the store, which keeps the
    /// last one: the page's download asks for what the page already shows. A choice that cannot run, or a slice without
    /// sessions, is a 400 that says why.
    /// </summary>
    private static async Task<IResult> WithComparison(string name, HttpContext context, AnalysisStore store,
        Func<Core.Comparison.ComparisonResult, ChangeFilter, Task<IResult>> respond)
    {
        if (DatasetNameError(name) is { } problem) return problem;
        if (!store.Exists(name)) return Results.NotFound(new { error = $"There is no dataset called '{name}'." });
        var query = Query(context);
        var selection = ComparisonSelection.FromQuery(query, out var unreadable);
        var problems = unreadable.Concat(selection.IsEmpty ? ["Choose A and B: the query names no comparison."] : selection.Problems()).ToList();
        if (problems.Count > 0) return Results.BadRequest(new { error = string.Join(" ", problems) });
        try
        {
            return await respond(await selection.RunAsync(store, name, context.RequestAborted), ChangeFilter.FromQuery(query));
        }
        catch (InvalidInputException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }

    private static Task<IResult> PathsCsv(string name, HttpContext context, AnalysisStore store) =>
        WithPaths(name, context, store, (analysis, result) => Buffered(context,
            $"{name}-{(result.Query.Direction == PathDirection.From ? "paths-from" : "paths-to")}-{FileNames.Slug(result.Query.Page)}{ViewFilter.FileSuffix(analysis.View)}.csv",
            "text/csv", stream =>
            {
                using var csv = SafeCsv.Create(stream);
                JourneyCsv.WritePaths(csv, result.Links);
                csv.Flush();
            }));

    private static Task<IResult> PathsHtml(string name, HttpContext context, AnalysisStore store) =>
        WithPaths(name, context, store, (analysis, result) =>
        {
            var html = PathsHtmlExport.Render(result, $"TeloMesh paths {(result.Query.Direction == PathDirection.From ? "from" : "to")} {result.Query.Page} · {name}" +
                (analysis.View.IsAll ? "" : $" · sessions starting {analysis.View}"));
            return Buffered(context, $"{name}-paths-{FileNames.Slug(result.Query.Page)}{ViewFilter.FileSuffix(analysis.View)}.html", "text/html; charset=utf-8",
                stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(html)));
        });

    /// <summary>A path view named by the request's query (<see cref="PathsSelection"/>), or 400 saying what is missing or wrong.</summary>
    private static Task<IResult> WithPaths(string name, HttpContext context, AnalysisStore store, Func<DatasetAnalysis, PathResult, Task<IResult>> respond) =>
        WithAnalysis(name, context, store, async analysis =>
        {
            var query = PathsSelection.FromUri($"http://localhost/{context.Request.QueryString}")
                ?? throw new InvalidInputException("A path view needs a page: from=PAGE or to=PAGE.");
            return await respond(analysis, await store.PathsAsync(name, analysis.View, query, context.RequestAborted));
        });

    /// <summary>
    /// Answers from the dataset's analysis (the view the query's filter names, <see cref="ViewFilter"/>), analysing it
    /// first if need be. The analysis stops when the caller hangs up: nobody waits for it, and another request starts it again.
    /// </summary>
    private static async Task<IResult> WithAnalysis(string name, HttpContext context, AnalysisStore store, Func<DatasetAnalysis, Task<IResult>> respond)
    {
        if (DatasetNameError(name) is { } problem) return problem;
        if (!store.Exists(name)) return Results.NotFound(new { error = $"There is no dataset called '{name}'." });
        var aborted = context.RequestAborted;
        try
        {
            var view = ViewFilter.FromQuery(Query(context));
            return await respond(await store.GetViewAsync(name, view, cancellationToken: aborted));
        }
        catch (InvalidInputException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }

    /// <summary>
    /// Writes with the synchronous CSV writer into a buffer that spills to a temporary file past 32 KB, then streams it:
    /// no synchronous I/O on the response, no whole file in memory.
    /// </summary>
    private static async Task<IResult> Buffered(HttpContext context, string fileName, string contentType, Action<Stream> write)
    {
        await using var buffer = new FileBufferingWriteStream();
        write(buffer);
        var response = context.Response;
        response.ContentType = contentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        await buffer.DrainBufferAsync(response.Body);
        return Results.Empty;
    }

    private static IResult? DatasetNameError(string name) =>
        TeloMesh.Core.Datasets.DatasetPaths.ValidationError(name) is { } problem ? Results.BadRequest(new { error = problem }) : null;

    private static Dictionary<string, string?> Query(HttpContext context) =>
        context.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".csv" => "text/csv",
        ".json" => "application/json",
        ".graphml" => "application/xml",
        _ => "text/plain",
    };
}
