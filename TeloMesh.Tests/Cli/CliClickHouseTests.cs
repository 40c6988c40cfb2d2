using TeloMesh.Core.ClickHouse;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Tests.Core.ClickHouse;

namespace TeloMesh.Tests.Cli;

/// <summary>
/// <c>clickhouse-load</c> and <c>--source clickhouse</c> against a real server: a CSV loaded with the command line and
/// analysed in ClickHouse leaves the same files as the same CSV analysed in process.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class CliClickHouseTests(ClickHouseServers servers) : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) => _folder.Run(args);

    private string Output(string dataset, string file) => _folder.Output(dataset, file);

    [Fact]
    public async Task A_csv_loaded_and_analysed_in_clickhouse_gives_the_files_of_the_in_process_run()
    {
        using (var client = servers.First.Client()) await client.ExecuteAsync("DROP TABLE IF EXISTS default.cli_tiny");
        var tiny = TestFiles.Fixture("tiny", "events.csv");
        var load = Run("clickhouse-load", "--input-file", tiny, "--clickhouse-url", servers.First.Url, "--clickhouse-table", "cli_tiny");
        Assert.True(load.Code == 0, load.Err);
        Assert.Contains($"Loaded 28 events (0 rows rejected) into default.cli_tiny at {servers.First.Url}", load.Out);
        Assert.Contains("--source clickhouse --clickhouse-table cli_tiny --session-column session_id", load.Out);

        var file = Run("--input-file", tiny, "--dataset", "file");
        Assert.True(file.Code == 0, file.Err);
        Environment.SetEnvironmentVariable(ClickHouseConnection.PasswordVariable, ClickHouseServer.AnalystPassword);
        try
        {
            var warehouse = Run("--source", "clickhouse", "--clickhouse-url", servers.First.Url, "--clickhouse-table", "cli_tiny",
                "--session-column", "session_id", "--clickhouse-user", ClickHouseServer.AnalystUser, "--dataset", "warehouse");
            Assert.True(warehouse.Code == 0, warehouse.Err);
            Assert.Contains("Events 28  Users 4  Sessions 8  Pages 6", warehouse.Out);
            Assert.Contains("Chokepoints 3", warehouse.Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ClickHouseConnection.PasswordVariable, null);
        }
        foreach (var name in new[] { OutputFileNames.GraphMl, OutputFileNames.GraphJson, OutputFileNames.Chokepoints, OutputFileNames.FragileFlows,
                     OutputFileNames.NodeMap, OutputFileNames.Metrics, OutputFileNames.SessionStats })
            Assert.Equal(File.ReadAllText(Output("file", name)), File.ReadAllText(Output("warehouse", name)));
        Assert.False(File.Exists(Output("warehouse", OutputFileNames.SessionFlows)));
        var info = DatasetInfo.TryRead(Output("warehouse", OutputFileNames.DatasetInfo))!;
        Assert.Equal("clickhouse", info.Format);
        Assert.Equal($"ClickHouse table default.cli_tiny at {servers.First.Url}", info.SourceFile);
        Assert.Equal((28, 4, 8), (info.Events, info.Users, info.Sessions));
        Assert.NotNull(info.AnalysedUtc);
        Assert.DoesNotContain(ClickHouseServer.AnalystPassword, File.ReadAllText(Output("warehouse", OutputFileNames.DatasetInfo)));
        // The dashboard lists it (its description is in the data folder, without the password) and re-runs it the same way.
        var description = Path.Combine(_folder.File("data"), "warehouse", ClickHouseDataset.FileName);
        Assert.DoesNotContain(ClickHouseServer.AnalystPassword, File.ReadAllText(description));
        Assert.Contains(DatasetCatalog.List(_folder.File("data"), _folder.File("outputs")), d => d.Name == "warehouse" && d.IsAnalysed);
        var again = Run("--source", "clickhouse", "--clickhouse-url", servers.First.Url, "--clickhouse-table", "cli_tiny", "--dataset", "file");
        Assert.Equal(2, again.Code);
        Assert.Contains("Dataset 'file' holds an event file", again.Err);
    }

    /// <summary>
    /// Grouping rules on a ClickHouse table from the command line (docs/metrics.md section 11): the suggestions come from its
    /// pages, and <c>--page-rules</c> gives the files of the same rules on the file. The synthetic shop's 30 pages (SyntheticOptions.Pages), its products among them,
    /// are words, not ids, so nothing is suggested for them; a rule file of one's own groups them.
    /// </summary>
    [Fact]
    public async Task Grouping_rules_apply_to_a_clickhouse_table_as_to_a_file()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.Synthetic);
        var source = new[] { "--source", "clickhouse", "--clickhouse-url", servers.First.Url, "--clickhouse-table", ClickHouseDatasets.Synthetic };
        var suggest = Run([.. source, "--dataset", "suggest", "--suggest-page-rules"]);
        Assert.True(suggest.Code == 0, suggest.Err);
        Assert.True(suggest.Out.Contains("No grouping rule to suggest: the 30 pages have no ids", StringComparison.Ordinal), suggest.Out);

        File.WriteAllText(_folder.File("rules.txt"), "/product/* => /product/:id\n~/(blog|category)/.* => /$1\n");
        File.WriteAllText(_folder.File("synthetic.csv"), ClickHouseDatasets.SyntheticCsv());
        var file = Run("--input-file", _folder.File("synthetic.csv"), "--dataset", "file", "--page-rules", _folder.File("rules.txt"));
        Assert.True(file.Code == 0, file.Err);
        var warehouse = Run([.. source, "--dataset", "warehouse", "--page-rules", _folder.File("rules.txt")]);
        Assert.True(warehouse.Code == 0, warehouse.Err);
        foreach (var name in new[] { OutputFileNames.GraphMl, OutputFileNames.Chokepoints, OutputFileNames.NodeMap, OutputFileNames.TransitionPairs })
            Assert.Equal(File.ReadAllText(Output("file", name)), File.ReadAllText(Output("warehouse", name)));
        Assert.Contains("/product/:id,", File.ReadAllText(Output("warehouse", OutputFileNames.Chokepoints)));
    }

    /// <summary>
    /// A CSV with a segment column loaded with the command line keeps the column, and <c>compare</c> on the ClickHouse
    /// dataset (recorded, or named with <c>--source clickhouse</c>) writes the comparison.csv of the same file compared
    /// in process, every number counted in ClickHouse.
    /// </summary>
    [Fact]
    public async Task Compare_on_a_clickhouse_dataset_writes_the_comparison_of_the_same_file()
    {
        using (var client = servers.First.Client()) await client.ExecuteAsync("DROP TABLE IF EXISTS default.cli_segments");
        var lines = File.ReadAllLines(TestFiles.Fixture("tiny", "events.csv"));
        var csv = _folder.File("segments.csv");
        File.WriteAllLines(csv, lines.Select((line, i) => line + (i == 0 ? ",platform" : i % 2 == 0 ? ",ios" : ",web")));
        var load = Run("clickhouse-load", "--input-file", csv, "--clickhouse-url", servers.First.Url, "--clickhouse-table", "cli_segments");
        Assert.True(load.Code == 0, load.Err);
        Assert.Contains("Segment columns loaded: platform.", load.Out);
        Assert.Equal(0, Run("--input-file", csv, "--dataset", "file").Code);
        Environment.SetEnvironmentVariable(ClickHouseConnection.UserVariable, ClickHouseServer.AnalystUser);
        Environment.SetEnvironmentVariable(ClickHouseConnection.PasswordVariable, ClickHouseServer.AnalystPassword);
        try
        {
            var table = new[] { "--clickhouse-url", servers.First.Url, "--clickhouse-table", "cli_segments", "--session-column", "session_id",
                "--clickhouse-user", ClickHouseServer.AnalystUser };
            Assert.Equal(0, Run(["--source", "clickhouse", .. table, "--dataset", "warehouse"]).Code);
            string[] slices = ["--segment", "platform", "--a", "ios", "--b", "web", "--min-support", "1", "--goal-page", "/checkout"];
            var file = Run(["compare", "--dataset", "file", .. slices]);
            Assert.True(file.Code == 0, file.Err);
            var recorded = Run(["compare", "--dataset", "warehouse", .. slices]);
            Assert.True(recorded.Code == 0, recorded.Err);
            Assert.Contains("counting both slices in ClickHouse table default.cli_segments", recorded.Out);
            var named = Run(["compare", "--source", "clickhouse", .. table, "--dataset", "named", .. slices]);
            Assert.True(named.Code == 0, named.Err);
            var expected = File.ReadAllText(Output("file", "comparison.csv"));
            Assert.True(expected.Split('\n').Length > 3, expected);
            Assert.Equal(expected, File.ReadAllText(Output("warehouse", "comparison.csv")));
            Assert.Equal(expected, File.ReadAllText(Output("named", "comparison.csv")));
            // paths too: followed in the table, the links of the file.
            Assert.Equal(0, Run("paths", "--dataset", "file", "--from", "/search", "--top", "2").Code);
            var tablePaths = Run("paths", "--dataset", "warehouse", "--from", "/search", "--top", "2");
            Assert.True(tablePaths.Code == 0, tablePaths.Err);
            Assert.Contains("following the paths in ClickHouse table default.cli_segments", tablePaths.Out);
            Assert.Equal(File.ReadAllText(Output("file", "paths_from.csv")), File.ReadAllText(Output("warehouse", "paths_from.csv")));
            // report too: the recorded table analysed where it lives, with a password given as a flag, and the latest
            // comparison (made above with the goal) shown when the report counts with the same goal.
            var report = Run("report", "--dataset", "warehouse", "--goal-page", "/checkout", "--clickhouse-password", ClickHouseServer.AnalystPassword);
            Assert.True(report.Code == 0, report.Err);
            Assert.Contains("aggregating in ClickHouse table default.cli_segments", report.Out);
            var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(File.ReadAllText(Output("warehouse", "report.html")));
            Assert.Contains("events from ClickHouse table default.cli_segments", html.QuerySelector("header")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("A: platform = ios:", html.QuerySelector("#comparison")!.TextContent, StringComparison.Ordinal);
            var unknown = Run(["compare", "--dataset", "warehouse", "--segment", "platform", "--a", "ios", "--b", "tv"]);
            Assert.Equal(2, unknown.Code);
            Assert.Contains("has no value 'tv'. Its values: 'ios', 'web'.", unknown.Err);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ClickHouseConnection.UserVariable, null);
            Environment.SetEnvironmentVariable(ClickHouseConnection.PasswordVariable, null);
        }
    }

    [Fact]
    public async Task With_shard_addresses_each_shard_aggregates_its_users_and_the_dataset_remembers_them()
    {
        await ClickHouseDatasets.EnsureAsync(servers, ClickHouseDatasets.TinyAll);
        var shards = $"{servers.First.Url}, {servers.Second.Url}";
        var run = Run("--source", "clickhouse", "--clickhouse-url", servers.First.Url, "--clickhouse-table", ClickHouseDatasets.TinyAll,
            "--session-column", "session_id", "--clickhouse-shards", shards, "--dataset", "sharded");
        Assert.True(run.Code == 0, run.Err);
        // The tiny example's numbers, as worked out by hand in TinyDefaultTests.
        Assert.Contains("Events 28  Users 4  Sessions 8  Pages 6", run.Out);
        Assert.Contains("Chokepoints 3", run.Out);
        Assert.Contains($"aggregated on its 2 shards ({servers.First.Url}, {servers.Second.Url})", run.Out);
        var description = ClickHouseDataset.TryRead(new DatasetPaths(_folder.File("data"), _folder.File("outputs"), "sharded"))!;
        Assert.Equal([servers.First.Url, servers.Second.Url], description.Shards);

        var bad = Run("--source", "clickhouse", "--clickhouse-table", ClickHouseDatasets.TinyAll, "--clickhouse-shards", "ftp://x", "--dataset", "bad");
        Assert.Equal(2, bad.Code);
        Assert.Contains("'ftp://x' is not a ClickHouse HTTP address", bad.Err);
    }

    [Fact]
    public async Task Columns_map_a_file_into_a_table_and_a_tables_session_column_out_of_it()
    {
        using (var client = servers.First.Client()) await client.ExecuteAsync("DROP TABLE IF EXISTS default.cli_renamed");
        var renamed = TestFiles.RenamedTiny(_folder.File("renamed.csv"));
        var load = Run("clickhouse-load", "--input", renamed, "--clickhouse-url", servers.First.Url, "--clickhouse-table", "cli_renamed",
            "--columns", "user=who,time=when,page=where,event=what,session=visit");
        Assert.True(load.Code == 0, load.Err);
        Assert.Contains("Loaded 28 events (0 rows rejected)", load.Out);

        var run = Run("--source", "clickhouse", "--clickhouse-url", servers.First.Url, "--clickhouse-table", "cli_renamed",
            "--columns", "session=session_id", "--dataset", "renamed");
        Assert.True(run.Code == 0, run.Err);
        // The tiny example's numbers (docs/metrics.md), read through the mapping both ways; the dataset remembers the session column.
        Assert.Contains("Events 28  Users 4  Sessions 8  Pages 6", run.Out);
        var description = ClickHouseDataset.TryRead(new DatasetPaths(_folder.File("data"), _folder.File("outputs"), "renamed"))!;
        Assert.Equal(ColumnMapping.Table with { Session = "session_id" }, description.Columns);
    }

    [Fact]
    public void An_unreachable_server_exits_2_naming_the_address()
    {
        var (code, _, error) = Run("--source", "clickhouse", "--clickhouse-url", "http://127.0.0.1:9/", "--clickhouse-table", "events");
        Assert.Equal(2, code);
        Assert.StartsWith("error: Cannot connect to ClickHouse at http://127.0.0.1:9/", error);
    }

    [Fact]
    public void Clickhouse_needs_a_table_and_all_stages()
    {
        var noTable = Run("--source", "clickhouse", "--clickhouse-url", servers.First.Url);
        Assert.Equal(2, noTable.Code);
        Assert.Contains("--source clickhouse needs --clickhouse-table NAME.", noTable.Err);
        var stage = Run("--source", "clickhouse", "--clickhouse-table", "t", "--stage", "graph");
        Assert.Equal(2, stage.Code);
        Assert.Contains("--source clickhouse runs every stage in one pass", stage.Err);
    }

    [Fact]
    public void The_help_lists_the_clickhouse_options()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("--source file|clickhouse", output);
        Assert.Contains("--clickhouse-shards URL,URL", output);
        Assert.Contains("clickhouse-load --input-file PATH --clickhouse-table NAME", output);
        Assert.Contains(ClickHouseConnection.PasswordVariable, output);
    }
}
