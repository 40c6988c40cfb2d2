using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
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

    public static string Render(FlowHeatmap heatmap, string title)
    {
        var boxes = heatmap.Nodes.ToDictionary(n => n.Page, n => n.Box, StringComparer.Ordinal);
        var pairs = heatmap.Edges.Select(e => (e.From, e.To)).ToHashSet();
        var svg = new StringBuilder();
        svg.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{heatmap.Width:0}\" height=\"{heatmap.Height:0}\" viewBox=\"0 0 {heatmap.Width:0} {heatmap.Height:0}\" role=\"img\">");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8a8fa3\"/></marker></defs>");
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
            svg.Append(C, $"<g class=\"node\" data-page=\"{Html.Encode(node.Page)}\" data-tier=\"{node.Tier}\">");
            svg.Append(C, $"<title>{Html.Encode(Bidi.Isolate(node.Page))}&#10;score {node.Score:0.0000}&#10;exit rate {node.ExitRate:P1}&#10;betweenness {node.Betweenness:0.000}&#10;traffic {node.Traffic:N0} steps</title>");
            svg.Append(C, $"<rect x=\"{b.X:0.#}\" y=\"{b.Y:0.#}\" width=\"{b.Width:0.#}\" height=\"{b.Height:0.#}\" rx=\"8\" fill=\"{FlowHeatmap.Colour(node.Tier)}\"/>");
            svg.Append(C, $"<text x=\"{b.CenterX:0.#}\" y=\"{b.CenterY + 4:0.#}\" text-anchor=\"middle\">{Html.Encode(Bidi.Isolate(node.Label))}</text></g>");
        }
        svg.Append("</svg>");

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
            </style>
            </head>
            <body>
            <h1>{{Html.Encode(title)}}</h1>
            <p>Pages coloured by friction (their worst (page, event) score); edges thicker with more transitions. Hover a page or an edge for its numbers.</p>
            <div class="legend"><span><i style="background:{{FlowHeatmap.Colour(NodeTier.Top10)}}"></i>top 10 % of pages</span><span><i style="background:{{FlowHeatmap.Colour(NodeTier.Top20)}}"></i>top 20 %</span><span><i style="background:{{FlowHeatmap.Colour(NodeTier.Rest)}}"></i>the rest</span></div>
            <div class="canvas">{{svg}}</div>
            </body>
            </html>
            """;
    }
}
