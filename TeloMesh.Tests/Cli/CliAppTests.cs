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
