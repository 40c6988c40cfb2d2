using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Tests.Core.Export;

/// <summary>
/// The HTML summary of a hand-made comparison: one self-contained document, no script, no external request, every name
/// HTML-encoded, and the sentences of <see cref="ReportText"/> (so it says what the command line and the dashboard say).
/// </summary>
public class ComparisonHtmlExportTests
{
    private const string Hostile = "<script>alert(1)</script>";
    private const string HostileEvent = "\"><img src=x onerror=alert(1)>";

    /// <summary>
    /// Slices of 40 sessions each, 28 then 12 converting. Changes in the comparison's order: the transition /cart -> (a
    /// script tag) 28 of 36 then 12 of 32 (q = 0.002, significant, changed), the exit of (/cart, an img tag) 4 of 40 then
    /// 8 of 40 (q = 0.01: significant and worse), and /cart -> /gift, absent from A (new, q = 0.3).
    /// </summary>
    private static ComparisonResult Result() => new(
        new SliceSummary("2025-03-03 to 2025-03-10, platform = <b>ios</b>", 40, 28), new SliceSummary("2025-03-10 to 2025-03-17, platform = <b>ios</b>", 40, 12),
        (-3.577709, 0.000347),
        [
            new Change(ChangeKind.Transition, "/cart", "", Hostile, 28, 36, 12, 32, -3.37, 0.0008, 0.002),
            new Change(ChangeKind.Exit, "/cart", HostileEvent, "", 4, 40, 8, 40, 1.25, 0.005, 0.01),
            new Change(ChangeKind.Transition, "/cart", "", "/gift", 0, 36, 4, 32, 2.1, 0.2, 0.3),
        ], MinSupport: 30, Hidden: 3, WithGoals: true)
    { Overlap = 2 };

    private static int Count(string html, string part) => Regex.Matches(html, Regex.Escape(part), RegexOptions.IgnoreCase).Count;

    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    [Fact]
    public void Output_is_one_document_with_no_script_and_no_external_request()
    {
        var html = ComparisonHtmlExport.Render(Result(), "Comparison");
        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal((1, 1), (Count(html, "<html"), Count(html, "</html>")));
        foreach (var part in new[] { "<script", "<img", "url(", "@import", "<link", "<iframe" })
            Assert.Equal(0, Count(html, part));
        // "src=" does occur, as text: the hostile event name, encoded. No element has a source or a link.
        Assert.DoesNotContain(new HtmlParser().ParseDocument(html).All, e => e.HasAttribute("src") || e.HasAttribute("href"));
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void It_says_both_slices_the_tests_and_each_change_in_the_words_of_the_report_text()
    {
        var result = Result();
        var document = new HtmlParser().ParseDocument(ComparisonHtmlExport.Render(result, "Shop · week 11", goals: new GoalSet(["/checkout"], [])));
        Assert.Equal("Shop · week 11", Text(document.QuerySelector("h1")!));
        // The slice lines, with the tags of the segment value as text: "A: ...: 40 sessions, 28 converted (70.0 %)".
        Assert.Equal("A: 2025-03-03 to 2025-03-10, platform = <b>ios</b>: 40 sessions, 28 converted (70.0 %)" +
            "B: 2025-03-10 to 2025-03-17, platform = <b>ios</b>: 40 sessions, 12 converted (30.0 %)", document.QuerySelector(".slices")!.TextContent);
        Assert.Equal("Conversion 70.0 % -> 30.0 % (p < 0.001). Goals: page /checkout.", Text(document.QuerySelector(".conversion")!));
        Assert.Equal("3 tests with at least 30 observations in both slices; 3 left out below that. " +
            "A and B overlap: 2 sessions are in both (allowed; the two rates then share them).", Text(document.QuerySelectorAll("p")[2]));
        Assert.Equal("2 significant (q < 0.05), 1 of them worse.", Text(document.QuerySelector(".found")!));
        Assert.Contains(ReportText.QValueMeaning, document.Body!.TextContent, StringComparison.Ordinal);

        var items = document.QuerySelectorAll("ol.changes li");
        Assert.Equal(result.Changes.Select(ReportText.Change), items.Select(li => li.TextContent));
        Assert.Equal($"/cart -> {Hostile}: share of the transitions out of /cart 77.8 % -> 37.5 % (q = 0.002), 13 transitions affected", items[0].TextContent);
        Assert.Equal(["significant", "significant worse", "new"], items.Select(li => li.ClassName));
        Assert.Equal(["transition", "exit", "transition"], items.Select(li => li.GetAttribute("data-kind")));
        Assert.Empty(document.QuerySelectorAll("script, img, b"));
    }

    [Fact]
    public void Only_the_changes_shown_are_listed_with_what_kept_them()
    {
        var result = Result();
        var document = new HtmlParser().ParseDocument(ComparisonHtmlExport.Render(result, "Comparison", [result.Changes[1]], "Listed: worse only"));
        Assert.Equal([ReportText.Change(result.Changes[1])], document.QuerySelectorAll("ol.changes li").Select(li => li.TextContent));
        Assert.StartsWith("Listed: worse only: 1 of 3 changes.", Text(document.QuerySelectorAll("h2 + p")[0]), StringComparison.Ordinal);
        // Without the goals named, the conversion test stands alone.
        Assert.Equal("Conversion 70.0 % -> 30.0 % (p < 0.001).", Text(document.QuerySelector(".conversion")!));
    }

    [Fact]
    public void Without_tests_it_says_why_there_is_nothing_to_compare()
    {
        var empty = Result() with { Changes = [], Hidden = 9, MinSupport = 1000, ConversionTest = null, WithGoals = false, Overlap = 0 };
        var document = new HtmlParser().ParseDocument(ComparisonHtmlExport.Render(empty, "Comparison"));
        Assert.Equal("Nothing to compare: no rate has 1,000 observations in both slices. Widen the slices or lower the minimum support.",
            Text(document.QuerySelector(".nothing")!));
        Assert.Equal("A: 2025-03-03 to 2025-03-10, platform = <b>ios</b>: 40 sessions", document.QuerySelector(".slices")!.ChildNodes[0].TextContent);
        Assert.Null(document.QuerySelector(".conversion"));
        Assert.Null(document.QuerySelector("ol"));
        Assert.DoesNotContain("overlap", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_direction_control_in_a_name_stays_inside_it()
    {
        // U+202E (right-to-left override) in a page name: the sentence gets it back between U+2068 and U+2069.
        var change = new Change(ChangeKind.Exit, "/\u202Eevil", "view", "", 4, 40, 8, 40, 1.25, 0.2, 0.4);
        var document = new HtmlParser().ParseDocument(ComparisonHtmlExport.Render(Result() with { Changes = [change] }, "Comparison"));
        Assert.StartsWith("\u2068/\u202Eevil\u2069 (view): exit rate", document.QuerySelector("ol.changes li")!.TextContent, StringComparison.Ordinal);
    }
}
