using TeloMesh.Core.Import;
using static TeloMesh.Tests.Core.Import.ImportedRows;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// JSON lines with the fields at the top instead of nested (under <c>properties</c>, <c>event_properties</c> or
/// <c>event_params</c>): the original README's column mapping names them so (Amplitude's <c>page_url</c> or
/// <c>page_title</c>, GA4's <c>page_location</c>), and they are read as the nested ones are.
/// </summary>
public sealed class FlattenedJsonImportTests : IDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private List<ImportedRow> Import(string lines, EventFormat format)
    {
        var file = _folder.File("export.jsonl");
        File.WriteAllText(file, lines);
        var result = ImportFile(file, format);
        Assert.Empty(result.Rejected);
        return Rows(result);
    }

    [Fact]
    public void Amplitude_page_url_or_page_title_at_the_top()
    {
        var rows = Import("""
            {"user_id":"a","event_time":"2024-03-01 09:00:00.000000","event_type":"Viewed","session_id":1709283600000,"page_url":"https://shop.example.com/home?x=1"}
            {"user_id":"a","event_time":"2024-03-01 09:01:00.000000","event_type":"Viewed","session_id":1709283600000,"page_title":"Cart"}
            """, EventFormat.Amplitude);
        Assert.Equal([("/home", "a_1709283600000"), ("Cart", "a_1709283600000")], rows.Select(r => (r.Page, r.Session)));
    }

    [Fact]
    public void Ga4_page_location_and_session_at_the_top()
    {
        var rows = Import("""
            {"user_pseudo_id":"p","event_timestamp":"1709283600000000","event_name":"page_view","page_location":"https://shop.example.com/cart","ga_session_id":"7"}
            """, EventFormat.Ga4);
        Assert.Equal([("/cart", "p_7", March1(9, 0, 0))], rows.Select(r => (r.Page, r.Session, r.Time)));
    }

    [Fact]
    public void Mixpanel_properties_at_the_top()
    {
        var rows = Import("""
            {"event":"View","distinct_id":"u","time":1709283600,"$current_url":"https://shop.example.com/a"}
            """, EventFormat.Mixpanel);
        Assert.Equal([("u", "/a", March1(9, 0, 0))], rows.Select(r => (r.User, r.Page, r.Time)));
    }
}
