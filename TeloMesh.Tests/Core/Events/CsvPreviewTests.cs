using System.Text;
using TeloMesh.Core.Events;

namespace TeloMesh.Tests.Core.Events;

/// <summary>The column-mapping preview: header, first rows, delimiter and the required roles the header lacks.</summary>
public class CsvPreviewTests
{
    private static CsvPreview Preview(string csv, int rows = 10, ColumnMapping? columns = null)
    {
        using var folder = new TestFiles.TempFolder();
        var path = folder.File("events.csv");
        File.WriteAllText(path, csv);
        return CsvPreview.Read(path, rows, columns);
    }

    private const string FiveRows = "user_id,timestamp,page,event\n" +
        "u1,2025-03-01T10:00:00Z,/a,view\n" +
        "u2,2025-03-01T10:01:00Z,/b,click\n" +
        "u3,2025-03-01T10:02:00Z,/c,view\n" +
        "u4,2025-03-01T10:03:00Z,/d,view\n" +
        "u5,2025-03-01T10:04:00Z,/e,view\n";

    [Fact]
    public void Reads_the_header_and_at_most_the_requested_rows()
    {
        var preview = Preview(FiveRows, rows: 3);
        Assert.Equal(["user_id", "timestamp", "page", "event"], preview.Header);
        Assert.Equal(3, preview.Rows.Count);
        Assert.Equal(["u1", "2025-03-01T10:00:00Z", "/a", "view"], preview.Rows[0]);
        Assert.Equal(["u2", "2025-03-01T10:01:00Z", "/b", "click"], preview.Rows[1]);
        Assert.Equal(["u3", "2025-03-01T10:02:00Z", "/c", "view"], preview.Rows[2]);
        Assert.Equal(',', preview.Delimiter);
        Assert.Empty(preview.MissingColumns);
    }

    [Fact]
    public void A_short_file_gives_all_its_rows()
    {
        // 5 data rows, 10 asked for: all 5.
        var preview = Preview(FiveRows);
        Assert.Equal(["u1", "u2", "u3", "u4", "u5"], preview.Rows.Select(r => r[0]));
    }

    [Fact]
    public void Quoted_fields_keep_their_delimiters()
    {
        var preview = Preview("user_id,timestamp,page,event\nu1,2025-03-01T10:00:00Z,\"/search?q=a,b\",view\n");
        Assert.Equal(["u1", "2025-03-01T10:00:00Z", "/search?q=a,b", "view"], Assert.Single(preview.Rows));
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void The_delimiter_is_detected(char delimiter)
    {
        var d = delimiter.ToString();
        var preview = Preview($"user_id{d}timestamp{d}page{d}event\nu1{d}2025-03-01T10:00:00Z{d}/a,b{d}view\n");
        Assert.Equal(delimiter, preview.Delimiter);
        Assert.Equal(["user_id", "timestamp", "page", "event"], preview.Header);
        Assert.Equal(["u1", "2025-03-01T10:00:00Z", "/a,b", "view"], Assert.Single(preview.Rows));
        Assert.Empty(preview.MissingColumns);
    }

    [Fact]
    public void A_utf8_bom_is_not_part_of_the_first_header_name()
    {
        using var folder = new TestFiles.TempFolder();
        var path = folder.File("bom.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(FiveRows)]);
        var preview = CsvPreview.Read(path);
        Assert.Equal("user_id", preview.Header[0]);
        Assert.Empty(preview.MissingColumns);
    }

    [Fact]
    public void Missing_columns_names_the_roles_the_header_lacks()
    {
        // user_id and page are found; timestamp and event are not ("when" and "action" are no accepted names).
        var preview = Preview("user_id,when,page,action\nu1,2025-03-01T10:00:00Z,/a,view\n");
        Assert.Equal(["timestamp", "event"], preview.MissingColumns);
        // The preview still shows the file, so the user can map the columns.
        Assert.Equal(["user_id", "when", "page", "action"], preview.Header);
        Assert.Single(preview.Rows);
    }

    [Fact]
    public void Aliases_page_url_and_event_name_count_as_present()
    {
        var preview = Preview("user_id,timestamp,page_url,event_name\nu1,2025-03-01T10:00:00Z,/a,view\n");
        Assert.Empty(preview.MissingColumns);
    }

    [Fact]
    public void An_explicit_mapping_finds_the_renamed_columns()
    {
        var columns = new ColumnMapping { Timestamp = "when", Event = "action" };
        var preview = Preview("user_id,when,page,action\nu1,2025-03-01T10:00:00Z,/a,view\n", columns: columns);
        Assert.Empty(preview.MissingColumns);
    }

    [Fact]
    public void An_empty_file_throws_invalid_input()
    {
        using var folder = new TestFiles.TempFolder();
        var path = folder.File("empty.csv");
        File.WriteAllText(path, "");
        Assert.Throws<InvalidInputException>(() => CsvPreview.Read(path));
    }
}
