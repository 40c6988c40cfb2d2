using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary>
/// The flow heatmap as one self-contained HTML file: an inline SVG with the dashboard's layout, colours and legend,
/// tooltips as SVG <c>&lt;title&gt;</c> elements, no script and no external request, so it opens offline and can be
/// attached to a ticket. Every page and event name is HTML-encoded.
/// </summary>
public static class HeatmapHtmlExport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Most (page, event) rows the table under the drawing lists; the friction CSV has them all.</summary>
    public const int TableRows = 50;

    /// <param name="heatmap">What to draw.</param>
    /// <param name="title">The page's title and heading.</param>
    /// <param name="friction">The analysis's friction report: with it, the file also lists the (page, event) pairs of the
    /// pages drawn (exit rates with their 95 % intervals, cautious scores and, with goals, conversions and projected
    /// gains), marks goal pages green and gives each page's largest gain in its tooltip.</param>
    public static string Render(FlowHeatmap heatmap, string title, FrictionReport? friction = null)
    {
        var goals = friction?.Goals;
        var svg = Svg(heatmap, friction);
        var shown = heatmap.Nodes.Select(n => n.Page).ToHashSet(StringComparer.Ordinal);
        var table = friction is null ? "" : Table(friction, p => shown.Contains(p.Page), TableRows, "Friction points of the pages shown");
        var conversion = goals is null ? "" : $"<p class=\"conversion\">{Html.Encode(ReportText.Conversion(goals))}: {Html.Encode(Bidi.Isolate(goals.Goals.ToString()))}.</p>";
        var goalLegend = goals is null ? "" : $"<span><i style=\"background:{FlowHeatmap.GoalColour}\"></i>goal</span>";

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <title>{{Html.Encode(title)}}</title>
            <style>
            body { margin: 0; padding: 24px; background: #1e1f29; color: #e6e6ef; font-family: system-ui, sans-serif; }
            h1 { font-size: 20px; font-weight: 600; margin: 0 0 4px; }
            p { margin: 0 0 16px; color: #a9abbd; font-size: 13px; }
            .legend span { display: inline-block; margin-right: 18px; font-size: 13px; }
            .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
            .canvas { overflow: auto; border: 1px solid #34364a; border-radius: 8px; background: #24263a; margin-top: 12px; }
            .edge { fill: none; stroke: #8a8fa3; stroke-opacity: 0.55; }
            .node text { fill: #ffffff; font-size: 12px; pointer-events: none; }
            .column { fill: #a9abbd; font-size: 13px; font-weight: 600; }
            .conversion { color: #e6e6ef; font-size: 15px; }
            h2 { font-size: 16px; font-weight: 600; margin: 24px 0 4px; }
            table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
            th, td { padding: 4px 10px; border-bottom: 1px solid #34364a; text-align: left; }
            td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            .few { color: #ffb74d; font-size: 11px; margin-left: 6px; }
            </style>
            </head>
            <body>
            <h1>{{Html.Encode(title)}}</h1>
            {{conversion}}
            <p>Pages coloured by friction (their worst (page, event) score); edges thicker with more transitions. {{(heatmap.Columns.Count > 0 ? FunnelMeaning + " " : "")}}Hover a page or an edge for its numbers.</p>
            <div class="legend"><span><i style="background:{{FlowHeatmap.Colour(NodeTier.Top10)}}"></i>top 10 % of pages</span><span><i style="background:{{FlowHeatmap.Colour(NodeTier.Top20)}}"></i>top 20 %</span><span><i style="background:{{FlowHeatmap.Colour(NodeTier.Top50)}}"></i>top 50 %</span><span><i style="background:{{FlowHeatmap.Colour(NodeTier.Rest)}}"></i>the rest</span>{{goalLegend}}</div>
            <div class="canvas">{{svg}}</div>
            {{table}}
            </body>
            </html>
            """;
    }

    /// <summary>
    /// The heatmap as an inline SVG element (no style attribute: the page's stylesheet gives the classes <c>edge</c>,
    /// <c>node</c> and <c>column</c> their look), each page and edge with its numbers as an SVG <c>&lt;title&gt;</c>.
    /// </summary>
    public static string Svg(FlowHeatmap heatmap, FrictionReport? friction)
    {
        var goals = friction?.Goals;
        var pairsByPage = friction?.Points.ToLookup(p => p.Page, StringComparer.Ordinal);
        var boxes = heatmap.Nodes.ToDictionary(n => n.Page, n => n.Box, StringComparer.Ordinal);
        var pairs = heatmap.Edges.Select(e => (e.From, e.To)).ToHashSet();
        var svg = new StringBuilder();
        svg.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{heatmap.Width:0}\" height=\"{heatmap.Height:0}\" viewBox=\"0 0 {heatmap.Width:0} {heatmap.Height:0}\" role=\"img\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8a8fa3\"/></marker></defs>");
        foreach (var column in heatmap.Columns)
            svg.Append(C, $"<text class=\"column\" x=\"{column.X + column.Width / 2:0.#}\" y=\"36\" text-anchor=\"middle\">{Html.Encode(column.Label)}</text>");
        foreach (var edge in heatmap.Edges)
        {
            if (!boxes.TryGetValue(edge.From, out var from) || !boxes.TryGetValue(edge.To, out var to)) continue;
            var path = edge.From == edge.To ? EdgeGeometry.SelfLoop(from) : EdgeGeometry.Curve(from, to, pairs.Contains((edge.To, edge.From)));
            svg.Append(C, $"<path class=\"edge\" d=\"{path}\" stroke-width=\"{edge.Thickness:0.##}\" marker-end=\"url(#arrow)\">");
            svg.Append(C, $"<title>{Html.Encode(Bidi.Isolate(edge.From))} → {Html.Encode(Bidi.Isolate(edge.To))}: {edge.Weight:N0} transitions, mostly {Html.Encode(Bidi.Isolate(edge.Event))}</title></path>");
        }
        foreach (var node in heatmap.Nodes)
        {
            var b = node.Box;
            svg.Append(C, $"<g class=\"node\" data-page=\"{Html.Encode(node.Page)}\" data-tier=\"{node.Tier}\"{(node.IsGoal ? " data-goal=\"true\"" : "")}>");
            svg.Append(C, $"<title>{Html.Encode(Bidi.Isolate(node.Page))}&#10;score {node.Score:0.0000}");
            svg.Append(C, $"&#10;exit rate {Html.Encode(ReportText.ExitRate(node.ExitRate, node.ExitRateLow, node.ExitRateHigh))}{(node.Traffic < WilsonInterval.FewObservations ? ", " + ReportText.FewObservations : "")}");
            svg.Append(C, $"&#10;betweenness {node.Betweenness:0.000}&#10;traffic {node.Traffic:N0} steps");
            if (node.IsGoal) svg.Append("&#10;goal: sessions succeed here");
            else if (goals is not null && pairsByPage![node.Page].Where(p => p.Goal is { HasGain: true }).MaxBy(p => p.Goal!.ProjectedGain) is { } best)
                svg.Append(C, $"&#10;largest projected gain ({Html.Encode(Bidi.Isolate(best.Event))}): {Html.Encode(ReportText.GainSentence(best.Goal!.ProjectedGain, goals.GainReduction))}");
            svg.Append("</title>");
            svg.Append(C, $"<rect x=\"{b.X:0.#}\" y=\"{b.Y:0.#}\" width=\"{b.Width:0.#}\" height=\"{b.Height:0.#}\" rx=\"8\" fill=\"{node.Colour}\"/>");
            svg.Append(C, $"<text x=\"{b.CenterX:0.#}\" y=\"{b.CenterY + 4:0.#}\" text-anchor=\"middle\">{Html.Encode(Bidi.Isolate(node.Label))}</text></g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>What the funnel layout's columns mean, for the dashboard and the export.</summary>
    public const string FunnelMeaning = "Funnel layout: each page stands in the column of the step at which its sessions typically first reach it (the median, the lower of the two middle ones for an even count; repeated steps on one page count as one step; step 20+ holds every later one).";

    /// <summary>
    /// The (page, event) pairs that <paramref name="include"/> keeps, by friction score, at most <paramref name="most"/>; goal
    /// pairs are left out (sessions succeed there). With goals: sessions, conversion rate and projected gain per pair.
    /// </summary>
    internal static string Table(FrictionReport friction, Func<FrictionPoint, bool> include, int most, string heading)
    {
        var goals = friction.Goals;
        var candidates = friction.Points.Where(p => include(p) && !p.IsGoal).ToList();
        var rows = candidates.Take(most).ToList();
        var html = new StringBuilder();
        html.Append(C, $"<h2>{Html.Encode(heading)}</h2>");
        html.Append(C, $"<p>{(rows.Count < candidates.Count ? $"The {rows.Count:N0} highest-scoring of {candidates.Count:N0} (page, event) pairs; the friction CSV export has them all. " : "")}");
        html.Append(Html.Encode(ReportText.IntervalMeaning));
        html.Append(C, $" Pairs seen fewer than {WilsonInterval.FewObservations} times are marked {ReportText.FewObservations}.");
        if (goals is not null)
            html.Append(C, $" Projected gain: extra conversions per 1,000 sessions if {ReportText.Percent(goals.GainReduction)} fewer sessions ended at the pair and went on like the others that pass it.");
        if (goals?.GainsComputed is not null) html.Append(C, $" {Html.Encode(ReportText.GainNotComputed)}");
        html.Append("</p><table><thead><tr><th>Page</th><th>Event</th><th class=\"n\">Exit rate (95 % interval)</th><th class=\"n\">Score</th><th class=\"n\">Cautious score</th>");
        if (goals is not null) html.Append("<th class=\"n\">Sessions</th><th class=\"n\">Conversion</th><th class=\"n\">Projected gain per 1,000 sessions</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var p in rows)
        {
            html.Append(C, $"<tr><td>{Html.Encode(Bidi.Isolate(p.Page))}</td><td>{Html.Encode(Bidi.Isolate(p.Event))}</td>");
            html.Append(C, $"<td class=\"n\">{Html.Encode(ReportText.ExitRate(p.ExitRate, p.ExitRateLow, p.ExitRateHigh))}{(p.FewObservations ? $"<span class=\"few\">{ReportText.FewObservations}</span>" : "")}</td>");
            html.Append(C, $"<td class=\"n\">{p.Score:0.0000}</td><td class=\"n\">{p.ScoreLow:0.0000}</td>");
            if (p.Goal is { } g)
                html.Append(C, $"<td class=\"n\">{g.Sessions:N0}</td><td class=\"n\">{g.ConversionRate:P1}</td><td class=\"n\">{Html.Encode(ReportText.Gain(g.ProjectedGain))}</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        return html.ToString();
    }
}
