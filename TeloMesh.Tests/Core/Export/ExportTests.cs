using System.Text.Json;
using System.Xml.Linq;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Export;

public class ExportTests
{
    private static (AnalysisResult Result, IngestResult Ingest) Tiny(CompatMode mode = CompatMode.TeloMesh)
    {
        var ingest = CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv"));
        return (AnalysisPipeline.Analyze(ingest.Events, new AnalysisOptions { Compat = mode }), ingest);
    }

    [Fact]
    public void Every_file_of_spec_sections_6_and_10_is_written_and_nothing_temporary_is_left()
    {
        using var folder = new TestFiles.TempFolder();
        var (result, ingest) = Tiny();
        OutputWriter.WriteAll(folder.Path, result, ingest.Rejected);
        // ... and the decision table (docs/metrics.md section 13).
        Assert.Equal(
            [OutputFileNames.DecisionTable, OutputFileNames.Chokepoints, OutputFileNames.NodeMap, OutputFileNames.FragileFlows, OutputFileNames.Loops, OutputFileNames.Metrics,
             OutputFileNames.SessionFlows, OutputFileNames.SessionStats, OutputFileNames.TransitionPairs, OutputFileNames.GraphMl,
             OutputFileNames.GraphJson],
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Csv_files_have_the_spec_columns_and_the_hand_worked_rows()
    {
        using var folder = new TestFiles.TempFolder();
        var (result, ingest) = Tiny();
        OutputWriter.WriteAll(folder.Path, result, ingest.Rejected);
        var flows = File.ReadAllLines(folder.File(OutputFileNames.SessionFlows));
        Assert.Equal("user_id,session_id,step_index,page,event,timestamp", flows[0]);
        Assert.Equal("u_A,s_A1,0,/home,Page View,2025-03-01T09:00:00Z", flows[1]);
        Assert.Equal(29, flows.Length);
        var chokepoints = File.ReadAllLines(folder.File(OutputFileNames.Chokepoints));
        Assert.StartsWith("page,event,exit_rate,betweenness,users_lost,WSJF_Friction_Score,", chokepoints[0], StringComparison.Ordinal);
        // 1/3 as the shortest round-trip text; users_lost 2; 6 occurrences, 2 exits, 1 distinct user, chokepoint.
        // Then the Wilson interval of 2 in 6 (about 0.0968-0.7000, checked by hand in WilsonIntervalTests) and score_low = low x 1.
        Assert.Equal("/product,Page View,0.3333333333333333,1,2,0.3333333333333333,6,2,1,1," + SpecFormulas.IntervalCells(2, 6, 1), chokepoints[1]);
        var fragile = File.ReadAllLines(folder.File(OutputFileNames.FragileFlows));
        Assert.Equal("session_id,step_index,page,event,WSJF_Friction_Score,is_chokepoint,user_id", fragile[0]);
        Assert.Equal(10, fragile.Length); // header + 6 steps of s_A1 + 3 of s_C1
        Assert.Equal("s_A1,2,/product,Page View,0.3333333333333333,1,u_A", fragile[3]);
    }

    [Fact]
    public void Json_files_hold_the_node_map_graph_and_metrics()
    {
        using var folder = new TestFiles.TempFolder();
        var (result, ingest) = Tiny();
        OutputWriter.WriteAll(folder.Path, result, ingest.Rejected);
        using var map = JsonDocument.Parse(File.ReadAllText(folder.File(OutputFileNames.NodeMap)));
        Assert.Equal(["/cart", "/checkout", "/help", "/home", "/product", "/search"], map.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0 / 6, map.RootElement.GetProperty("/cart").GetDouble());
        using var graph = JsonDocument.Parse(File.ReadAllText(folder.File(OutputFileNames.GraphJson)));
        var homeSearch = graph.RootElement.GetProperty("edges").EnumerateArray()
            .Single(e => e.GetProperty("source").GetString() == "/home" && e.GetProperty("target").GetString() == "/search");
        Assert.Equal(4, homeSearch.GetProperty("weight").GetInt32()); // compat: the Click transition is not counted
        Assert.Equal(1, homeSearch.GetProperty("event_counts").GetProperty("Click").GetInt32()); // but it is kept
        using var metrics = JsonDocument.Parse(File.ReadAllText(folder.File(OutputFileNames.Metrics)));
        Assert.Equal(28, metrics.RootElement.GetProperty("total_events").GetInt32());
        Assert.Equal(8, metrics.RootElement.GetProperty("total_sessions").GetInt32());
        Assert.Equal(3.5, metrics.RootElement.GetProperty("avg_flow_length").GetDouble()); // 28 steps / 8 sessions
        Assert.Equal(1, metrics.RootElement.GetProperty("connected_components").GetInt32());
    }

    [Fact]
    public void GraphMl_is_valid_xml_with_typed_edge_attributes()
    {
        using var folder = new TestFiles.TempFolder();
        var (result, _) = Tiny(CompatMode.Default);
        GraphMlExport.Write(folder.File("g.graphml"), result.Graph);
        var doc = XDocument.Load(folder.File("g.graphml"));
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        Assert.Equal(6, doc.Descendants(ns + "node").Count());
        Assert.Equal(8, doc.Descendants(ns + "edge").Count());
        var weightKey = doc.Descendants(ns + "key").Single(k => (string?)k.Attribute("attr.name") == "weight");
        Assert.Equal("int", (string?)weightKey.Attribute("attr.type"));
        var homeSearch = doc.Descendants(ns + "edge").Single(e => (string?)e.Attribute("source") == "/home" && (string?)e.Attribute("target") == "/search");
        Assert.Equal("5", homeSearch.Elements(ns + "data").Single(d => (string?)d.Attribute("key") == (string?)weightKey.Attribute("id")).Value);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("-cmd|' /C calc'!A0")]
    public void Formula_like_cells_are_neutralised(string page)
    {
        using var folder = new TestFiles.TempFolder();
        var ingest = TestFiles.Read($"user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,\"{page.Replace("\"", "\"\"", StringComparison.Ordinal)}\",view\nu,2025-03-01T10:01:00Z,/b,view\n");
        var result = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default);
        OutputWriter.WriteAll(folder.Path, result, ingest.Rejected);
        var parsed = TestFiles.Read(File.ReadAllText(folder.File(OutputFileNames.SessionFlows)).Replace("step_index,", "step,", StringComparison.Ordinal));
        Assert.Contains("'" + page, parsed.Events.Pages.Values);
    }

    [Fact]
    public void Rejected_rows_file_lists_line_reason_and_text()
    {
        using var folder = new TestFiles.TempFolder();
        var ingest = TestFiles.Read("user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/a,view\nu,soon,/b,view\n");
        OutputWriter.WriteParse(folder.Path, TeloMesh.Core.Sessions.Sessionizer.Build(ingest.Events), ingest.Rejected);
        var lines = File.ReadAllLines(folder.File(OutputFileNames.RejectedRows));
        Assert.Equal("line_number,reason,raw_row", lines[0]);
        Assert.StartsWith("3,unparsable timestamp 'soon'", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",\"u,soon,/b,view\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_file_and_no_temporary()
    {
        using var folder = new TestFiles.TempFolder();
        var path = folder.File("result.csv");
        File.WriteAllText(path, "complete");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half"u8);
            throw new InvalidOperationException("crash mid-write");
        }));
        Assert.Equal("complete", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Temporary_files_of_a_process_that_is_gone_are_removed_and_others_kept()
    {
        using var folder = new TestFiles.TempFolder();
        // A process that has exited: its id names no running process now.
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        // This machine's name as temporary names carry it: what AtomicFile.Write itself leaves when interrupted.
        var host = string.Concat(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        const string Guid = "0123456789abcdef0123456789abcdef";
        var abandoned = folder.File($".session_flows.csv.{host}.{gone.Id}.{Guid}.tmp");
        var ours = folder.File($".metrics.json.{host}.{Environment.ProcessId}.{Guid}.tmp");
        var running = folder.File($".graph.json.{host}.1.{Guid}.tmp"); // process 1 always runs
        var elsewhere = folder.File($".graph.graphml.another-container.{gone.Id}.{Guid}.tmp"); // its ids mean nothing here
        var result = folder.File("result.csv");
        foreach (var file in new[] { abandoned, ours, running, elsewhere, result }) File.WriteAllText(file, "x");

        Assert.Equal(1, AtomicFile.RemoveAbandoned(folder.Path));
        Assert.Equal(new[] { ours, running, elsewhere, result }.Order(StringComparer.Ordinal), Directory.GetFiles(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GraphMl_escapes_hostile_names_and_replaces_characters_xml_cannot_hold()
    {
        using var folder = new TestFiles.TempFolder();
        var ingest = TestFiles.Read("user_id,timestamp,page,event\n" +
            "u,2025-03-01T10:00:00Z,<script>alert(1)</script>,view\n" +
            "u,2025-03-01T10:01:00Z,\"a\u0000b & \"\"c\"\"\",\"\"\"><img src=x>\"\n");
        var result = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default);
        GraphMlExport.Write(folder.File("g.graphml"), result.Graph);
        var text = File.ReadAllText(folder.File("g.graphml"));
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", text, StringComparison.Ordinal);
        var doc = XDocument.Load(folder.File("g.graphml")); // well-formed despite the NUL
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        var ids = doc.Descendants(ns + "node").Select(n => (string?)n.Attribute("id")).ToList();
        Assert.Contains("<script>alert(1)</script>", ids);
        Assert.Contains("a\uFFFDb & \"c\"", ids);
        var edge = doc.Descendants(ns + "edge").Single();
        Assert.Contains(edge.Elements(ns + "data"), d => d.Value == "\"><img src=x>");
    }
}
