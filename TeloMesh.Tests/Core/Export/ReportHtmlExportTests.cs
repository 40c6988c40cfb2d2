using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Export;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Tests.Core.Friction;

namespace TeloMesh.Tests.Core.Export;

/// <summary>
/// The one-file report (docs/metrics.md section 15) of the decision table's hand-built shop (DecisionTableTests works its
/// numbers out): 28 sessions of 28 users, 138 steps on 8 pages, goal /thanks reached by 12 sessions (42.9 %). Every
/// session starts on /home, so /home is the main entry page; from it 22 sessions go on to /list (10 + 10 + 2) and 6 to /faq.
/// </summary>
public partial class ReportHtmlExportTests
{
    private static readonly DateTime Written = new(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc);

    private static readonly AnalysisResult Shop = AnalysisPipeline.Analyze(TestFiles.Read(DecisionTableTests.Csv).Events, DecisionTableTests.WithGoal);

    private static Report Build(AnalysisResult result, LatestComparison? comparison = null) =>
        Report.BuildAsync(new EventTableSource(result.LocalSessions!.Events), result, "TeloMesh report · shop", Written,
            new ReportRows(140, 138, 2), "events.csv (telomesh)", comparison).GetAwaiter().GetResult();

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static string Text(IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    [GeneratedRegex("style-src 'sha256-(?<hash>[A-Za-z0-9+/=]+)'")]
    private static partial Regex StyleHash();

    [Fact]
    public void The_policy_lets_nothing_load_or_run_and_names_the_one_stylesheet_by_its_hash()
    {
        var html = ReportHtmlExport.Render(Build(Shop));
        var document = Parse(html);
        var policy = document.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content")!;
        Assert.StartsWith("default-src 'none'; ", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        // The hash of the style element's text, computed here from its definition (SHA-256 of the UTF-8 bytes, base 64).
        var styles = document.QuerySelectorAll("style");
        var style = Assert.Single(styles);
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.TextContent)));
        Assert.Equal(expected, StyleHash().Match(policy).Groups["hash"].Value);
        // The policy allows no style attribute, so none may be needed; nothing has a source, a link or a script.
        Assert.DoesNotContain(document.All, e => e.HasAttribute("style") || e.HasAttribute("src") || e.HasAttribute("href"));
        Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, embed"));
        // url(#arrow), the edges' arrowhead, points inside the document; no other url() may appear.
        Assert.DoesNotMatch(@"url\((?!#arrow\))", html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
    }

