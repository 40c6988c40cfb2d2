using System.Text.Json;
using System.Xml;
using AngleSharp.Html.Parser;
using TeloMesh.Core.Export;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Tests.Core.Hostile;

/// <summary>
/// Page, event, user and session names that are scripts, markup, spreadsheet formulas, a right-to-left override and a
/// NUL (<c>Fixtures/hostile/hostile-names.csv</c>) go through the whole pipeline: every CSV output is neutralised
/// against formula injection and still gives the names back, the GraphML and JSON files give the names back when
/// parsed, and the HTML export holds them as text only.
/// </summary>
public sealed class HostileContentTests : IDisposable
{
    /// <summary>The eight names of the fixture, in its order: name k is user k, session k and page k.</summary>
    public static readonly string[] Names =
    [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
        "\u202Egnp.exe", "nul\u0000byte",
    ];

    private readonly HostileDatasets _sets = new();

    public HostileContentTests() => _sets.AddFixture("hostile", "hostile-names.csv");

    public void Dispose() => _sets.Dispose();

    /// <summary>
    /// A cell as a spreadsheet shows it: the leading ' that neutralised a formula taken away, and the invisible isolates
    /// (U+2068 ... U+2069) that keep a name's right-to-left override inside its cell.
    /// </summary>
    private static string Shown(string cell)
    {
        if (cell.Length > 1 && cell[0] == '\u2068' && cell[^1] == '\u2069') cell = cell[1..^1];
        return cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;
    }

    [Fact]
    public void A_right_to_left_override_stays_inside_its_name_in_every_file_people_read()
    {
        _sets.Analyze("hostile");
        const string isolated = "\u2068\u202Egnp.exe\u2069";
        var points = HostileDatasets.ReadCsv(_sets.Output("hostile", OutputFileNames.Chokepoints)).Skip(1).ToList();
        Assert.Contains(points, r => r[0] == isolated);
        Assert.DoesNotContain(points.SelectMany(r => r), c => c.Contains('\u202E') && !c.StartsWith('\u2068'));
        var fragile = HostileDatasets.ReadCsv(_sets.Output("hostile", OutputFileNames.FragileFlows)).Skip(1).ToList();
        Assert.Contains(fragile, r => r[0] == isolated && r[2] == isolated && r[6] == isolated); // session, page, user
        // session_flows.csv is read back by the later stages: its names stay exactly as they came.
        var flows = HostileDatasets.ReadCsv(_sets.Output("hostile", OutputFileNames.SessionFlows)).Skip(1).ToList();
        Assert.Contains(flows, r => r[3] == "\u202Egnp.exe");
    }

    private static string XmlSafe(string name) => name.Replace('\u0000', '\uFFFD');

