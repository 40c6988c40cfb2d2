using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using TeloMesh.Core.Export;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Tests.Core.Heatmap;

/// <summary>
/// The HTML export of a hand-made heatmap. HeatmapHtmlExport's docs: one self-contained file, an inline SVG, no
/// script, no external request, a legend, every page and event name HTML-encoded (docs/metrics.md 6: every HTML export
/// encodes user-supplied text).
/// </summary>
public partial class HeatmapHtmlExportTests
{
    private static HeatmapNode Node(string page, NodeTier tier, double x, double y) =>
        new(page, new NodeBox(x, y, 80, 36), tier, 10, 0.5, 0.25, 0.125);

    /// <summary>/home (Top10) at (20, 20), /cart (Top20) at (140, 20), /help (Rest) at (20, 112); boxes 80 x 36.</summary>
    private static FlowHeatmap Benign() => new(
        [Node("/home", NodeTier.Top10, 20, 20), Node("/cart", NodeTier.Top20, 140, 20), Node("/help", NodeTier.Rest, 20, 112)],
        [new HeatmapEdge("/home", "/cart", 4, "Click", 4), new HeatmapEdge("/cart", "/cart", 2, "Reload", 2.5), new HeatmapEdge("/home", "/help", 1, "View", 1)],
        260, 168);

    private static int Count(string html, string part) => Regex.Matches(html, Regex.Escape(part), RegexOptions.IgnoreCase).Count;

