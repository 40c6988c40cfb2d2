using TeloMesh.Core.Export;

namespace TeloMesh.Tests.Cli;

/// <summary>
/// The command line's column mapping (section 12's --columns and the column flags), event-only logs and page grouping rules
/// (section 11), run in-process against real files in a temporary folder.
/// </summary>
public sealed class CliColumnsTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) => _folder.Run(args);

    private string Output(string dataset, string file) => _folder.Output(dataset, file);

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

    /// <summary>
    /// SPEC.md: compatibility mode knows no grouping. Rules with --compat are a usage error; a dataset's recorded rules are
    /// left out in compatibility mode, with a note, and the five pages are analysed as read.
    /// </summary>
    [Fact]
    public void Grouping_rules_and_compatibility_mode_do_not_mix()
    {
        File.WriteAllText(_folder.File("products.csv"), ProductLog);
        File.WriteAllText(_folder.File("rules.txt"), "/product/* => /product/:id\n");
        var (code, _, error) = Run("--input-file", _folder.File("products.csv"), "--dataset", "shop", "--page-rules", _folder.File("rules.txt"), "--compat", "telomesh");
        Assert.Equal(2, code);
        Assert.Contains("--page-rules cannot be combined with --compat telomesh", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.File("outputs"), "shop")));

        Assert.Equal(0, Run("--input-file", _folder.File("products.csv"), "--dataset", "shop", "--page-rules", _folder.File("rules.txt")).Code);
        (code, var output, error) = Run("--dataset", "shop", "--compat", "telomesh");
        Assert.True(code == 0, error);
        Assert.Contains("note: the grouping rules recorded for dataset 'shop' (1) are left out in compatibility mode", output, StringComparison.Ordinal);
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
}