    [Fact]
    public void The_fixture_is_analysed_as_eight_loops_of_eight_hostile_pages()
    {
        var (ingest, result) = _sets.Analyze("hostile");
        // Session k (user k) starts on page k and walks page k, k+1, ... round to page k again: 9 steps, 72 in all.
        // Lines 74 and 75 are bad rows. Each page: 9 steps, 1 exit; every page has one way out (p = 1): a cycle, so
        // betweenness 1 for all; score 1/9 everywhere, all eight are chokepoints and every session is a fragile flow.
        Assert.Equal((75L - 1, 72, 2), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        Assert.Equal(8, result.Friction.Chokepoints.Count());
        Assert.All(result.Friction.Points, p => Assert.Equal((9, 1, 1.0 / 9), (p.Occurrences, p.Exits, p.Score)));
        Assert.Equal(8, result.Friction.FragileFlows.Count);
        _sets.AssertComplete("hostile", withRejected: true);
    }

    [Fact]
    public void Every_csv_output_is_neutralised_and_gives_the_names_back()
    {
        _sets.Analyze("hostile");
        HostilePropertyTests.AssertNoFormulaCells(_sets, "hostile");

        var flows = HostileDatasets.ReadCsv(_sets.Output("hostile", OutputFileNames.SessionFlows)).Skip(1).ToList();
        Assert.Equal(72, flows.Count);
        // user_id, session_id, page, event: each of them the eight names exactly, once the ' is taken away.
        foreach (var column in new[] { 0, 1, 3, 4 })
            Assert.Equal(Names.Order(StringComparer.Ordinal), flows.Select(r => Shown(r[column])).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(flows, r => r[3] == "'=HYPERLINK(\"http://x\")");
        Assert.Contains(flows, r => r[0] == "'-2+3");

        var points = HostileDatasets.ReadCsv(_sets.Output("hostile", OutputFileNames.Chokepoints)).Skip(1).ToList();
        // Page i's only event is name (i + 3) mod 8.
        Assert.Equal(
            Names.Select((page, i) => (page, Names[(i + 3) % 8])).Order(),
            points.Select(r => (Shown(r[0]), Shown(r[1]))).Order());
        Assert.All(points, r => Assert.Equal(["0.1111111111111111", "1", "1", "0.1111111111111111", "9", "1", "1", "1",
            .. SpecFormulas.IntervalCells(1, 9, 1).Split(',')], r[2..]));

        var fragile = HostileDatasets.ReadCsv(_sets.Output("hostile", OutputFileNames.FragileFlows)).Skip(1).ToList();
        Assert.Equal(72, fragile.Count);
        Assert.Equal(Names.Order(StringComparer.Ordinal), fragile.Select(r => Shown(r[6])).Distinct().Order(StringComparer.Ordinal));

        Assert.Equal(
            [(74L, "expected 5 fields, found 3", "'=cmd|' /C calc'!A0,2025-03-01T20:00:00Z,/x"),
             (75L, "unparsable timestamp 'not-a-time': unrecognised timestamp", "'\t@SUM(A1),not-a-time,/x,view,s")],
            _sets.Rejected("hostile"));
    }

    [Fact]
    public void GraphML_parses_and_gives_the_names_back()
    {
        _sets.Analyze("hostile");
        var nodes = new List<string>();
        var edges = new List<(string Source, string Target, string Event)>();
        using (var xml = XmlReader.Create(_sets.Output("hostile", OutputFileNames.GraphMl)))
        {
            (string, string)? edge = null;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element) continue;
                if (xml.LocalName == "node") nodes.Add(xml.GetAttribute("id")!);
                else if (xml.LocalName == "edge") edge = (xml.GetAttribute("source")!, xml.GetAttribute("target")!);
                else if (xml.LocalName == "data" && xml.GetAttribute("key") == "d1") edges.Add((edge!.Value.Item1, edge.Value.Item2, xml.ReadElementContentAsString()));
            }
        }
        // XML cannot hold a NUL, even escaped: it becomes U+FFFD there; everything else comes back exactly.
        Assert.Equal(Names.Select(XmlSafe).Order(StringComparer.Ordinal), nodes.Order(StringComparer.Ordinal));
        // Edge i -> i+1 carries the event of its destination steps, name (i + 4) mod 8.
        Assert.Equal(
            Names.Select((_, i) => (XmlSafe(Names[i]), XmlSafe(Names[(i + 1) % 8]), XmlSafe(Names[(i + 4) % 8]))).Order(),
            edges.Order());
    }

    [Fact]
    public void The_json_outputs_give_the_names_back_exactly()
    {
        _sets.Analyze("hostile");
        using var graph = JsonDocument.Parse(File.ReadAllBytes(_sets.Output("hostile", OutputFileNames.GraphJson)));
        Assert.Equal(Names.Order(StringComparer.Ordinal),
            graph.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var json = File.ReadAllText(_sets.Output("hostile", OutputFileNames.GraphJson));
        Assert.DoesNotContain("<script>", json, StringComparison.Ordinal); // escaped, so the file is safe inside HTML too
        using var map = JsonDocument.Parse(File.ReadAllBytes(_sets.Output("hostile", OutputFileNames.NodeMap)));
        Assert.Equal(Names.Order(StringComparer.Ordinal), map.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_html_heatmap_holds_the_names_as_text_and_no_markup_of_theirs()
    {
        var (_, result) = _sets.Analyze("hostile");
        var html = HeatmapHtmlExport.Render(FlowHeatmap.Build(result, GraphLayout.Compute(result)), "heatmap of <script>alert(1)</script>");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, img, iframe, [onerror], [onload]"));
        Assert.Equal("heatmap of <script>alert(1)</script>", document.Title);
        // The browser reads a NUL as U+FFFD; every other name comes back exactly from the node's data-page.
        Assert.Equal(Names.Select(XmlSafe).Order(StringComparer.Ordinal),
            document.QuerySelectorAll("g.node").Select(g => g.GetAttribute("data-page")!).Order(StringComparer.Ordinal));
        // The override stays inside the name in its label and tooltips, so "score ..." after it reads left to right.
        var node = document.QuerySelectorAll("g.node").Single(g => g.GetAttribute("data-page") == "\u202Egnp.exe");
        Assert.StartsWith("\u2068\u202Egnp.exe\u2069\nscore ", node.QuerySelector("title")!.TextContent, StringComparison.Ordinal);
        Assert.All(document.QuerySelectorAll("title, text").Select(e => e.TextContent).Where(t => t.Contains('\u202E')),
            t => Assert.Contains("\u2068\u202E", t, StringComparison.Ordinal));
    }
}
