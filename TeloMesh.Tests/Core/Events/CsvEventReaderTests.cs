using System.Text;
using TeloMesh.Core.Events;

namespace TeloMesh.Tests.Core.Events;

public class CsvEventReaderTests
{
    private static string[] Pages(IngestResult r) => [.. Enumerable.Range(0, r.Events.Count).Select(i => r.Events.Pages[r.Events.PageIds[i]])];

    [Fact]
    public void Quoted_fields_with_commas_doubled_quotes_and_newlines()
    {
        var r = TestFiles.Read("user_id,timestamp,page,event\n" +
            "u,2025-03-01T10:00:00Z,\"/search?q=a,b\",\"Click \"\"Buy\"\"\"\n" +
            "u,2025-03-01T10:01:00Z,\"/multi\nline\",view\n");
        Assert.Equal(["/search?q=a,b", "/multi\nline"], Pages(r));
        Assert.Equal("Click \"Buy\"", r.Events.Events[r.Events.EventIds[0]]);
        Assert.Empty(r.Rejected);
    }

    [Fact]
    public void Bom_and_crlf_are_handled()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("user_id,timestamp,page,event\r\nu,2025-03-01T10:00:00Z,/a,view\r\n")).ToArray();
        var r = TestFiles.ReadBytes(bytes);
        Assert.Equal(["user_id", "timestamp", "page", "event"], r.Header);
        Assert.Equal(["/a"], Pages(r));
        Assert.Equal("view", r.Events.Events[0]);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void Semicolon_and_tab_files_are_detected(char delimiter)
    {
        var d = delimiter.ToString();
        var r = TestFiles.Read($"user_id{d}timestamp{d}page{d}event\nu{d}2025-03-01T10:00:00Z{d}/a,b{d}view\n");
        Assert.Equal(delimiter, r.Delimiter);
        Assert.Equal(["/a,b"], Pages(r));
    }

    [Fact]
    public void Unicode_pages_survive()
    {
        var r = TestFiles.Read("user_id,timestamp,page,event\nü,2025-03-01T10:00:00Z,/café/😀,ansehen\n");
        Assert.Equal(["/café/😀"], Pages(r));
        Assert.Equal("ü", r.Events.Users[0]);
    }

    [Fact]
    public void Headers_match_case_insensitively_in_any_order_with_aliases()
    {
        var r = TestFiles.Read("Event_Name,PAGE_URL,Timestamp,User_ID,platform\nview,/a,2025-03-01T10:00:00Z,u,ios\n");
        Assert.Equal(["/a"], Pages(r));
        Assert.Equal("view", r.Events.Events[0]);
        var extra = Assert.Single(r.Events.ExtraColumns);
        Assert.Equal("platform", extra.Name);
        Assert.Equal("ios", extra.Values[extra.Ids[0]]);
    }

    [Fact]
    public void Offsets_change_the_order_of_rows()
    {
        // The clock text reads 08:10 then 10:00, but 10:00+02:00 is 08:00Z, ten minutes before 08:10Z.
        var r = TestFiles.Read("user_id,timestamp,page,event\nu,2025-03-01T08:10:00Z,/second,v\nu,2025-03-01T10:00:00+02:00,/first,v\n");
        var s = TeloMesh.Core.Sessions.Sessionizer.Build(r.Events);
        Assert.Equal([1, 0], s.Steps(0).ToArray());
        Assert.Equal(new DateTime(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc).Ticks, r.Events.Ticks[1]);
    }

    [Fact]
    public void Every_kind_of_bad_row_is_reported_with_its_line_number_and_kept_out()
    {
        var r = TestFiles.Read("""
            user_id,timestamp,page,event
            u,2025-03-01T10:00:00Z,/ok,view
            ,2025-03-01T10:01:00Z,/a,view
            u,2025-03-01T10:02:00Z,,view
            u,2025-03-01T10:03:00Z,/b,
            u,not-a-time,/c,view
            u,2025-03-01T10:04:00Z,/d
            u,2025-03-01T10:05:00Z,/e,view,extra
            u,2025-03-01T10:06:00Z,/ok2,view
            """);
        Assert.Equal(["/ok", "/ok2"], Pages(r));
        Assert.Equal(8, r.RowsRead);
        Assert.Collection(r.Rejected,
            x => Assert.Equal((3L, "empty user_id", ",2025-03-01T10:01:00Z,/a,view"), (x.LineNumber, x.Reason, x.RawText)),
            x => Assert.Equal((4L, "empty page"), (x.LineNumber, x.Reason)),
            x => Assert.Equal((5L, "empty event"), (x.LineNumber, x.Reason)),
            x =>
            {
                Assert.Equal(6L, x.LineNumber);
                Assert.StartsWith("unparsable timestamp 'not-a-time'", x.Reason, StringComparison.Ordinal);
            },
            x => Assert.Equal((7L, "expected 4 fields, found 3"), (x.LineNumber, x.Reason)),
            x => Assert.Equal((8L, "expected 4 fields, found 5", "u,2025-03-01T10:05:00Z,/e,view,extra"), (x.LineNumber, x.Reason, x.RawText)));
        // Nothing from a rejected row leaks into the pools.
        Assert.Equal(["/ok", "/ok2"], r.Events.Pages.Values);
    }

    [Fact]
    public void Line_numbers_count_lines_inside_quoted_fields()
    {
        var r = TestFiles.Read("user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,\"/two\nlines\",view\nu,bad,/x,view\n");
        Assert.Equal(4L, Assert.Single(r.Rejected).LineNumber);
    }

    [Fact]
    public void Strict_fails_on_the_first_bad_row_naming_its_line()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read(
            "user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/a,v\nu,2025-03-01T10:00:00Z,,v\n", new IngestOptions { Strict = true }));
        Assert.Contains("Line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("empty page", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_is_named_and_the_header_found_is_shown()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read("user_id,time,page,action\nu,2025-03-01T10:00:00Z,/a,v\n"));
        Assert.Contains("Missing required columns: timestamp, event", e.Message, StringComparison.Ordinal);
        Assert.Contains("'user_id', 'time', 'page', 'action'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_fails_clearly()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read(""));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_rows_fails_clearly()
    {
        var e = Assert.Throws<InvalidInputException>(() => TestFiles.Read("user_id,timestamp,page,event\n"));
        Assert.Contains("no rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_session_ids_are_read_and_empty_cells_mean_none()
    {
        var r = TestFiles.Read("user_id,timestamp,page,event,session_id\nu,2025-03-01T10:00:00Z,/a,v,s1\nu,2025-03-01T10:00:00Z,/b,v,\n");
        Assert.True(r.Events.HasSessionIds);
        Assert.Equal([0, -1], r.Events.SessionIds.ToArray());
    }

    [Fact]
    public void An_explicit_mapping_reads_other_column_names()
    {
        var mapping = new ColumnMapping { User = "distinct_id", Timestamp = "time", Page = "screen", Event = "name" };
        var r = TestFiles.Read("distinct_id,time,screen,name\nu,1740819600,Home,open\n", new IngestOptions { Columns = mapping });
        Assert.Equal(["Home"], Pages(r));
    }
}
