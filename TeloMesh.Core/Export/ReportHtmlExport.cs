using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Metrics;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary>
/// The one report to send (docs/metrics.md section 15): one self-contained HTML file a product manager attaches to a
/// ticket or prints. It holds the dataset summary, goals and conversion, what to do (the decision table), the top
/// friction points with their intervals and gains, the heatmap as SVG, the top paths from the main entry page, the
/// journey graph's health, the latest comparison if there is one, and the options used.
/// <para>
/// No script, no request: the Content-Security-Policy meta tag allows nothing but the page's own stylesheet, named by
/// its SHA-256 hash (no style attribute anywhere, so not even inline styles are allowed). Every name (pages, events,
/// segment values, datasets, the source) is HTML-encoded and isolated from the text around it (<see cref="Bidi"/>).
/// Print styles give a white page, keep rows and figures whole and repeat a table's header on each page.
/// </para>
/// </summary>
public static class ReportHtmlExport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Friction points listed; the friction CSV has them all.</summary>
    public const int FrictionRows = 20;

    /// <summary>Decision table rows listed (fix, investigate, watch); <c>decision_table.csv</c> has them all.</summary>
    public const int DecisionRows = 50;

    /// <summary>Pages to keep named after the table (the rest are counted).</summary>
    public const int KeptPagesNamed = 30;

    /// <summary>Changes of the latest comparison listed; <c>comparison.csv</c> has them all.</summary>
    public const int ComparisonRows = 15;

    /// <summary>The report's stylesheet, the only one the page's policy allows.</summary>
    public static string Style { get; } = BuildStyle();

    /// <summary>The page's Content-Security-Policy: nothing may load or run; only <see cref="Style"/> applies.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; base-uri 'none'; form-action 'none'";

    public static string Render(Report report)
    {
        var r = report.Result;
        var body = new StringBuilder();
        body.Append(C, $"<header><h1>{Text(report.Title)}</h1><p class=\"meta\">Written {report.GeneratedUtc:yyyy-MM-dd HH:mm} UTC by TeloMesh");
        if (report.Source is { } source) body.Append(C, $" · events from {Text(Bidi.Isolate(source))}");
        if (!r.Options.Filter.IsAll) body.Append(C, $" · a view: sessions starting {Text(Bidi.Isolate(r.Options.Filter.ToString()))}");
        body.Append("</p></header>");
        Summary(body, report);
        Decisions(body, r);
        body.Append("<section id=\"friction\">");
        body.Append(HeatmapHtmlExport.Table(r.Friction, _ => true, FrictionRows, "Top friction points"));
        body.Append("</section>");
        Heatmap(body, report.Heatmap, r.Friction);
        Paths(body, report.EntryPaths);
        Health(body, r);
        if (report.Comparison is { } comparison)
        {
            if (comparison.CountedAs(r.Aggregates.Key)) LatestComparisonSection(body, comparison);
            else
                body.Append(C, $"<section id=\"comparison\"><h2>Latest comparison</h2><p class=\"stale\">The latest comparison (made {comparison.MadeUtc:yyyy-MM-dd HH:mm} UTC) counted sessions with other goals, session gap or grouping rules than this report: compare again to see it here.</p></section>");
        }
        Options(body, report);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{{ContentSecurityPolicy}}">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Text(report.Title)}}</title>
            <style>{{Style}}</style>
            </head>
            <body>
            {{body}}
            </body>
            </html>
            """;
    }

    private static void Summary(StringBuilder body, Report report)
    {
        var r = report.Result;
        var m = r.Metrics;
        body.Append("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
        Card(body, "Events", m.TotalEvents.ToString("N0", C));
        Card(body, "Users", m.UniqueUsers.ToString("N0", C));
        Card(body, "Sessions", m.TotalSessions.ToString("N0", C));
        Card(body, "Pages", m.NodeCount.ToString("N0", C));
        Card(body, "Page-to-page links", m.EdgeCount.ToString("N0", C));
        Card(body, "Chokepoints", r.Friction.Summary.Chokepoints.ToString("N0", C));
        Card(body, "Fragile flows", r.FragileFlowCount.ToString("N0", C));
        if (r.Friction.Goals is { } goals) Card(body, "Conversion", ReportText.Percent(goals.ConversionRate), "goal");
        body.Append("</div>");
        if (r.Friction.Goals is { } g)
            body.Append(C, $"<p class=\"lead\">{Text(ReportText.Conversion(g))}. Goals: {Text(Bidi.Isolate(g.Goals.ToString()))}.</p>");
        else
            body.Append("<p class=\"lead\">No goal is set: the report cannot tell success from loss, and gives no projected gain. Set a goal (the page or event where sessions succeed) and write the report again.</p>");
        var a = r.Aggregates;
        body.Append("<p>");
        if (a.TotalEvents > 0)
            body.Append(C, $"Events from {new DateTime(a.FirstEventTicks, DateTimeKind.Utc):yyyy-MM-dd HH:mm} to {new DateTime(a.LastEventTicks, DateTimeKind.Utc):yyyy-MM-dd HH:mm} UTC. ");
        if (report.Rows is { } rows)
        {
            body.Append(C, $"{rows.Read:N0} rows read, {rows.Accepted:N0} accepted, {rows.Rejected:N0} rejected");
            if (rows.DuplicatesDropped > 0) body.Append(C, $", {rows.DuplicatesDropped:N0} duplicates dropped");
            body.Append(". ");
            if (rows.PagesFromEvents > 0) body.Append(Text(ReportText.PagesFromEvents(rows.PagesFromEvents)));
        }
        body.Append("</p>");
        var s = r.Friction.Summary;
        body.Append(C, $"<p>{s.SessionsLostAtChokepoints:N0} sessions ({s.UsersLostAtChokepoints:N0} users) ended on a chokepoint{(r.Friction.Goals is null ? "" : " without converting")}.</p></section>");
    }

    private static void Card(StringBuilder body, string label, string value, string? kind = null) =>
        body.Append(C, $"<div class=\"card{(kind is null ? "" : " " + kind)}\"><div class=\"value\">{Text(value)}</div><div class=\"label\">{Text(label)}</div></div>");

    private static void Decisions(StringBuilder body, Pipeline.AnalysisResult r)
    {
        var rows = DecisionTable.Build(r.Aggregates, r.Friction);
        var counts = Enum.GetValues<PageAction>().Select(a => (Action: a, Count: rows.Count(x => x.Action == a))).Where(x => x.Count > 0);
        body.Append("<section id=\"decisions\"><h2>What to do</h2><p>");
        body.Append(Text(string.Join(", ", counts.Select(x => string.Create(C, $"{x.Count:N0} to {DecisionTable.Name(x.Action)}")))));
        var work = rows.Where(x => x.Action != PageAction.Keep).ToList();
        body.Append(C, $". A row per page that asks for work or watching, fix first. A role comes from rules on the page's numbers, an action from the role and how sure the numbers are (docs/metrics.md section 13); the site's exit rate is {ReportText.Percent(DecisionTable.SiteExitRate(r.Friction))}.");
        if (work.Count > DecisionRows) body.Append(C, $" The first {DecisionRows:N0} of {work.Count:N0}; decision_table.csv has every page.");
        body.Append("</p>");
        if (work.Count > 0)
        {
            body.Append("<table><thead><tr><th>Action</th><th>Page</th><th>Role</th><th>Why</th><th class=\"n\">Visits</th><th class=\"n\">Exit rate (95 % interval)</th></tr></thead><tbody>");
            foreach (var row in work.Take(DecisionRows))
            {
                var action = DecisionTable.Name(row.Action);
                body.Append(C, $"<tr class=\"{action}\"><td><span class=\"action\">{action}</span></td><td>{Text(Bidi.Isolate(row.Page))}</td><td>{Text(DecisionTable.Name(row.Role))}</td>");
                body.Append(C, $"<td>{Text(row.Reason)}</td><td class=\"n\">{row.Traffic:N0}</td><td class=\"n\">{Text(ReportText.ExitRate(row.ExitRate, row.ExitRateLow, row.ExitRateHigh))}</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        var keep = rows.Where(x => x.Action == PageAction.Keep).ToList();
        if (keep.Count > 0)
        {
            body.Append(C, $"<p class=\"keep\">To keep as they are ({keep.Count:N0}): ");
            body.Append(string.Join(", ", keep.Take(KeptPagesNamed).Select(x => Text(Bidi.Isolate(x.Page)) + (x.Role == PageRole.Other ? "" : $" ({Text(DecisionTable.Name(x.Role))})"))));
            if (keep.Count > KeptPagesNamed) body.Append(C, $" and {keep.Count - KeptPagesNamed:N0} more");
            body.Append(".</p>");
        }
        body.Append("</section>");
    }

    private static void Heatmap(StringBuilder body, FlowHeatmap heatmap, FrictionReport friction)
    {
        body.Append("<section id=\"heatmap\" class=\"figure\"><h2>Flow heatmap</h2><p>");
        body.Append(C, $"{heatmap.Nodes.Count:N0} of {friction.NodeMap.Count:N0} pages, coloured by friction (their worst (page, event) score); edges thicker with more transitions. Hover a page or an edge for its numbers.");
        body.Append("</p><div class=\"legend\"><span><i class=\"t1\"></i>top 10 % of pages</span><span><i class=\"t2\"></i>top 20 %</span><span><i class=\"t3\"></i>top 50 %</span><span><i class=\"t4\"></i>the rest</span>");
        if (friction.Goals is not null) body.Append("<span><i class=\"tg\"></i>goal</span>");
        body.Append("</div><div class=\"canvas\">").Append(HeatmapHtmlExport.Svg(heatmap, friction)).Append("</div></section>");
    }

    private static void Paths(StringBuilder body, Journeys.PathResult? paths)
    {
        body.Append("<section id=\"paths\" class=\"figure\"><h2>Top paths from the main entry page</h2>");
        if (paths is null)
        {
            body.Append("<p>No session has a step: there is no entry page to follow.</p></section>");
            return;
        }
        body.Append(C, $"<p>{Text(Bidi.Isolate(paths.Query.Page))} is the page most sessions start on. {Text(PathsHtmlExport.Describe(paths))}</p>");
        body.Append("<div class=\"canvas sankey\">").Append(PathsHtmlExport.Svg(paths)).Append("</div>");
        // The three busiest links of each step: the whole view is one click away in the dashboard.
        body.Append(PathsHtmlExport.LinksTable(paths.Links.GroupBy(l => l.Step).SelectMany(step => step.Take(3)))).Append("</section>");
    }

    private static void Health(StringBuilder body, Pipeline.AnalysisResult r)
    {
        var h = GraphHealth.Compute(r.Aggregates);
        body.Append("<section id=\"health\"><h2>Journey graph health</h2><p>");
        body.Append(C, $"The top tenth of the {h.Edges:N0} edges carries {ReportText.Percent(h.TopEdgeShare)} of the transitions; the Gini coefficient of page traffic is {h.TrafficGini:0.00} (0: every page as busy, 1: one page has it all); the average clustering coefficient is {h.Clustering:0.00} (docs/metrics.md section 14).");
        if (!h.IsMeaningful)
            body.Append(C, $" With fewer than {GraphHealth.MeaningfulPages} pages or {GraphHealth.MeaningfulEdges} edges these numbers say little.");
        body.Append("</p></section>");
    }

    private static void LatestComparisonSection(StringBuilder body, LatestComparison latest)
    {
        var r = latest.Result;
        body.Append(C, $"<section id=\"comparison\"><h2>Latest comparison</h2><p class=\"meta\">Made {latest.MadeUtc:yyyy-MM-dd HH:mm} UTC.</p>");
        body.Append(C, $"<p class=\"lead\">{Text(ReportText.Slice("A", Isolated(r.A), r.WithGoals))}<br>{Text(ReportText.Slice("B", Isolated(r.B), r.WithGoals))}</p>");
        if (ReportText.ConversionChange(r) is { } conversion) body.Append(C, $"<p class=\"lead\">{Text(conversion)}</p>");
        body.Append(C, $"<p>{Text(ReportText.Support(r))} ");
        if (r.Changes.Count == 0)
        {
            body.Append(Text(ReportText.NothingToCompare(r))).Append("</p></section>");
            return;
        }
        body.Append(C, $"{Text(ReportText.Significance(r))} {Text(ReportText.QValueMeaning)}");
        if (r.Changes.Count > ComparisonRows) body.Append(C, $" The first {ComparisonRows} of {r.Changes.Count:N0}; comparison.csv has them all.");
        body.Append("</p><ol class=\"changes\">");
        foreach (var change in r.Changes.Take(ComparisonRows))
        {
            var worse = change.Significant && change.Worse;
            body.Append(C, $"<li class=\"{(worse ? "worse" : change.Significant ? "significant" : "")}\">{Text(ReportText.Change(change with { Page = Bidi.Isolate(change.Page), Event = Bidi.Isolate(change.Event), ToPage = Bidi.Isolate(change.ToPage) }))}</li>");
        }
        body.Append("</ol></section>");
    }

    private static Core.Comparison.SliceSummary Isolated(Core.Comparison.SliceSummary s) => s with { Description = Bidi.Isolate(s.Description) };

    private static void Options(StringBuilder body, Report report)
    {
        var o = report.Result.Options;
        var rows = new List<(string Name, string Value)>
        {
            ("Session gap", string.Create(C, $"{o.SessionGap.TotalMinutes:0.##} minutes (a session column, when the data has one, wins)")),
            ("Goals", o.Goals.ToString()),
            ("Gain reduction", ReportText.Percent(o.GainReduction)),
            ("Minimum support", o.MinSupport.ToString("N0", C)),
            ("Chokepoints", string.Create(C, $"the pairs at or above the {o.ChokepointPercentile * 100:0.##}th percentile of score")),
            ("Betweenness", report.Result.BetweennessEstimate is { } e
                ? string.Create(C, $"{o.EffectiveBetweenness.ToString().ToLowerInvariant()}, estimated from {e.Sources:N0} of {e.Pages:N0} pages (error at most {e.ErrorBound:0.###} with {e.Confidence:P0} confidence)")
                : o.EffectiveBetweenness.ToString().ToLowerInvariant()),
            ("Compatibility mode", o.Compat == Graph.CompatMode.TeloMesh ? "telomesh (the original's numbers)" : "off"),
            ("Sessions", o.Filter.ToString()),
            ("Query strings", o.KeepQuery ? "kept" : "dropped"),
            ("Rows with a problem", o.Strict ? "stop the analysis (strict)" : "skipped and counted"),
            ("Grouping rules", o.PageRules.Rules.Count == 0 ? "none" : o.PageRules.Text),
        };
        if (report.Rows?.Columns is { } columns)
            rows.Add(("Columns", $"user={columns.User}, time={columns.Timestamp}, page={columns.Page}, event={columns.Event}, session={columns.Session ?? "(none)"}"));
        body.Append("<section id=\"options\"><h2>Options used</h2><table class=\"options\"><tbody>");
        foreach (var (name, value) in rows)
            body.Append(C, $"<tr><th>{Text(name)}</th><td><pre>{Text(Bidi.Isolate(value))}</pre></td></tr>");
        body.Append("</tbody></table></section>");
    }

    private static string Text(string text) => Html.Encode(text);

    private static string BuildStyle() => string.Join('\n',
        "",
        "body { margin: 0 auto; padding: 24px; max-width: 1200px; background: #1e1f29; color: #e6e6ef; font-family: system-ui, sans-serif; }",
        "h1 { font-size: 22px; font-weight: 600; margin: 0 0 4px; }",
        "h2 { font-size: 17px; font-weight: 600; margin: 32px 0 6px; }",
        "p { margin: 0 0 12px; color: #a9abbd; font-size: 13px; line-height: 1.5; }",
        "p.lead { color: #e6e6ef; font-size: 15px; }",
        "p.meta { font-size: 12px; }",
        ".cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }",
        ".card { border: 1px solid #34364a; border-radius: 8px; padding: 10px 16px; min-width: 110px; background: #24263a; }",
        ".card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }",
        ".card .label { font-size: 12px; color: #a9abbd; }",
        ".card.goal .value { color: #81c784; }",
        "table { border-collapse: collapse; font-size: 13px; margin-top: 8px; width: 100%; }",
        "th, td { padding: 5px 10px; border-bottom: 1px solid #34364a; text-align: left; vertical-align: top; }",
        "td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }",
        "table.options th { width: 180px; color: #a9abbd; font-weight: 500; }",
        "pre { margin: 0; font: inherit; white-space: pre-wrap; }",
        ".action { display: inline-block; border-radius: 10px; padding: 1px 9px; font-size: 12px; font-weight: 600; background: #3a3c52; }",
        "tr.fix .action { background: #c62828; color: #fff; }",
        "tr.investigate .action { background: #ef6c00; color: #fff; }",
        "tr.watch .action { background: #1565c0; color: #fff; }",
        ".few { color: #ffb74d; font-size: 11px; margin-left: 6px; }",
        ".legend span { display: inline-block; margin-right: 18px; font-size: 13px; }",
        ".legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }",
        $".legend .t1 {{ background: {FlowHeatmap.Colour(NodeTier.Top10)}; }} .legend .t2 {{ background: {FlowHeatmap.Colour(NodeTier.Top20)}; }}",
        $".legend .t3 {{ background: {FlowHeatmap.Colour(NodeTier.Top50)}; }} .legend .t4 {{ background: {FlowHeatmap.Colour(NodeTier.Rest)}; }} .legend .tg {{ background: {FlowHeatmap.GoalColour}; }}",
        ".canvas { overflow: auto; border: 1px solid #34364a; border-radius: 8px; background: #24263a; margin-top: 12px; }",
        ".edge { fill: none; stroke: #8a8fa3; stroke-opacity: 0.55; }",
        ".node text { fill: #ffffff; font-size: 12px; }",
        ".column { fill: #a9abbd; font-size: 13px; font-weight: 600; }",
        ".sankey text { fill: #e6e6ef; font-size: 12px; }",
        ".canvas svg { display: block; max-width: 100%; height: auto; }",
        "ol.changes { font-size: 13px; line-height: 1.7; padding-left: 28px; color: #a9abbd; }",
        "li.significant { color: #e6e6ef; }",
        "li.worse { color: #ef9a9a; }",
        "@media print {",
        "  @page { margin: 14mm; }",
        "  body { background: #fff; color: #111; padding: 0; max-width: none; }",
        "  p, p.lead, .card .label, table.options th, ol.changes, li.significant { color: #222; }",
        "  li.worse { color: #b71c1c; }",
        "  .card, .canvas { background: #fff; border-color: #bbb; }",
        "  .card.goal .value { color: #2e7d32; }",
        "  th, td { border-bottom-color: #ccc; }",
        "  thead { display: table-header-group; }",
        "  tr, .card, li { break-inside: avoid; }",
        "  h2 { break-after: avoid; }",
        "  .figure { break-inside: avoid; }",
        "  .canvas { overflow: visible; }",
        "  .edge { stroke: #555; }",
        "  .column, .sankey text { fill: #222; }",
        "  .action { border: 1px solid #888; }",
        "}",
        "");
}