    [GeneratedRegex("<g class=\"node\" data-page=\"(?<page>[^\"]*)\" data-tier=\"(?<tier>\\w+)\"[^>]*>.*?<rect [^>]*fill=\"(?<fill>[^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex NodeRect();

    [GeneratedRegex("<path class=\"edge\" d=\"(?<d>[^\"]+)\"[^>]*><title>(?<title>[^<]*)</title>")]
    private static partial Regex EdgePath();

    [Fact]
    public void Output_is_one_html_document_with_an_inline_svg()
    {
        var html = HeatmapHtmlExport.Render(Benign(), "Flow heatmap");
        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, Count(html, "<html"));
        Assert.Equal(1, Count(html, "</html>"));
        Assert.Equal(1, Count(html, "<svg"));
        Assert.Equal(1, Count(html, "</svg>"));
        var body = html.IndexOf("<body>", StringComparison.Ordinal);
        var svg = html.IndexOf("<svg", StringComparison.Ordinal);
        Assert.InRange(svg, body, html.IndexOf("</body>", StringComparison.Ordinal));
        Assert.Equal(3, NodeRect().Matches(html).Count);
        Assert.Equal(3, EdgePath().Matches(html).Count);
    }

    [Fact]
    public void Output_has_no_script_and_requests_nothing_external()
    {
        var html = HeatmapHtmlExport.Render(Benign(), "Flow heatmap");
        Assert.Equal(0, Count(html, "<script"));
        Assert.Equal(0, Count(html, "src="));
        Assert.Equal(0, Count(html, "href=\"http"));
        Assert.Equal(0, Count(html, "href='http"));
        Assert.Equal(0, Count(html, "url(http"));
        Assert.Equal(0, Count(html, "@import"));
        Assert.Equal(0, Count(html, "<link"));
        Assert.Equal(0, Count(html, "<iframe"));
    }

    [Fact]
    public void Output_has_a_legend_with_the_three_tier_colours()
    {
        var html = HeatmapHtmlExport.Render(Benign(), "Flow heatmap");
        var start = html.IndexOf("class=\"legend\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "no legend");
        var legend = html[start..html.IndexOf("</div>", start, StringComparison.Ordinal)];
        foreach (var tier in new[] { NodeTier.Top10, NodeTier.Top20, NodeTier.Rest })
            Assert.Contains(FlowHeatmap.Colour(tier), legend, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")]
    public void Hostile_page_names_are_html_encoded(string page, string encoded)
    {
        // HTML encoding: < is &lt;, > is &gt;, " is &quot;; letters, digits, spaces, =, ( and ) stay as they are.
        var heatmap = new FlowHeatmap(
            [Node(page, NodeTier.Top10, 20, 20), Node("/safe", NodeTier.Rest, 20, 112)],
            [new HeatmapEdge(page, "/safe", 3, "<b>go</b>", 3)], 160, 168);
        var html = HeatmapHtmlExport.Render(heatmap, "Flow heatmap");
        Assert.DoesNotContain(page, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>go</b>", html, StringComparison.Ordinal);
        Assert.Equal(0, Count(html, "<script"));
        Assert.Equal(0, Count(html, "<img"));
        Assert.Contains($"data-page=\"{encoded}\"", html, StringComparison.Ordinal);
        Assert.Contains($">{encoded}</text>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;go&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Ampersand_in_a_page_name_is_encoded()
    {
        // "&" itself is part of every entity, so look where the name goes: the data-page attribute and the label.
        var heatmap = new FlowHeatmap([Node("&", NodeTier.Rest, 20, 20)], [], 120, 76);
        var html = HeatmapHtmlExport.Render(heatmap, "Flow heatmap");
        Assert.Contains("data-page=\"&amp;\"", html, StringComparison.Ordinal);
        Assert.Contains(">&amp;</text>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-page=\"&\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">&</text>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_is_html_encoded()
    {
        const string Title = "Q1 <b>report</b> & \"more\"";
        var html = HeatmapHtmlExport.Render(Benign(), Title);
        const string Encoded = "Q1 &lt;b&gt;report&lt;/b&gt; &amp; &quot;more&quot;";
        Assert.DoesNotContain(Title, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains($"<title>{Encoded}</title>", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{Encoded}</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_node_is_filled_with_its_tier_colour()
    {
        var html = HeatmapHtmlExport.Render(Benign(), "Flow heatmap");
        var fills = NodeRect().Matches(html).ToDictionary(m => m.Groups["page"].Value, m => (m.Groups["tier"].Value, m.Groups["fill"].Value));
        Assert.Equal(("Top10", FlowHeatmap.Colour(NodeTier.Top10)), fills["/home"]);
        Assert.Equal(("Top20", FlowHeatmap.Colour(NodeTier.Top20)), fills["/cart"]);
        Assert.Equal(("Rest", FlowHeatmap.Colour(NodeTier.Rest)), fills["/help"]);
        Assert.Equal(3, fills.Values.Select(f => f.Item2).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void A_self_loop_is_drawn_as_a_loop_on_the_right_of_its_box()
    {
        // /cart's box: x 140..220, y 20..56, centre y 38. The loop leaves the right border (x = 220) above the centre,
        // bulges further right and comes back to the right border below the centre.
        var html = HeatmapHtmlExport.Render(Benign(), "Flow heatmap");
        var loop = EdgePath().Matches(html).Single(m => m.Groups["title"].Value.StartsWith("/cart → /cart", StringComparison.Ordinal));
        var d = loop.Groups["d"].Value;
        Assert.Equal(EdgeGeometry.SelfLoop(new NodeBox(140, 20, 80, 36)), d);
        var numbers = Regex.Matches(d, @"-?\d+(\.\d+)?").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.StartsWith("M", d, StringComparison.Ordinal);
        Assert.Contains(" C", d, StringComparison.Ordinal);
        Assert.Equal(8, numbers.Length);
        Assert.Equal(220, numbers[0]);
        Assert.True(numbers[1] < 38, d);
        Assert.True(numbers[2] > 220 && numbers[4] > 220, d);
        Assert.Equal(220, numbers[6]);
        Assert.True(numbers[7] > 38, d);
    }

    [Fact]
    public void An_edge_between_two_boxes_runs_from_border_to_border()
    {
        // /home (20..100, centre y 38) to /cart (140..220, centre y 38): a horizontal line of centres, so the curve
        // leaves /home's right border at (100, 38) and ends on /cart's left border at (140, 38).
        var html = HeatmapHtmlExport.Render(Benign(), "Flow heatmap");
        var edge = EdgePath().Matches(html).Single(m => m.Groups["title"].Value.StartsWith("/home → /cart", StringComparison.Ordinal));
        Assert.StartsWith("M100,38 Q", edge.Groups["d"].Value, StringComparison.Ordinal);
        Assert.EndsWith(" 140,38", edge.Groups["d"].Value, StringComparison.Ordinal);
        Assert.Contains("4 transitions, mostly Click", edge.Groups["title"].Value, StringComparison.Ordinal);
    }

    /// <summary>
    /// /home (Top10) and /cart (Top20) as in <see cref="Benign"/>, and the goal page /thanks (Rest, green). The report has a
    /// pair of each and one of /elsewhere, a page not drawn. Intervals (Wilson, by hand): /home view 5 of 10: centre 0.5,
    /// half 0.2634069: 0.2365931 to 0.7634069; /cart click 2 of 4: 0.1500390 to 0.8499610. Gains assume 10 % fewer exits.
    /// </summary>
    private static (FlowHeatmap Heatmap, FrictionReport Report) WithGoals()
    {
        var heatmap = new FlowHeatmap(
            [Node("/home", NodeTier.Top10, 20, 20), Node("/cart", NodeTier.Top20, 140, 20), Node("/thanks", NodeTier.Rest, 20, 112) with { IsGoal = true }],
            [new HeatmapEdge("/home", "/cart", 4, "Click", 4), new HeatmapEdge("/cart", "/thanks", 2, "Buy", 2.5)], 260, 168);
        FrictionPoint Point(string page, string evt, int occurrences, int exits, double low, double high, PairGoalNumbers goal) =>
            new(page, evt, occurrences, exits, (double)exits / occurrences, exits, 1, (double)exits / occurrences, false)
            {
                ExitRateLow = low,
                ExitRateHigh = high,
                ScoreLow = low,
                Goal = goal,
            };
        var report = new FrictionReport(
            [
                Point("/home", "view", 10, 5, 0.236593090512564, 0.7634069094874361, new PairGoalNumbers(false, 10, 2, 31.26, 0.3126)),
                Point("/cart", "<b>click</b>", 4, 2, 0.15003898915214947, 0.8499610108478506, new PairGoalNumbers(false, 4, 2, double.NaN, double.NaN)),
                Point("/elsewhere", "view", 40, 1, 0.0044, 0.1290, new PairGoalNumbers(false, 40, 1, 0.5, 0.005)),
                Point("/thanks", "Buy", 2, 0, 0, 0.6576197724933469, new PairGoalNumbers(true, 2, 2, 0, 0)),
            ],
            0.5, [], new Dictionary<string, double>())
        {
            Goals = new GoalSummary(new TeloMesh.Core.Journeys.GoalSet(["/thanks"], []), 10, 2, 0.2, 0.1, 2),
        };
        return (heatmap, report);
    }

    [Fact]
    public void A_goal_page_is_green_with_a_legend_entry_and_the_conversion_rate()
    {
        var (heatmap, report) = WithGoals();
        var html = HeatmapHtmlExport.Render(heatmap, "Flow heatmap", report);
        Assert.Contains("<g class=\"node\" data-page=\"/thanks\" data-tier=\"Rest\" data-goal=\"true\">", html, StringComparison.Ordinal);
        var fills = NodeRect().Matches(html).ToDictionary(m => m.Groups["page"].Value, m => m.Groups["fill"].Value);
        Assert.Equal(FlowHeatmap.GoalColour, fills["/thanks"]);
        var legend = html[html.IndexOf("class=\"legend\"", StringComparison.Ordinal)..];
        Assert.Contains($"<i style=\"background:{FlowHeatmap.GoalColour}\"></i>goal", legend[..legend.IndexOf("</div>", StringComparison.Ordinal)], StringComparison.Ordinal);
        // 2 of 10 sessions convert: 20.0 %.
        Assert.Equal("Conversion 20.0 % (2 of 10 sessions reach a goal): page /thanks.",
            new HtmlParser().ParseDocument(html).QuerySelector("p.conversion")!.TextContent);
        // Without goals: no green, no goal legend, no conversion line.
        var plain = HeatmapHtmlExport.Render(Benign(), "Flow heatmap");
        Assert.DoesNotContain(FlowHeatmap.GoalColour, plain, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("class=\"conversion\"", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_lists_the_drawn_pages_pairs_with_their_ranges_and_gains_but_not_the_goals()
    {
        var (heatmap, report) = WithGoals();
        var document = new HtmlParser().ParseDocument(HeatmapHtmlExport.Render(heatmap, "Flow heatmap", report));
        var rows = document.QuerySelectorAll("table tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToList()).ToList();
        // /elsewhere is not drawn and /thanks is the goal: /home and /cart, in the report's order; names stay text.
        Assert.Equal(["/home", "/cart"], rows.Select(r => r[0]));
        Assert.Equal("<b>click</b>", rows[1][1]);
        Assert.Empty(document.QuerySelectorAll("table b"));
        // /home: 50.0 % (23.7–76.3) and its few-observations mark, score 0.5000, cautious 0.2366, 10 sessions, 20.0 % convert,
        // +31.3 conversions per 1,000 sessions.
        Assert.Equal(["/home", "view", "50.0 % (23.7–76.3)few observations", "0.5000", "0.2366", "10", "20.0 %", "+31.3"], rows[0]);
        // /cart: its gain was not computed (a dash), and the note says why.
        Assert.Equal("—", rows[1][^1]);
        var note = document.QuerySelector("table")!.PreviousElementSibling!.TextContent;
        Assert.Contains("The range is the 95 % confidence interval", note, StringComparison.Ordinal);
        Assert.Contains("if 10 % fewer sessions ended at the pair", note, StringComparison.Ordinal);
        Assert.Contains("projected gains are computed only for the chokepoints", note, StringComparison.Ordinal);
        // Without a report there is no table.
        Assert.DoesNotContain("<table>", HeatmapHtmlExport.Render(heatmap, "Flow heatmap"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_tooltip_gives_the_exit_rate_range_and_its_largest_gain()
    {
        var (heatmap, report) = WithGoals();
        var document = new HtmlParser().ParseDocument(HeatmapHtmlExport.Render(heatmap, "Flow heatmap", report));
        var titles = document.QuerySelectorAll("g.node").ToDictionary(g => g.GetAttribute("data-page")!, g => g.QuerySelector("title")!.TextContent);
        // The nodes of WithGoals: 10 steps, exit rate 0.5, no interval set (0 to 0); fewer than 30 steps.
        Assert.Contains("exit rate 50.0 % (0.0–0.0), few observations", titles["/home"], StringComparison.Ordinal);
        Assert.Contains("largest projected gain (view): +31.3 conversions per 1,000 sessions if 10 % fewer sessions ended here", titles["/home"], StringComparison.Ordinal);
        Assert.DoesNotContain("largest projected gain", titles["/cart"], StringComparison.Ordinal); // not computed
        Assert.EndsWith("goal: sessions succeed here", titles["/thanks"], StringComparison.Ordinal);
    }
}
