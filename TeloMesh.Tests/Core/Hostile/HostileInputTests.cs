using System.Globalization;
using System.Text;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Export;

namespace TeloMesh.Tests.Core.Hostile;

/// <summary>
/// The corpus of bad input (<c>Fixtures/hostile/</c>, large files made at run time): each file goes through the real
/// pipeline (<see cref="DatasetRunner"/>, the command line for some) from a real data folder, and each has one exact
/// outcome: a message that says what and where, or rows rejected with their line numbers and reasons. A refused file
/// leaves nothing in the outputs folder; an accepted one leaves every output and reads as analysed.
/// Expected numbers are worked out from docs/metrics.md in the comments.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly HostileDatasets _sets = new();

    public void Dispose() => _sets.Dispose();

    private const string Required = "Required: user_id, timestamp, page (or page_url), event (or event_name).";

    private const string NotText = "The file is not a UTF-8 text CSV: its first line holds bytes that are not UTF-8 text (a binary file such as " +
        "a spreadsheet or an image, or text saved as UTF-16 or Latin-1?). Save it as CSV with UTF-8 encoding.";

    [Theory]
    [InlineData("empty.csv", "The file is empty: expected a header line with user_id, timestamp, page, event.")]
    [InlineData("header-only.csv", "The file has a header (user_id, timestamp, page, event) but no rows of events.")]
    [InlineData("binary.png", NotText)]
    [InlineData("latin1-header.csv", NotText)]
    [InlineData("duplicate-header.csv", "The header (line 1) names column 'page' twice (columns 3 and 5), so which one to read is unclear: " +
        "rename or remove one. The header has: 'user_id', 'timestamp', 'page', 'event', 'page'.")]
    [InlineData("missing-columns.csv", "Missing required column: event. The header (line 1) has: 'user_id', 'timestamp', 'page'. " + Required)]
    [InlineData("colon-separated.csv", "Missing required columns: user_id, timestamp, page, event. The header (line 1) has: " +
        "'user_id:timestamp:page:event'. " + Required + " The header was read as one column: separate the columns with commas, semicolons or tabs.")]
    [InlineData("comma-header-semicolon-rows.csv", "No valid events: all 2 rows were rejected. First problem: line 2: expected 4 fields, " +
        "found 1 (the header is separated by commas but this row by semicolons?).")]
    public void A_file_that_cannot_be_analysed_stops_with_its_message_and_writes_nothing(string fixture, string message)
    {
        var source = _sets.AddFixture("bad", fixture);
        Assert.Equal(message, _sets.Refused("bad"));
        _sets.AssertNothingWritten("bad");
        Assert.Equal(File.ReadAllBytes(HostileDatasets.Fixture(fixture)), File.ReadAllBytes(source.EventsFile)); // the source is untouched
    }

    [Theory]
    [InlineData("empty.csv", "error: The file is empty: expected a header line with user_id, timestamp, page, event.")]
    [InlineData("binary.png", "error: " + NotText)]
    [InlineData("duplicate-header.csv", "error: The header (line 1) names column 'page' twice")]
    public void The_command_line_exits_2_with_the_same_message_and_keeps_the_copied_source(string fixture, string start)
    {
        var (code, output, error) = _sets.Cli("--input-file", HostileDatasets.Fixture(fixture), "--dataset", "bad");
        Assert.Equal(2, code);
        Assert.StartsWith(start, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Top friction", output, StringComparison.Ordinal);
        _sets.AssertNothingWritten("bad");
        Assert.Equal(File.ReadAllBytes(HostileDatasets.Fixture(fixture)), File.ReadAllBytes(_sets.Paths("bad").EventsFile));
    }

    /// <summary>An empty file is said to be empty, and only that: no list of the formats it did not fit.</summary>
    [Fact]
    public void An_empty_file_is_said_to_be_empty_and_nothing_more()
    {
        var (code, _, error) = _sets.Cli("--input-file", HostileDatasets.Fixture("empty.csv"), "--dataset", "bad");
        Assert.Equal(2, code);
        Assert.Equal("error: The file is empty: expected a header line with user_id, timestamp, page, event.", error.Trim());
    }

    [Fact]
    public void A_utf16_file_with_its_byte_order_mark_is_read_as_text()
    {
        _sets.AddFixture("wide", "utf16.csv");
        var (ingest, _) = _sets.Analyze("wide");
        Assert.Equal((1L, 1, 0), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        Assert.Equal(["/a"], ingest.Events.Pages.Values);
        _sets.AssertComplete("wide", withRejected: false);
    }

    [Fact]
    public void A_row_that_is_not_utf8_is_rejected_with_the_byte_and_its_position_not_altered_silently()
    {
        _sets.AddFixture("latin1", "invalid-utf8.csv");
        var (ingest, _) = _sets.Analyze("latin1");
        // Line 3 is "u1,2025-03-01T10:01:00Z,/caf\xE9,view": 0xE9 follows 3 + 21 + 4 = 28 bytes, so it is byte 29.
        Assert.Equal((3L, 2, 1), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        Assert.Equal(["/a", "/b"], ingest.Events.Pages.Values);
        _sets.AssertComplete("latin1", withRejected: true);
        Assert.Equal([(3L, "not valid UTF-8 text (byte 0xE9 at position 29 of the row)", "u1,2025-03-01T10:01:00Z,/caf\uFFFD,view")],
            _sets.Rejected("latin1"));
    }

    [Theory]
    [InlineData("semicolon.csv", ';')]
    [InlineData("tab.csv", '\t')]
    public void Semicolon_and_tab_files_are_read_like_comma_files(string fixture, char delimiter)
    {
        _sets.AddFixture("d", fixture);
        var (ingest, _) = _sets.Analyze("d");
        Assert.Equal(delimiter, ingest.Delimiter);
        _sets.AssertComplete("d", withRejected: false);
        // Two events of u1 one minute apart: one gap-rule session; "/a,b" holds a comma, so it is quoted on output.
        Assert.Equal(
            ["user_id,session_id,step_index,page,event,timestamp",
             "u1,session_u1_00,0,\"/a,b\",view,2025-03-01T10:00:00Z",
             "u1,session_u1_00,1,/c,view,2025-03-01T10:01:00Z"],
            File.ReadAllLines(_sets.Output("d", OutputFileNames.SessionFlows)));
    }

    [Fact]
    public void Extra_columns_are_kept_as_segments_and_unnamed_trailing_columns_are_no_duplicates()
    {
        _sets.AddFixture("extra", "extra-columns.csv");
        var (ingest, _) = _sets.Analyze("extra");
        Assert.Equal((2L, 2, 0), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        var extras = ingest.Events.ExtraColumns;
        Assert.Equal(["platform", "channel", "", ""], extras.Select(e => e.Name));
        Assert.Equal(["ios", "web"], extras[0].Ids.Select(id => extras[0].Values[id]));
        Assert.Equal(["ads", "seo"], extras[1].Ids.Select(id => extras[1].Values[id]));
        _sets.AssertComplete("extra", withRejected: false);
    }

    [Fact]
    public void Ragged_rows_are_rejected_with_their_field_counts_and_blank_lines_are_not_rows()
    {
        _sets.AddFixture("ragged", "ragged.csv");
        var (ingest, _) = _sets.Analyze("ragged");
        // Data lines 2, 3, 4, 6, 7 (line 5 is blank): 2 and 7 are whole, 3 has 3 fields, 4 has 5, 6 has 1.
        Assert.Equal((5L, 2, 3), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        Assert.Equal(["/a", "/d"], ingest.Events.Pages.Values);
        _sets.AssertComplete("ragged", withRejected: true);
        Assert.Equal(
            [(3L, "expected 4 fields, found 3", "u1,2025-03-01T10:01:00Z,/b"),
             (4L, "expected 4 fields, found 5", "u1,2025-03-01T10:02:00Z,/c,view,extra"),
             (6L, "expected 4 fields, found 1", "u1")],
            _sets.Rejected("ragged"));
    }

    [Fact]
    public void An_unterminated_quote_is_one_rejected_row_that_names_every_line_it_swallowed()
    {
        _sets.AddFixture("quote", "unterminated-quote.csv");
        var (ingest, _) = _sets.Analyze("quote");
        // The quote opened on line 3 never closes: lines 3-5 are one record, rejected; line 2 is the only event.
        Assert.Equal((2L, 1, 1), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        _sets.AssertComplete("quote", withRejected: true);
        var (line, reason, raw) = Assert.Single(_sets.Rejected("quote"));
        Assert.Equal(3L, line);
        Assert.Equal("a quoted field is never closed, so lines 3-5 (the rest of the file) were read as this one row", reason);
        Assert.StartsWith("u1,2025-03-01T10:01:00Z,\"/b,view\nu1,2025-03-01T10:02:00Z,/c,view\nu1,2025-03-01T10:03:00Z,/d,view", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_quote_before_40_MB_of_rows_stops_the_run_instead_of_filling_memory()
    {
        var text = new StringBuilder("user_id,timestamp,page,event\nu1,2025-03-01T10:00:00Z,/a,view\nu1,2025-03-01T10:01:00Z,\"/b,view\n");
        const string row = "u1,2025-03-01T10:02:00Z,/c,view\n"; // 32 bytes
        text.Insert(text.Length, row, 40 * 1024 * 1024 / row.Length);
        _sets.Add("huge-quote", Encoding.UTF8.GetBytes(text.ToString()));
        var message = _sets.Refused("huge-quote");
        Assert.StartsWith("A record starting after line 2 is longer than 32 MB (near byte ", message, StringComparison.Ordinal);
        Assert.EndsWith("a quote that is never closed makes the rest of the file one record. Check the quoting there.", message, StringComparison.Ordinal);
        _sets.AssertNothingWritten("huge-quote");
    }

    [Fact]
    public void A_million_empty_columns_are_refused_with_the_count_and_the_limit()
    {
        // What took a server to 3.3 GB: 4 named columns, 1,000,000 empty ones, 3 rows.
        var extra = new string(',', 1_000_000);
        var text = new StringBuilder("user_id,timestamp,page,event").Append(extra).Append('\n');
        for (var i = 0; i < 3; i++) text.Append(CultureInfo.InvariantCulture, $"u1,2025-03-01T10:0{i}:00Z,/a,view").Append(extra).Append('\n');
        _sets.Add("wide", Encoding.UTF8.GetBytes(text.ToString()));
        Assert.Equal("The header (line 1) has 1,000,004 columns; at most 1,000 are kept as segments beside user, time, page, event and session. " +
            "Remove the columns you do not need, or export fewer properties.", _sets.Refused("wide"));
        _sets.AssertNothingWritten("wide");
    }

    [Fact]
    public void A_thousand_segments_are_kept_and_one_more_is_refused()
    {
        // user_id, timestamp, page, event, session_id and 1,000 segments: the most a file may have.
        string Csv(int segments) => "user_id,timestamp,page,event,session_id," + string.Join(',', Enumerable.Range(0, segments).Select(i => $"s{i}")) + "\n" +
            "u1,2025-03-01T10:00:00Z,/a,view,x" + new string(',', segments) + "\n";
        _sets.Add("widest", Encoding.UTF8.GetBytes(Csv(1000)));
        Assert.Equal(1000, _sets.Analyze("widest").Ingest.Events.ExtraColumns.Count);
        _sets.Add("too-wide", Encoding.UTF8.GetBytes(Csv(1001)));
        Assert.StartsWith("The header (line 1) has 1,006 columns; at most 1,000", _sets.Refused("too-wide"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_line_of_40_MB_is_refused_after_32_MB_instead_of_read_whole()
    {
        // What added 3 GB to a server: a file that is one header line (here 40 MB of one column name).
        _sets.Add("one-line", Encoding.UTF8.GetBytes("user_id,timestamp,page,event," + new string('x', 40 * 1024 * 1024) + "\n"));
        var message = _sets.Refused("one-line");
        Assert.Equal("The header (line 1) is longer than 32 MB, which no export's header is: is the file an event export with one header line?", message);
        _sets.AssertNothingWritten("one-line");
    }

    [Fact]
    public void A_40_MB_line_without_a_quote_is_called_what_it_is()
    {
        var text = new StringBuilder("user_id,timestamp,page,event\nu1,2025-03-01T10:00:00Z,/a,view\nu1,2025-03-01T10:01:00Z,/b,");
        text.Append('x', 40 * 1024 * 1024).Append('\n');
        _sets.Add("huge-line", Encoding.UTF8.GetBytes(text.ToString()));
        var message = _sets.Refused("huge-line");
        Assert.StartsWith("A record starting after line 2 is longer than 32 MB (near byte ", message, StringComparison.Ordinal);
        Assert.EndsWith("one line of more than 32 MB without a quote (a huge cell, or a file without line breaks), not a row of events.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("quote that is never closed", message, StringComparison.Ordinal);
        _sets.AssertNothingWritten("huge-line");
    }

    [Fact]
    public void A_10_MB_name_is_rejected_and_a_10_MB_property_is_carried_through()
    {
        const int size = 10 * 1024 * 1024;
        var text = new StringBuilder("user_id,timestamp,page,event,event_properties\nu1,2025-03-01T10:00:00Z,/a,view,{}\n");
        text.Append("u1,2025-03-01T10:01:00Z,").Append('x', size).Append(",view,{}\n");
        text.Append("u1,2025-03-01T10:02:00Z,/b,view,\"{\"\"blob\"\":\"\"").Append('y', size).Append("\"\"}\"\n");
        _sets.Add("big-field", Encoding.UTF8.GetBytes(text.ToString()));
        var (ingest, _) = _sets.Analyze("big-field");
        Assert.Equal((3L, 2, 1), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        Assert.Equal(["/a", "/b"], ingest.Events.Pages.Values);
        var properties = Assert.Single(ingest.Events.ExtraColumns);
        Assert.Equal(9 + size + 2, properties.Values[properties.Ids[1]].Length); // {"blob":" + 10 MB + "}
        _sets.AssertComplete("big-field", withRejected: true);
        var (line, reason, raw) = Assert.Single(_sets.Rejected("big-field"));
        Assert.Equal((3L, "page is 10,485,760 characters long (at most 8,192)"), (line, reason));
        Assert.Equal(24 + size + 8, raw.Length); // the whole row, verbatim
    }

    [Theory]
    [InlineData("line-ends-lf.csv", "\n")]
    [InlineData("line-ends-crlf.csv", "\r\n")]
    [InlineData("line-ends-cr.csv", "\r")]
    public void Cr_lf_and_crlf_files_give_the_same_numbers(string fixture, string lineBreak)
    {
        _sets.AddFixture("ends", fixture);
        var (ingest, result) = _sets.Analyze("ends");
        // Lines 2, 4-5 (a quoted page with a line break) and 7 are events; 3 has a bad time, 6 no event.
        Assert.Equal((5L, 3, 2), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        Assert.Equal(["/a", $"/multi{lineBreak}line", "/e"], ingest.Events.Pages.Values);
        Assert.Equal([2, 4, 7], ingest.Events.LineNumbers.ToArray());
        // One session (10:00, 10:02, 10:04: gaps of 2 minutes): /a -> /multi -> /e, the exit at /e.
        Assert.Equal(1, result.SessionCount);
        Assert.Equal(2, result.Graph.Edges.Count);
        Assert.Equal(1.0, Assert.Single(result.Friction.Points, p => p.Page == "/e").ExitRate);
        _sets.AssertComplete("ends", withRejected: true);
        Assert.Equal(
            [(3L, "unparsable timestamp 'bad': unrecognised timestamp", "u1,bad,/b,view"),
             (6L, "empty event", "u1,2025-03-01T10:03:00Z,/d,")],
            _sets.Rejected("ends"));
    }

    [Fact]
    public void Timestamps_out_of_range_are_rejected_and_far_future_and_negative_epochs_are_read()
    {
        _sets.AddFixture("times", "timestamps.csv");
        var (ingest, _) = _sets.Analyze("times");
        Assert.Equal((11L, 4, 7), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        var info = _sets.AssertComplete("times", withRejected: true);
        Assert.Equal(
            [(3L, "unparsable timestamp '10000-01-01T00:00:00Z': unrecognised timestamp"),
             (4L, "unparsable timestamp '2025-13-01T00:00:00Z': date or time out of range"),
             (5L, "unparsable timestamp '2025-02-29T00:00:00Z': date or time out of range"),
             (8L, "unparsable timestamp '-62135596801': epoch number out of the representable date range"),
             (10L, "unparsable timestamp '100000000000000000': epoch number too large (seconds, milliseconds or microseconds expected)"),
             (11L, "unparsable timestamp '0001-01-01T00:00:00+01:00': date out of the representable range after applying its offset"),
             (12L, "unparsable timestamp '9999-12-31T23:59:59-01:00': date out of the representable range after applying its offset")],
            _sets.Rejected("times").Select(r => (r.Line, r.Reason)));
        // -1 s is the last second of 1969; -62135596800 s is 0001-01-01, the first instant .NET holds. Years apart, each
        // event is its own gap-rule session, numbered in time order.
        Assert.Equal(
            ["user_id,session_id,step_index,page,event,timestamp",
             "u1,session_u1_00,0,/epoch-year-1,view,0001-01-01T00:00:00Z",
             "u1,session_u1_01,0,/epoch-minus-one,view,1969-12-31T23:59:59Z",
             "u1,session_u1_02,0,/far-future,view,2999-01-01T00:00:00Z",
             "u1,session_u1_03,0,/max,view,9999-12-31T23:59:59Z"],
            File.ReadAllLines(_sets.Output("times", OutputFileNames.SessionFlows)));
        Assert.Equal(DateTime.MinValue, info.FirstEventUtc);
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc), info.LastEventUtc);
    }

    [Fact]
    public void Exact_duplicate_rows_are_kept_and_counted_in_dataset_info_and_on_the_command_line()
    {
        var (code, output, error) = _sets.Cli("--input-file", HostileDatasets.Fixture("duplicates.csv"), "--dataset", "dups");
        Assert.True(code == 0, error);
        // Line 3 and line 5 repeat line 2; line 8 is line 4 again (10:01:00.000Z is the same instant as 10:01:00Z).
        // Line 6 differs in its event and line 7 in its user. All 7 are kept: 3 are duplicates.
        Assert.Contains("Events 7 (rows read 7, rejected 0, exact duplicates kept 3)", output, StringComparison.Ordinal);
        var info = _sets.AssertComplete("dups", withRejected: false);
        Assert.Equal((7L, 7L, 0L, 3, 0), (info.RowsRead, info.RowsAccepted, info.RowsRejected, info.DuplicateRows, info.DuplicatesDropped));
        Assert.Contains("\"duplicate_rows\": 3", File.ReadAllText(_sets.Output("dups", OutputFileNames.DatasetInfo)), StringComparison.Ordinal);
        // u1's six events are one session, u2's one: 7 steps in session_flows.csv.
        Assert.Equal(1 + 7, File.ReadAllLines(_sets.Output("dups", OutputFileNames.SessionFlows)).Length);
        Assert.Equal(2, info.Sessions);
    }

    [Fact]
    public void Every_event_in_one_session_is_one_long_flow_across_users()
    {
        var (code, _, error) = _sets.Cli("--input-file", HostileDatasets.Fixture("one-session.csv"), "--dataset", "one");
        Assert.True(code == 0, error);
        _sets.AssertComplete("one", withRejected: false);
        // Session "all": /home -> /search -> /cart -> /search -> /checkout -> /search, over two hours and three users.
        // /search leads to /cart and /checkout (p = 1/2 each); every other page has one way out (p = 1). Only /search
        // lies inside shortest paths (home->cart, home->checkout, cart->checkout, checkout->cart): betweenness 1, the
        // rest 0. (/search, view): 3 steps, 1 exit -> exit rate 1/3, score 1/3, the only non-zero score: a chokepoint.
        Assert.Equal(
            ["page,event,exit_rate,betweenness,users_lost,WSJF_Friction_Score,occurrences,exits,unique_users_lost,is_chokepoint,exit_rate_low,exit_rate_high,score_low",
             "/search,view,0.3333333333333333,1,1,0.3333333333333333,3,1,1,1," + SpecFormulas.IntervalCells(1, 3, 1),
             "/cart,view,0,0,0,0,1,0,0,0," + SpecFormulas.IntervalCells(0, 1, 0),
             "/checkout,view,0,0,0,0,1,0,0,0," + SpecFormulas.IntervalCells(0, 1, 0),
             "/home,view,0,0,0,0,1,0,0,0," + SpecFormulas.IntervalCells(0, 1, 0)],
            File.ReadAllLines(_sets.Output("one", OutputFileNames.Chokepoints)));
        // Three chokepoint steps make it a fragile flow; its user is the user of its first step, u2.
        Assert.Equal(
            ["session_id,step_index,page,event,WSJF_Friction_Score,is_chokepoint,user_id",
             "all,0,/home,view,0,0,u2",
             "all,1,/search,view,0.3333333333333333,1,u2",
             "all,2,/cart,view,0,0,u2",
             "all,3,/search,view,0.3333333333333333,1,u2",
             "all,4,/checkout,view,0,0,u2",
             "all,5,/search,view,0.3333333333333333,1,u2"],
            File.ReadAllLines(_sets.Output("one", OutputFileNames.FragileFlows)));
        var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_sets.Output("one", OutputFileNames.Metrics))).RootElement;
        Assert.Equal((6, 3, 1, 6.0), (metrics.GetProperty("total_events").GetInt32(), metrics.GetProperty("unique_users").GetInt32(),
            metrics.GetProperty("total_sessions").GetInt32(), metrics.GetProperty("avg_flow_length").GetDouble()));
    }

    [Fact]
    public void One_user_with_a_million_events_is_one_session_of_a_million_steps()
    {
        // 1,000,000 events one second apart (2025-03-01T00:00:00Z = 1740787200), on pages /p0../p9 in turn.
        const int count = 1_000_000;
        var text = new StringBuilder("user_id,timestamp,page,event\n", count * 24);
        for (var i = 0; i < count; i++)
            text.Append(CultureInfo.InvariantCulture, $"u,{1_740_787_200 + i},/p{i % 10},view\n");
        _sets.Add("million", Encoding.UTF8.GetBytes(text.ToString()));
        var (ingest, result) = _sets.Analyze("million");
        Assert.Equal((1_000_000L, 1_000_000, 0), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        // Every gap is 1 s: one session. Transitions i -> i+1 (i < 999,999) go round the cycle /p0 -> ... -> /p9 -> /p0:
        // 100,000 for each edge out of /p0../p8, 99,999 for /p9 -> /p0.
        Assert.Equal(["session_u_00"], result.LocalSessions!.Ids);
        Assert.Equal(10, result.Graph.NodeCount);
        Assert.Equal(
            [.. Enumerable.Range(0, 9).Select(k => ($"/p{k}", $"/p{k + 1}", 100_000)), ("/p9", "/p0", 99_999)],
            result.Graph.Edges.Select(e => (result.Graph.Pages[e.From], result.Graph.Pages[e.To], e.Weight)).OrderBy(e => e.Item1, StringComparer.Ordinal));
        // Each page has one way out (p = 1), so every pair has one shortest path round the cycle: each page is inside
        // the same number of them, betweenness 1 for all. The only exit is the last step, on /p9 (999,999 mod 10 = 9):
        // exit rate 1/100,000, score 1e-5, the only non-zero score, so the one chokepoint; the session passes it
        // 100,000 times, so it is a fragile flow of all 1,000,000 steps.
        var p9 = Assert.Single(result.Friction.Points, p => p.IsChokepoint);
        Assert.Equal(("/p9", 100_000, 1, 1e-5, 1.0, 1e-5), (p9.Page, p9.Occurrences, p9.Exits, p9.ExitRate, p9.Betweenness, p9.Score));
        Assert.All(result.Friction.Points, p => Assert.Equal(1.0, p.Betweenness));
        Assert.Equal(1_000_000, Assert.Single(result.Friction.FragileFlows).Steps.Count);
        var info = _sets.AssertComplete("million", withRejected: false);
        // The last event: 999,999 s after the first = 11 days 13:46:39.
        Assert.Equal(new DateTime(2025, 3, 12, 13, 46, 39, DateTimeKind.Utc), info.LastEventUtc);
        Assert.Equal((1, 1, 0), (info.Users, info.Sessions, info.DuplicateRows));
        Assert.Equal(1 + count, File.ReadLines(_sets.Output("million", OutputFileNames.FragileFlows)).Count());
    }

    [Fact]
    public void A_hundred_thousand_distinct_pages_are_analysed()
    {
        // 25,000 chains of four new pages a -> b -> c -> d (session "s{k}a") plus a -> b (session "s{k}b"): 100,000 pages.
        const int chains = 25_000;
        var text = new StringBuilder("user_id,timestamp,page,event,session_id\n", chains * 6 * 48);
        for (var k = 0; k < chains; k++)
        {
            for (var step = 0; step < 4; step++)
                text.Append(CultureInfo.InvariantCulture, $"u{k},2025-03-01T10:0{step}:00Z,/c{k}/{step},view,s{k}a\n");
            for (var step = 0; step < 2; step++)
                text.Append(CultureInfo.InvariantCulture, $"u{k},2025-03-01T11:0{step}:00Z,/c{k}/{step},view,s{k}b\n");
        }
        _sets.Add("pages", Encoding.UTF8.GetBytes(text.ToString()));
        var (_, result) = _sets.Analyze("pages");
        Assert.Equal((100_000, 75_000, 50_000), (result.Graph.NodeCount, result.Graph.Edges.Count, result.SessionCount));
        Assert.Equal(chains, result.Metrics.ConnectedComponents);
        // In a chain b lies on a->c and a->d, c on a->d and b->d: 2 each, the largest, so betweenness 1 for b and c.
        // b: 2 steps, 1 exit (the short session ends there): score 1/2. c never ends a session, d and a have betweenness
        // 0: score 0. The 25,000 scores of 1/2 are all the non-zero scores: all are chokepoints. No session passes two.
        Assert.Equal(chains, result.Friction.Chokepoints.Count());
        Assert.All(result.Friction.Chokepoints, p => Assert.Equal((1, 0.5), (int.Parse(p.Page[^1..], CultureInfo.InvariantCulture), p.Score)));
        Assert.Empty(result.Friction.FragileFlows);
        _sets.AssertComplete("pages", withRejected: false);
        var lines = File.ReadLines(_sets.Output("pages", OutputFileNames.Chokepoints)).Take(2).ToList();
        Assert.Equal("/c0/1,view,0.5,1,1,0.5,2,1,1,1," + SpecFormulas.IntervalCells(1, 2, 1), lines[1]); // ties by page in code point order: /c0/1 first
        Assert.Equal(1 + 100_000, File.ReadLines(_sets.Output("pages", OutputFileNames.Chokepoints)).Count());
    }
}
