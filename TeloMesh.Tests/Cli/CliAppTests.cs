using TeloMesh.Core.Export;

namespace TeloMesh.Tests.Cli;

/// <summary>The command line run in-process against real files in a temporary folder.</summary>
public sealed class CliAppTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) => _folder.Run(args);

    private string Output(string dataset, string file) => _folder.Output(dataset, file);

    private static readonly string[] AnalysisFiles =
    [
        OutputFileNames.SessionFlows, OutputFileNames.GraphMl, OutputFileNames.GraphJson, OutputFileNames.Chokepoints,
        OutputFileNames.FragileFlows, OutputFileNames.NodeMap, OutputFileNames.Metrics, OutputFileNames.SessionStats,
        OutputFileNames.DatasetInfo,
    ];

    [Fact]
    public void A_graph_above_the_sampling_threshold_says_its_betweenness_is_an_estimate()
    {
        // The tiny case has 6 pages: above 3 pages, betweenness comes from 4 sampled source pages.
        var (code, output, error) = Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "t", "--sample-above", "3", "--samples", "4");
        Assert.True(code == 0, error);
        Assert.Contains("Betweenness is an estimate from 4 of 6 source pages", output, StringComparison.Ordinal);
        var info = TeloMesh.Core.Datasets.DatasetInfo.TryRead(Output("t", OutputFileNames.DatasetInfo))!;
        Assert.Equal(4, info.BetweennessEstimate!.Sources);
        Assert.Equal(6, info.BetweennessEstimate.Pages);
        Assert.Equal(3, info.Options!.BetweennessSampleAbove);
        Assert.Equal(4, info.Options.BetweennessSamples);
        Assert.Contains("\"betweenness_estimate\"", File.ReadAllText(Output("t", OutputFileNames.DatasetInfo)), StringComparison.Ordinal);
    }

    [Fact]
    public void Sampling_options_reject_nonsense()
    {
        var (code, _, error) = Run("--samples", "1");
        Assert.Equal(2, code);
        Assert.Contains("--samples expects a whole number of at least 2, got '1'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chokepoint_percentile_has_a_flag_and_the_dashboards_limits()
    {
        // The tiny example's non-zero scores are all 1/3 (docs/metrics.md, the tiny example), so any percentile of them is 1/3.
        var (code, output, error) = Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "p", "--percentile", "50");
        Assert.True(code == 0, error);
        Assert.Contains("Chokepoints 3 (threshold 0.3333)", output, StringComparison.Ordinal);
        Assert.Equal(0.5, TeloMesh.Core.Datasets.DatasetInfo.TryRead(Output("p", OutputFileNames.DatasetInfo))!.Options!.ChokepointPercentile);

        (code, _, error) = Run("--percentile", "30");
        Assert.Equal(2, code);
        Assert.Contains("--percentile expects a percentile from 50 to 99.9 (90 = the worst tenth), got '30'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "2025-03-01")]
    [InlineData("--clickhouse-table", "events")]
    [InlineData("--flow-limit", "5")]
    public void A_ClickHouse_only_flag_on_a_file_is_refused_instead_of_ignored(string flag, string value)
    {
        var (code, _, error) = Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "f", flag, value);

        Assert.Equal(2, code);
        Assert.Contains($"error: {flag} applies only to a ClickHouse table (--source clickhouse)", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.File("outputs"), "f")));
    }

    [Fact]
    public void Columns_map_a_files_own_names_and_are_remembered_for_the_next_run()
    {
        Assert.Equal(0, Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "plain").Code);
        var (code, output, error) = Run("--input", TestFiles.RenamedTiny(_folder.File("renamed.csv")), "--dataset", "renamed",
            "--columns", "user=who,time=when,page=where,event=what", "--session-column", "visit");

        Assert.True(code == 0, error);
        // The tiny example (docs/metrics.md): 28 events, 8 sessions, the same friction file as with TeloMesh's own names.
        Assert.Contains("28 events accepted", output, StringComparison.Ordinal);
        Assert.Contains("8 sessions", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Output("plain", OutputFileNames.Chokepoints)), File.ReadAllText(Output("renamed", OutputFileNames.Chokepoints)));
        var columns = TeloMesh.Core.Datasets.DatasetInfo.TryRead(Output("renamed", OutputFileNames.DatasetInfo))!.Columns!;
        Assert.Equal(("who", "when", "where", "what", "visit"), (columns.User, columns.Timestamp, columns.Page, columns.Event, columns.Session));

        // A later stage reads the dataset's source with the recorded mapping: no flags needed.
        (code, output, error) = Run("--stage", "parse", "--dataset", "renamed");
        Assert.True(code == 0, error);
        Assert.Contains("8 sessions", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--columns", "user=who,user=whom", "user is given twice")]
    [InlineData("--columns", "person=who", "'person' is not a role")]
    [InlineData("--columns", "user", "'user' is not role=COLUMN")]
    [InlineData("--columns", "user=who,page=", "'page=' is not role=COLUMN")]
    public void Bad_columns_say_what_is_wrong(string flag, string value, string problem)
    {
        var (code, _, error) = Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "c", flag, value);
        Assert.Equal(2, code);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_named_twice_or_columns_for_a_vendor_export_are_refused()
    {
        var twice = Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "c", "--columns", "user=who", "--user-column", "whom");
        Assert.Equal(2, twice.Code);
        Assert.Contains("--user-column and --columns both name the user column", twice.Err, StringComparison.Ordinal);

        var vendor = Run("--input-file", TestFiles.Fixture("import", "mixpanel.jsonl"), "--dataset", "mp", "--columns", "user=who");
        Assert.Equal(2, vendor.Code);
        Assert.Contains("a mixpanel export has its own fields", vendor.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_originals_flags_keep_its_scripts_working()
    {
        Assert.Equal(0, Run("--stage", "synthetic", "--users", "20", "--events", "10", "--dataset", "o").Code);
        Assert.Equal(0, Run("--stage", "parse", "--dataset", "o").Code);
        var (code, output, error) = Run("--stage", "chokepoints", "--dataset", "o", "--multi", "--fast");

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Output("o", OutputFileNames.Chokepoints)));
        Assert.Contains("note: --multi is accepted for the original's scripts and has no effect", output, StringComparison.Ordinal);
        Assert.Contains("note: --fast is accepted for the original's scripts and has no effect", output, StringComparison.Ordinal);
        Assert.Contains("Top friction points", output, StringComparison.Ordinal); // what --stage analysis prints
    }

    [Fact]
    public void A_subcommand_has_its_own_options_and_help()
    {
        var (code, output, _) = Run("clickhouse-load", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--clickhouse-table NAME", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--session-gap", output, StringComparison.Ordinal);

        var (badCode, _, error) = Run("clickhouse-load", "--session-gap", "5");
        Assert.Equal(2, badCode);
        Assert.Contains("Unknown option '--session-gap'. Run clickhouse-load with --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void All_stages_together_write_every_output_file_and_a_summary()
    {
        var (code, output, error) = Run("--users", "100", "--events", "50");
        Assert.True(code == 0, error);
        Assert.All(AnalysisFiles, f => Assert.True(File.Exists(Output("default", f)), f));
        Assert.True(File.Exists(Path.Combine(_folder.File("data"), "default", "events.csv")));
        Assert.Contains("Top friction points", output, StringComparison.Ordinal);
        foreach (var stage in new[] { "synthetic", "parse", "sessions", "graph", "metrics", "analysis", "export" })
            Assert.Contains($"  {stage}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_stage_alone_writes_its_own_files()
    {
        Assert.Equal(0, Run("--stage", "synthetic", "--users", "20", "--events", "10", "--dataset", "s").Code);
        Assert.True(File.Exists(Path.Combine(_folder.File("data"), "s", "events.csv")));
        Assert.False(File.Exists(Output("s", OutputFileNames.SessionFlows)));

        Assert.Equal(0, Run("--stage", "parse", "--dataset", "s").Code);
        Assert.True(File.Exists(Output("s", OutputFileNames.SessionFlows)));
        Assert.False(File.Exists(Output("s", OutputFileNames.GraphMl)));

        Assert.Equal(0, Run("--stage", "graph", "--dataset", "s").Code);
        Assert.True(File.Exists(Output("s", OutputFileNames.GraphMl)));
        Assert.True(File.Exists(Output("s", OutputFileNames.GraphJson)));
        Assert.False(File.Exists(Output("s", OutputFileNames.Metrics)));

        Assert.Equal(0, Run("--stage", "metrics", "--dataset", "s").Code);
        Assert.True(File.Exists(Output("s", OutputFileNames.Metrics)));
        Assert.True(File.Exists(Output("s", OutputFileNames.SessionStats)));
        Assert.False(File.Exists(Output("s", OutputFileNames.Chokepoints)));

        Assert.Equal(0, Run("--stage", "analysis", "--dataset", "s").Code);
        Assert.True(File.Exists(Output("s", OutputFileNames.Chokepoints)));
        Assert.True(File.Exists(Output("s", OutputFileNames.FragileFlows)));
        Assert.True(File.Exists(Output("s", OutputFileNames.NodeMap)));
    }

    [Fact]
    public void Stages_alone_give_the_same_results_as_all_together()
    {
        Run("--users", "30", "--events", "20", "--dataset", "a");
        var source = Path.Combine(_folder.File("data"), "a", "events.csv");
        Run("--stage", "parse", "--input-file", source, "--dataset", "b");
        Run("--stage", "analysis", "--dataset", "b");
        Assert.Equal(File.ReadAllBytes(Output("a", OutputFileNames.Chokepoints)), File.ReadAllBytes(Output("b", OutputFileNames.Chokepoints)));
    }

    [Fact]
    public void An_input_file_is_copied_byte_for_byte_and_analysed()
    {
        var (code, _, error) = Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "tiny", "--compat", "telomesh");
        Assert.True(code == 0, error);
        Assert.Equal(File.ReadAllBytes(TestFiles.Fixture("tiny", "events.csv")), File.ReadAllBytes(Path.Combine(_folder.File("data"), "tiny", "events.csv")));
        var rows = File.ReadAllLines(Output("tiny", OutputFileNames.Chokepoints));
        Assert.Equal(9, rows.Length);
        Assert.StartsWith("/product,Page View,0.3333333333333333,1,2,", rows[1], StringComparison.Ordinal);
        Assert.Contains("\"betweenness\": \"reference\"", File.ReadAllText(Output("tiny", OutputFileNames.DatasetInfo)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_a_missing_column_exits_2_naming_the_column()
    {
        File.WriteAllText(_folder.File("broken.csv"), "user_id,when,page,event\nu,2025-03-01T10:00:00Z,/a,view\n");
        var (code, output, error) = Run("--input-file", _folder.File("broken.csv"), "--dataset", "broken");
        Assert.Equal(2, code);
        Assert.Contains("Missing required column: timestamp", error, StringComparison.Ordinal);
        Assert.Contains("'user_id', 'when', 'page', 'event'", error, StringComparison.Ordinal);
        foreach (var format in new[] { "telomesh:", "mixpanel:", "amplitude:", "ga4:" }) // the formats tried, and why not
            Assert.Contains(format, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Top friction", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// An event-only log (docs/metrics.md section 11; <see cref="Core.Events.EventOnlyTests.Shop"/>): without a mapping it
    /// stops naming the page and how to map it; with <c>--columns page=event</c> every event name is a step, and the
    /// mapping is recorded, so a later stage reads the file the same way. By hand: add_to_cart has 2 steps and 1 session
    /// ending there (u2), exit rate 1/2, and is the only page between two others, so the one chokepoint.
    /// </summary>
    [Fact]
    public void An_event_only_log_is_analysed_with_the_page_role_mapped_to_the_event_column()
    {
        File.WriteAllText(_folder.File("shop.csv"), Core.Events.EventOnlyTests.Shop);
        var (code, _, error) = Run("--input-file", _folder.File("shop.csv"), "--dataset", "shop");
        Assert.Equal(2, code);
        Assert.Contains("Missing required column: page.", error, StringComparison.Ordinal);
        Assert.Contains("hint: --columns page=event", error, StringComparison.Ordinal);

        (code, var output, error) = Run("--input-file", _folder.File("shop.csv"), "--dataset", "shop", "--columns", "page=event");
        Assert.True(code == 0, error);
        Assert.Contains("Pages 3", output, StringComparison.Ordinal);
        var chokepoints = File.ReadAllLines(Output("shop", OutputFileNames.Chokepoints));
        Assert.Single(chokepoints, l => l.StartsWith("add_to_cart,add_to_cart,0.5,", StringComparison.Ordinal));
        // Graph health (docs/metrics.md section 14): edges view_item->add_to_cart 2 and add_to_cart->purchase 1, the top
        // ceil(0.2) = 1 carries 2 of 3; steps 3, 2, 1: G = 2 (1 + 4 + 9) / (3 x 6) - 4/3 = 2/9; a chain has no triangle: 0.
        Assert.Contains("Graph health: the top tenth of edges carries 66.7 % of transitions; traffic Gini 0.222; clustering 0.000 (fewer than 5 pages",
            output, StringComparison.Ordinal);
        // Resilience: add_to_cart (betweenness 1) goes first and breaks u1 and u2; purchase and view_item tie at 0 and go in
        // code point order: purchase breaks none more, view_item the last, u3.
        Assert.Contains("Resilience: without the top 1, 3 pages by betweenness, 33.3 %, 0.0 % of sessions keep their journey; " +
            "the critical pages (the sessions their removal breaks): add_to_cart (66.7 %), view_item (33.3 %)", output, StringComparison.Ordinal);
        Assert.Equal("u1,session_u1_00,0,view_item,view_item,2025-03-01T10:00:00Z", File.ReadAllLines(Output("shop", OutputFileNames.SessionFlows))[1]);

        (code, _, error) = Run("--stage", "analysis", "--dataset", "shop");
        Assert.True(code == 0, error);
    }

    /// <summary>
    /// u1 /product/1 -> /cart; u2 /product/2 -> /cart -> /checkout; u3 /product/3?utm=x. One star takes one segment, query
    /// included, so with /product/* => /product/:id there are three pages: /product/:id 3 steps, 1 session ends there (u3):
    /// 1/3; /cart 2 and 1 (u1): 1/2; /checkout 1 and 1. The chain /product/:id -> /cart -> /checkout makes /cart the one
    /// chokepoint, score 1 x 1/2.
    /// </summary>
    private const string ProductLog = """
        user_id,timestamp,page,event
        u1,2025-03-01T10:00:00Z,/product/1,view
        u1,2025-03-01T10:01:00Z,/cart,add
        u2,2025-03-01T11:00:00Z,/product/2,view
        u2,2025-03-01T11:01:00Z,/cart,add
        u2,2025-03-01T11:02:00Z,/checkout,buy
        u3,2025-03-01T12:00:00Z,/product/3?utm=x,view
        """;

    [Fact]
    public void Grouping_rules_from_a_file_rename_pages_keep_them_as_read_and_are_recorded()
    {
        File.WriteAllText(_folder.File("products.csv"), ProductLog);
        File.WriteAllText(_folder.File("rules.txt"), "# page types\n/product/* => /product/:id   # every product\n");
        var (code, output, error) = Run("--input-file", _folder.File("products.csv"), "--dataset", "shop", "--page-rules", _folder.File("rules.txt"));
        Assert.True(code == 0, error);
        Assert.Contains("Pages 3 (grouped from 5)", output, StringComparison.Ordinal);
        var chokepoints = File.ReadAllLines(Output("shop", OutputFileNames.Chokepoints));
        // Score descending, ties by page in code point order (SPEC.md section 6): /checkout before /product/:id.
        Assert.Equal(["/cart,add,0.5,1,1,0.5,", "/checkout,buy,1,0,1,0,", "/product/:id,view,0.3333333333333333,0,1,0,"],
            chokepoints.Skip(1).Select(l => string.Join(',', l.Split(',').Take(6)) + ","));
        var flows = File.ReadAllLines(Output("shop", OutputFileNames.SessionFlows));
        Assert.Equal("user_id,session_id,step_index,page,event,timestamp,page_raw", flows[0]);
        Assert.Equal("u3,session_u3_00,0,/product/:id,view,2025-03-01T12:00:00Z,/product/3?utm=x", flows[^1]);
        Assert.Contains("\"page_rules\": \"/product/* => /product/:id\"", File.ReadAllText(Output("shop", OutputFileNames.DatasetInfo)), StringComparison.Ordinal);

        // The recorded rules apply without the flag, also to a stage that reads session_flows.csv (its page_raw, grouped again).
        (code, output, error) = Run("--stage", "analysis", "--dataset", "shop");
        Assert.True(code == 0, error);
        Assert.Contains("grouping rules recorded for the dataset: 1", output, StringComparison.Ordinal);
        Assert.StartsWith("/cart,add,0.5,1,1,0.5,", File.ReadAllLines(Output("shop", OutputFileNames.Chokepoints))[1], StringComparison.Ordinal);

        // An empty rules file analyses the pages as read: five of them.
        File.WriteAllText(_folder.File("none.txt"), "");
        (code, output, _) = Run("--dataset", "shop", "--page-rules", _folder.File("none.txt"));
        Assert.Equal(0, code);
        Assert.Contains("Pages 5  Edges", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggested_rules_are_printed_with_what_they_merge_and_nothing_is_analysed()
    {
        File.WriteAllText(_folder.File("products.csv"), ProductLog);
        var (code, output, error) = Run("--input-file", _folder.File("products.csv"), "--dataset", "suggest", "--suggest-page-rules");
        Assert.True(code == 0, error);
        // /product/1, /product/2 and /product/3 (its query dropped to look at the path): numbers, one type. The query rule
        // would rename nothing after it (/product/3?utm=x is taken), so it is not suggested.
        Assert.Contains("  /product/* => /product/:id    # merges 3 pages into 1: ids (numbers, UUIDs or hex) in a segment", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[?#]", output, StringComparison.Ordinal);
        Assert.Contains("With all of them: 5 pages -> 3.", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Output("suggest", OutputFileNames.Chokepoints)));
    }

    [Fact]
    public void A_bad_rules_file_is_refused_naming_the_file_and_the_line()
    {
        File.WriteAllText(_folder.File("bad.txt"), "/product/* => /product/:id\n/cart /basket\n");
        var (code, _, error) = Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "t", "--page-rules", _folder.File("bad.txt"));
        Assert.Equal(2, code);
        Assert.Contains($"--page-rules {_folder.File("bad.txt")}: The grouping rules cannot be used: line 2: '/cart /basket' has no '=>'", error, StringComparison.Ordinal);
        (code, _, error) = Run("--dataset", "t", "--page-rules", _folder.File("missing.txt"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_names_the_flag_that_maps_columns()
    {
        File.WriteAllText(_folder.File("renamed.csv"), "who,ts,page,event\nu,2025-03-01T10:00:00Z,/a,view\n");
        var (code, _, error) = Run("--input-file", _folder.File("renamed.csv"), "--dataset", "renamed");
        Assert.Equal(2, code);
        Assert.Contains("hint: --columns role=COLUMN", error, StringComparison.Ordinal);
        Assert.DoesNotContain("page=event", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rows_are_skipped_counted_and_written_to_rejected_rows()
    {
        File.WriteAllText(_folder.File("some-bad.csv"), "user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/a,view\nu,2025-03-01T10:01:00Z,/b,\n");
        var (code, output, _) = Run("--input-file", _folder.File("some-bad.csv"), "--dataset", "bad");
        Assert.Equal(0, code);
        Assert.Contains("1 rejected", output, StringComparison.Ordinal);
        Assert.Contains("3,empty event", File.ReadAllText(Output("bad", OutputFileNames.RejectedRows)), StringComparison.Ordinal);

        var strict = Run("--input-file", _folder.File("some-bad.csv"), "--dataset", "bad", "--strict");
        Assert.Equal(2, strict.Code);
        Assert.Contains("Line 3: empty event", strict.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--stage", "everything")]
    [InlineData("--users", "many")]
    [InlineData("--betweenness", "shortest")]
    [InlineData("--session-gap", "-5")]
    [InlineData("--dataset", "../escape")]
    [InlineData("--format", "excel")]
    public void Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_stage_before_parse_says_what_to_run_first()
    {
        var (code, _, error) = Run("--stage", "graph", "--dataset", "empty");
        Assert.Equal(2, code);
        Assert.Contains("run --stage parse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Synthetic_options_never_overwrite_imported_data()
    {
        Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "mine");
        var (code, _, error) = Run("--users", "10", "--dataset", "mine");
        Assert.Equal(2, code);
        Assert.Contains("holds imported data", error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(TestFiles.Fixture("tiny", "events.csv")), File.ReadAllBytes(Path.Combine(_folder.File("data"), "mine", "events.csv")));
    }

    [Fact]
    public void Help_lists_every_option()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--stage", "--users", "--events", "--pages", "--seed", "--input-file", "--format", "--dataset",
                     "--data-dir", "--outputs-dir", "--session-gap", "--betweenness", "--compat", "--strict" })
            Assert.Contains(option, output, StringComparison.Ordinal);
    }

    /// <summary>The published binary (self-contained: the runtime's core library beside it) says to run itself, not the project.</summary>
    [Fact]
    public void The_usage_names_the_published_binary_when_the_runtime_lies_beside_it()
    {
        Assert.True(TeloMesh.Cli.CliParser.IsSelfContained("/opt/telomesh/", "/opt/telomesh/System.Private.CoreLib.dll"));
        Assert.False(TeloMesh.Cli.CliParser.IsSelfContained("/src/TeloMesh.Cli/bin/Debug/net10.0/", "/usr/lib/dotnet/shared/Microsoft.NETCore.App/10.0.0/System.Private.CoreLib.dll"));
        Assert.False(TeloMesh.Cli.CliParser.IsSelfContained("/opt/telomesh/", "")); // a single-file bundle has no location: said as for the project
        // These tests run the command line from its build folder, on the shared runtime.
        Assert.StartsWith("dotnet run --project TeloMesh.Cli -- --users", Run("--help").Out.Split('\n').Single(l => l.Contains("--users 100", StringComparison.Ordinal)).Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_vendor_export_is_detected_kept_byte_for_byte_and_analysed()
    {
        var source = TestFiles.Fixture("import", "mixpanel.jsonl");
        var (code, output, error) = Run("--input-file", source, "--dataset", "mp");
        Assert.True(code == 0, error);
        Assert.Contains("(mixpanel)", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(_folder.File("data"), "mp", "events.mixpanel")));
        var info = File.ReadAllText(Output("mp", OutputFileNames.DatasetInfo));
        Assert.Contains("\"format\": \"mixpanel\"", info, StringComparison.Ordinal);
        Assert.Contains("\"duplicates_dropped\": 1", info, StringComparison.Ordinal); // the fixture repeats one $insert_id
        Assert.All(AnalysisFiles, f => Assert.True(File.Exists(Output("mp", f)), f));
    }

    [Fact]
    public void A_format_that_contradicts_the_file_exits_2()
    {
        var (code, _, error) = Run("--input-file", TestFiles.Fixture("import", "mixpanel.jsonl"), "--format", "ga4", "--dataset", "wrong");
        Assert.Equal(2, code);
        Assert.Contains("looks like a mixpanel export", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_being_replaced_read_as_not_analysed_until_the_last_file()
    {
        Run("--users", "20", "--events", "10", "--dataset", "crash");
        var infoPath = Output("crash", OutputFileNames.DatasetInfo);
        Assert.NotNull(TeloMesh.Core.Datasets.DatasetInfo.TryRead(infoPath)!.AnalysedUtc);
        // What a crash between the first replaced output and dataset_info.json leaves behind.
        TeloMesh.Core.Datasets.DatasetRunner.MarkUnfinished(TeloMesh.Core.Datasets.DatasetPaths.Create(_folder.File("data"), _folder.File("outputs"), "crash"));
        var entry = Assert.Single(TeloMesh.Core.Datasets.DatasetCatalog.List(_folder.File("data"), _folder.File("outputs")));
        Assert.False(entry.IsAnalysed);
        Assert.Equal(0, Run("--dataset", "crash").Code);
        Assert.True(Assert.Single(TeloMesh.Core.Datasets.DatasetCatalog.List(_folder.File("data"), _folder.File("outputs"))).IsAnalysed);
    }

    [Fact]
    public void A_corrupt_gzip_is_bad_input_not_a_crash()
    {
        // A real gzip of an event file with its compressed middle overwritten: the checksum no longer matches.
        using (var packed = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
                gzip.Write(File.ReadAllBytes(TestFiles.Fixture("tiny", "events.csv")));
            var bytes = packed.ToArray();
            for (var i = 20; i < bytes.Length - 12; i += 7) bytes[i] ^= 0x5A;
            File.WriteAllBytes(_folder.File("broken.csv.gz"), bytes);
        }
        var (code, _, error) = Run("--input-file", _folder.File("broken.csv.gz"), "--dataset", "gz");
        Assert.Equal(2, code);
        Assert.Contains("cannot be unpacked (gzip)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_synthetic_stage_never_replaces_imported_data()
    {
        Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "kept");
        var (code, _, error) = Run("--stage", "synthetic", "--dataset", "kept");
        Assert.Equal(2, code);
        Assert.Contains("holds imported data", error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(TestFiles.Fixture("tiny", "events.csv")), File.ReadAllBytes(Path.Combine(_folder.File("data"), "kept", "events.csv")));
    }

    [Fact]
    public void Later_stages_see_formula_like_pages_as_the_parse_stage_did()
    {
        File.WriteAllText(_folder.File("promo.csv"), "user_id,timestamp,page,event\n" +
            "u1,2025-03-01T10:00:00Z,/home,view\nu1,2025-03-01T10:01:00Z,-promo,view\nu1,2025-03-01T10:02:00Z,/cart,view\n" +
            "u2,2025-03-01T10:00:00Z,/home,view\nu2,2025-03-01T10:01:00Z,-promo,view\n");
        Assert.Equal(0, Run("--input-file", _folder.File("promo.csv"), "--dataset", "all").Code);
        Assert.Equal(0, Run("--stage", "parse", "--input-file", _folder.File("promo.csv"), "--dataset", "staged").Code);
        Assert.Equal(0, Run("--stage", "analysis", "--dataset", "staged").Code);
        var chokepoints = File.ReadAllText(Output("staged", OutputFileNames.Chokepoints));
        Assert.Equal(File.ReadAllText(Output("all", OutputFileNames.Chokepoints)), chokepoints);
        Assert.Contains("\"'-promo\",view", chokepoints, StringComparison.Ordinal); // escaped once in the file, not twice
        Assert.DoesNotContain("''-promo", chokepoints, StringComparison.Ordinal);
    }

    [Fact]
    public void Keep_query_is_recorded_with_the_options()
    {
        Run("--users", "10", "--events", "10", "--dataset", "q", "--keep-query");
        var info = TeloMesh.Core.Datasets.DatasetInfo.TryRead(Output("q", OutputFileNames.DatasetInfo))!;
        Assert.True(info.Options!.KeepQuery);
        Assert.True(info.Options.ToOptions().KeepQuery);
    }
}
