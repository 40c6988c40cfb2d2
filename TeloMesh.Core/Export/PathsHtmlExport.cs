using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Export;

/// <summary>
/// A path view as one self-contained HTML file: the dashboard's Sankey diagram (<see cref="PathDiagram"/>) as an inline SVG
/// with tooltips as SVG <c>&lt;title&gt;</c> elements, then the links as a table; no script and no external request.
/// Every page name is HTML-encoded.
/// </summary>
public static class PathsHtmlExport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Render(PathResult result, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>").Append(Html.Encode(title)).Append("</title><style>")
            .Append("body{background:#1a1a27;color:#e0e0ea;font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse;margin-top:16px}")
            .Append("td,th{border-bottom:1px solid #333646;padding:4px 10px;text-align:left}td.n{text-align:right}text{fill:#e0e0ea;font-size:12px}")
            .Append("</style></head><body><h1>").Append(Html.Encode(title)).Append("</h1><p>")
            .Append(Html.Encode(Describe(result))).Append("</p>");
        html.Append(Svg(result));
        return html.Append(LinksTable(result.Links)).Append("</body></html>").ToString();
    }

    /// <summary>What a path view shows, in a sentence: the sessions through the page, the direction and the view's shape.</summary>
    internal static string Describe(PathResult result)
    {
        var q = result.Query;
        return string.Create(C, $"{result.Sessions:N0} sessions pass {Text.Bidi.Isolate(q.Page)}; {(q.Direction == PathDirection.From ? "the steps after it" : "the steps before it")}, ")
            + string.Create(C, $"{q.Steps} at most, the {q.Top} pages with the most sessions at each step by name, the rest (other){(q.KeepRepeats ? "; repeats kept" : "; a step on the page before it left out")}.");
    }

    /// <summary>The Sankey diagram as an inline SVG element, each band and node with its numbers as an SVG <c>&lt;title&gt;</c>.</summary>
    public static string Svg(PathResult result)
    {
        var diagram = new PathDiagram(result);
        var q = result.Query;
        var html = new StringBuilder();
        html.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{diagram.Width:0}\" height=\"{diagram.Height:0}\" viewBox=\"0 0 {diagram.Width:0} {diagram.Height:0}\" role=\"img\">");
        foreach (var band in diagram.Bands)
            html.Append("<path d=\"").Append(band.Svg()).Append("\" fill=\"#7e6fff\" fill-opacity=\"0.35\"><title>")
                .Append(Html.Encode(PathDiagram.Describe(band))).Append("</title></path>");
        foreach (var node in diagram.Nodes)
        {
            html.Append(C, $"<rect x=\"{node.X:0.##}\" y=\"{node.Y:0.##}\" width=\"{PathDiagram.NodeWidth:0}\" height=\"{Math.Max(node.Height, 1):0.##}\" fill=\"{(node.IsPage ? "#7e6fff" : "#8a8fa3")}\"><title>")
                .Append(Html.Encode(PathDiagram.Describe(node, q.Page))).Append("</title></rect>");
            html.Append(C, $"<text x=\"{node.X + PathDiagram.NodeWidth + 4:0.##}\" y=\"{node.Y + Math.Max(node.Height, 1) / 2 + 4:0.##}\">")
                .Append(Html.Encode(Text.Bidi.Isolate(node.Name))).Append("</text>");
        }
        return html.Append("</svg>").ToString();
    }

    /// <summary>The links as a table: step, from, to, sessions.</summary>
    internal static string LinksTable(IEnumerable<PathLink> links)
    {
        var html = new StringBuilder("<table><thead><tr><th>step</th><th>from</th><th>to</th><th>sessions</th></tr></thead><tbody>");
        foreach (var link in links)
            html.Append(C, $"<tr><td class=\"n\">{link.Step}</td><td>").Append(Html.Encode(Text.Bidi.Isolate(link.From))).Append("</td><td>").Append(Html.Encode(Text.Bidi.Isolate(link.To)))
                .Append(C, $"</td><td class=\"n\">{link.Sessions:N0}</td></tr>");
        return html.Append("</tbody></table>").ToString();
    }
}