    [Fact]
    public void It_has_print_styles()
    {
        var style = Parse(ReportHtmlExport.Render(Build(Shop))).QuerySelector("style")!.TextContent;
        var print = style[style.IndexOf("@media print", StringComparison.Ordinal)..];
        Assert.Contains("body { background: #fff;", print, StringComparison.Ordinal);
        Assert.Contains("break-inside: avoid", print, StringComparison.Ordinal);
        Assert.Contains("thead { display: table-header-group; }", print, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_gives_the_counts_and_the_conversion_of_the_goal()
    {
        var document = Parse(ReportHtmlExport.Render(Build(Shop)));
        Assert.Equal("TeloMesh report · shop", Text(document.QuerySelector("h1")!));
        Assert.Contains("Written 2026-12-05 09:30 UTC", Text(document.QuerySelector("header")!), StringComparison.Ordinal);
        var cards = document.QuerySelectorAll("#summary .card").ToDictionary(c => Text(c.QuerySelector(".label")!), c => Text(c.QuerySelector(".value")!));
        Assert.Equal("138", cards["Events"]);
        Assert.Equal("28", cards["Users"]);
        Assert.Equal("28", cards["Sessions"]);
        Assert.Equal("8", cards["Pages"]);
        Assert.Equal("42.9 %", cards["Conversion"]);
        var summary = Text(document.QuerySelector("#summary")!);
        Assert.Contains("Conversion 42.9 % (12 of 28 sessions reach a goal). Goals: page /thanks.", summary, StringComparison.Ordinal);
        Assert.Contains("140 rows read, 138 accepted, 2 rejected.", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void What_to_do_lists_the_pages_to_fix_investigate_and_watch_and_names_the_ones_to_keep()
    {
        var document = Parse(ReportHtmlExport.Render(Build(Shop)));
        var rows = document.QuerySelectorAll("#decisions tbody tr").Select(r => (r.ClassName, Text(r.Children[1]), Text(r.Children[2]))).ToList();
        Assert.Equal(
            [
                ("fix", "/pay", "leak"), ("investigate", "/faq", "dead end"),
                ("watch", "/home", "entry"), ("watch", "/item", "hub"), ("watch", "/list", "hub"),
            ], rows);
        Assert.Equal("To keep as they are (3): /about, /cart (funnel step), /thanks (goal).", Text(document.QuerySelector("#decisions .keep")!));
        // The reason quotes the numbers: /pay is left by 10 of its 22 visits (45.5 %).
        Assert.Contains("exit rate 45.5 %", Text(document.QuerySelectorAll("#decisions tbody tr")[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_paths_follow_the_page_most_sessions_start_on()
    {
        Assert.Equal("/home", Report.MainEntry(Shop));
        var document = Parse(ReportHtmlExport.Render(Build(Shop)));
        var paths = document.QuerySelector("#paths")!;
        Assert.StartsWith("/home is the page most sessions start on. 28 sessions pass /home;", Text(paths.QuerySelector("p")!), StringComparison.Ordinal);
        var first = paths.QuerySelectorAll("tbody tr").Select(r => r.Children.Select(Text).ToArray()).Where(c => c[0] == "1").ToList();
        Assert.Equal([["1", "/home", "/list", "22"], ["1", "/home", "/faq", "6"]], first);
        Assert.NotNull(paths.QuerySelector("svg"));
    }

    [Fact]
    public void Ties_for_the_main_entry_go_to_the_first_page_in_code_point_order()
    {
        // Two sessions start on /b and two on /a; /a comes first. One starts on /c.
        var result = AnalysisPipeline.Analyze(SessionCsv.Events(("s1", "u1", "/b /x"), ("s2", "u2", "/a /x"), ("s3", "u3", "/b"), ("s4", "u4", "/a"), ("s5", "u5", "/c /a")),
            AnalysisOptions.Default);
        Assert.Equal("/a", Report.MainEntry(result));
    }

    [Fact]
    public void The_heatmap_draws_every_page_of_a_small_graph_and_the_friction_table_leaves_the_goal_out()
    {
        Assert.Equal(HeatmapView.All, Report.HeatmapViewFor(Shop));
        var document = Parse(ReportHtmlExport.Render(Build(Shop)));
        Assert.Equal(8, document.QuerySelectorAll("#heatmap svg g.node").Length);
        Assert.Equal(5, document.QuerySelectorAll("#heatmap .legend span").Length);
        var pages = document.QuerySelectorAll("#friction tbody tr").Select(r => Text(r.Children[0])).ToList();
        Assert.DoesNotContain("/thanks", pages);
        Assert.Equal(Shop.Friction.Points.Count(p => !p.IsGoal), pages.Count);
    }

    [Fact]
    public void A_large_graph_is_drawn_by_its_highest_friction_tiers()
    {
        // 100 pages: every page is too many, the top half (50) fits.
        var result = AnalysisPipeline.Analyze(SessionCsv.Events([.. Enumerable.Range(0, 100).Select(i => ($"s{i}", $"u{i}", $"/home /p{i:000}"))]),
            AnalysisOptions.Default);
        Assert.Equal(101, result.Graph.Pages.Count);
        Assert.Equal(HeatmapView.Top50, Report.HeatmapViewFor(result));
    }

    [Fact]
    public void Names_are_encoded_wherever_they_appear()
    {
        const string page = "<script>alert(1)</script>", evt = "\"><img src=x onerror=alert(1)>";
        var csv = $"user_id,timestamp,page,event\nu1,2025-03-01T10:00:00Z,/home,View\nu1,2025-03-01T10:01:00Z,\"{page.Replace("\"", "\"\"", StringComparison.Ordinal)}\",\"{evt.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n" +
            $"u2,2025-03-01T10:00:00Z,/home,View\nu2,2025-03-01T10:01:00Z,/cart,View\n";
        var result = AnalysisPipeline.Analyze(TestFiles.Read(csv).Events, AnalysisOptions.Default with { Goals = new GoalSet(["/cart"], []) });
        var html = ReportHtmlExport.Render(Build(result));
        var document = Parse(html);
        Assert.Empty(document.QuerySelectorAll("script, img"));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains(page, Text(document.QuerySelector("#decisions")!), StringComparison.Ordinal);
        Assert.Contains(evt, Text(document.QuerySelector("#friction")!), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_comparison_there_is_no_comparison_section_and_with_one_it_says_what_changed()
    {
        Assert.Null(Parse(ReportHtmlExport.Render(Build(Shop))).QuerySelector("#comparison"));
        var comparison = new ComparisonResult(new SliceSummary("week 10", 40, 28), new SliceSummary("week 11", 40, 12), (-3.577709, 0.000347),
            [
                new Change(ChangeKind.Exit, "/pay", "Click", "", 4, 40, 8, 40, 1.25, 0.005, 0.01),
                new Change(ChangeKind.Transition, "/cart", "", "/gift", 0, 36, 4, 32, 2.1, 0.2, 0.3),
            ], MinSupport: 30, Hidden: 1, WithGoals: true);
        var made = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        var section = Parse(ReportHtmlExport.Render(Build(Shop, new LatestComparison(comparison, made, TimeSpan.FromMinutes(30), new GoalSet(["/thanks"], []), ""))))
            .QuerySelector("#comparison")!;
        Assert.Contains("Made 2026-12-01 08:00 UTC.", Text(section), StringComparison.Ordinal);
        Assert.Contains("Conversion 70.0 % -> 30.0 % (p < 0.001).", Text(section), StringComparison.Ordinal);
        var changes = section.QuerySelectorAll("li").Select(li => (li.ClassName, Text(li))).ToList();
        // Exit 4/40 = 10.0 % -> 8/40 = 20.0 %, q 0.01: significant and worse; 0.1 x 40 = 4 visits affected.
        Assert.Equal(("worse", "worse: /pay (Click): exit rate 10.0 % -> 20.0 % (q = 0.01), 4 visits affected"), changes[0]);
        Assert.Equal("new: /cart -> /gift: share of the transitions out of /cart 0.0 % -> 12.5 % (q = 0.3), 4 transitions affected", changes[1].Item2);

        // Counted without the report's goal, the comparison is not shown as if it were this analysis's: a sentence says so.
        var stale = Parse(ReportHtmlExport.Render(Build(Shop, new LatestComparison(comparison, made, TimeSpan.FromMinutes(30), GoalSet.None, ""))))
            .QuerySelector("#comparison")!;
        Assert.Empty(stale.QuerySelectorAll("li"));
        Assert.Contains("counted sessions with other goals, session gap or grouping rules than this report: compare again", Text(stale), StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_used_are_listed()
    {
        var options = Parse(ReportHtmlExport.Render(Build(Shop))).QuerySelectorAll("#options tr").ToDictionary(r => Text(r.QuerySelector("th")!), r => Text(r.QuerySelector("td")!));
        Assert.Equal("30 minutes (a session column, when the data has one, wins)", options["Session gap"]);
        Assert.Equal("page /thanks", options["Goals"]);
        Assert.Equal("10 %", options["Gain reduction"]);
        Assert.Equal("all sessions", options["Sessions"]);
        Assert.Equal("none", options["Grouping rules"]);
    }
}
