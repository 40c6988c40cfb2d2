using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary>
/// A comparison (docs/metrics.md section 9) as one self-contained HTML file to attach to a ticket or a release note: both
/// slices, the conversion test, what the minimum support left out, and the ranked changes in the words of
/// <see cref="ReportText"/>, so it says what the command line and the dashboard say. No script and no external request,
/// like <see cref="HeatmapHtmlExport"/>; every name (pages, events, segment values, datasets) is HTML-encoded.
/// </summary>
public static class ComparisonHtmlExport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Most changes the file lists; <c>comparison.csv</c> has them all.</summary>
    public const int ListedChanges = 500;

    /// <param name="result">The comparison.</param>
    /// <param name="title">The page's title and heading.</param>
    /// <param name="shown">The changes to list, in order (by default all of them); the dashboard passes the rows its filter keeps.</param>
    /// <param name="shownNote">Which changes <paramref name="shown"/> keeps, in words (<c>worse only</c>), when it is not all of them.</param>
    /// <param name="goals">The goals both slices were counted with, named beside the conversion test.</param>
    public static string Render(ComparisonResult result, string title, IReadOnlyList<Change>? shown = null, string? shownNote = null, GoalSet? goals = null)
    {
        shown ??= result.Changes;
        var body = new StringBuilder();
        body.Append(C, $"<p class=\"slices\">{Text(ReportText.Slice("A", Isolated(result.A), result.WithGoals))}<br>{Text(ReportText.Slice("B", Isolated(result.B), result.WithGoals))}</p>");
        if (ReportText.ConversionChange(result) is { } conversion)
            body.Append(C, $"<p class=\"conversion\">{Text(conversion)}{(goals is null ? "" : $" Goals: {Text(Bidi.Isolate(goals.ToString()))}.")}</p>");
        body.Append(C, $"<p>{Text(ReportText.Support(result))}");
        if (result.Overlap > 0) body.Append(C, $" {Text(ReportText.Overlap(result))}");
        body.Append("</p>");
        if (result.Changes.Count == 0)
        {
            body.Append(C, $"<p class=\"nothing\">{Text(ReportText.NothingToCompare(result))}</p>");
            return Page(title, body.ToString());
        }
        body.Append(C, $"<p class=\"found\">{Text(ReportText.Significance(result))}</p>");
        body.Append("<h2>Changes, significant first, then by impact</h2><p>");
        if (shownNote is not null) body.Append(C, $"{Text(shownNote)}: {shown.Count:N0} of {result.Changes.Count:N0} changes. ");
        if (shown.Count > ListedChanges) body.Append(C, $"The first {ListedChanges:N0} of {shown.Count:N0}; comparison.csv has them all. ");
        body.Append(C, $"{Text(ReportText.QValueMeaning)}</p><ol class=\"changes\">");
        foreach (var change in shown.Take(ListedChanges))
        {
            var marks = new List<string>();
            if (change.Significant) marks.Add("significant");
            if (change.Significant && change.Worse) marks.Add("worse");
            if (change.New) marks.Add("new");
            if (change.Vanished) marks.Add("vanished");
            body.Append(C, $"<li class=\"{string.Join(' ', marks)}\" data-kind=\"{change.Kind.ToString().ToLowerInvariant()}\">{Text(ReportText.Change(Isolated(change)))}</li>");
        }
        body.Append("</ol>");
        return Page(title, body.ToString());
    }

    /// <summary>A change whose names cannot turn the sentence around them (see <see cref="Bidi"/>).</summary>
    private static Change Isolated(Change c) => c with { Page = Bidi.Isolate(c.Page), Event = Bidi.Isolate(c.Event), ToPage = Bidi.Isolate(c.ToPage) };

    private static SliceSummary Isolated(SliceSummary s) => s with { Description = Bidi.Isolate(s.Description) };

    private static string Text(string text) => Html.Encode(text);

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>{{Text(title)}}</title>
        <style>
        body { margin: 0; padding: 24px; background: #1e1f29; color: #e6e6ef; font-family: system-ui, sans-serif; max-width: 1100px; }
        h1 { font-size: 20px; font-weight: 600; margin: 0 0 12px; }
        h2 { font-size: 16px; font-weight: 600; margin: 24px 0 4px; }
        p { margin: 0 0 12px; color: #a9abbd; font-size: 13px; }
        .slices, .conversion, .found { color: #e6e6ef; font-size: 15px; }
        .nothing { color: #ffb74d; font-size: 15px; }
        ol { font-size: 13px; line-height: 1.7; padding-left: 28px; }
        li { color: #a9abbd; }
        li.significant { color: #e6e6ef; }
        li.worse { color: #ef9a9a; }
        li.new, li.vanished { color: #90caf9; }
        </style>
        </head>
        <body>
        <h1>{{Text(title)}}</h1>
        {{body}}
        </body>
        </html>
        """;
}
