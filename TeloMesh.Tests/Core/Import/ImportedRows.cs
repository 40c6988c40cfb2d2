using System.Text.Json.Nodes;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;

namespace TeloMesh.Tests.Core.Import;

/// <summary>
/// One imported event with every field read back from the <see cref="EventTable"/>: the record's line, user, UTC time,
/// page, event, session key (null for none) and the <c>event_properties</c> / <c>user_properties</c> text ("" for none).
/// </summary>
internal sealed record ImportedRow(
    int Line, string User, DateTime Time, string Page, string Event, string? Session, string EventProperties, string UserProperties);

/// <summary>Reads the fixtures of Fixtures/import and compares what they became, field by field.</summary>
internal static class ImportedRows
{
    public static string Fixture(string name) => TestFiles.Fixture("import", name);

    public static IngestResult ImportFile(string path, EventFormat format, bool keepQuery = false) =>
        EventImporter.Read(path, format, import: new ImportOptions { KeepQuery = keepQuery });

    public static IngestResult ImportFixture(string name, EventFormat format, bool keepQuery = false) =>
        ImportFile(Fixture(name), format, keepQuery);

    /// <summary>A time on 2024-03-01, the day every fixture is on, in UTC.</summary>
    public static DateTime March1(int hour, int minute, int second, int millisecond = 0) =>
        new(2024, 3, 1, hour, minute, second, millisecond, DateTimeKind.Utc);

    public static List<ImportedRow> Rows(IngestResult result)
    {
        var t = result.Events;
        var eventProperties = t.ExtraColumns.Single(c => c.Name == "event_properties");
        var userProperties = t.ExtraColumns.Single(c => c.Name == "user_properties");
        var rows = new List<ImportedRow>(t.Count);
        for (var i = 0; i < t.Count; i++)
        {
            var session = t.HasSessionIds && t.SessionIds[i] >= 0 ? t.Sessions![t.SessionIds[i]] : null;
            rows.Add(new ImportedRow(t.LineNumbers[i], t.Users[t.UserIds[i]], new DateTime(t.Ticks[i], DateTimeKind.Utc),
                t.Pages[t.PageIds[i]], t.Events[t.EventIds[i]], session,
                eventProperties.Values[eventProperties.Ids[i]], userProperties.Values[userProperties.Ids[i]]));
        }
        return rows;
    }

    /// <summary>
    /// Checks every field of <paramref name="actual"/>. The property columns are compared as JSON content (key order
    /// and escaping do not matter); an expected "" means the event has no such properties.
    /// </summary>
    public static void AssertRow(ImportedRow expected, ImportedRow actual)
    {
        Assert.Equal(
            (expected.Line, expected.User, expected.Time, expected.Page, expected.Event, expected.Session),
            (actual.Line, actual.User, actual.Time, actual.Page, actual.Event, actual.Session));
        AssertJson(expected.EventProperties, actual.EventProperties, $"line {expected.Line}: event_properties");
        AssertJson(expected.UserProperties, actual.UserProperties, $"line {expected.Line}: user_properties");
    }

    public static void AssertRows(IReadOnlyList<ImportedRow> expected, IngestResult result)
    {
        var actual = Rows(result);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) AssertRow(expected[i], actual[i]);
    }

    public static void AssertJson(string expected, string actual, string what)
    {
        if (expected.Length == 0)
        {
            Assert.True(actual.Length == 0, $"{what}: expected none, found {actual}");
            return;
        }
        Assert.True(actual.Length > 0, $"{what}: expected {expected}, found none");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"{what}: expected {expected}, found {actual}");
    }

    /// <summary>The rejected records as (line, reason).</summary>
    public static (long Line, string Reason)[] Rejections(IngestResult result) =>
        [.. result.Rejected.Select(r => (r.LineNumber, r.Reason))];

    /// <summary>The core fields of every event, the part that does not depend on the shape (JSON or CSV) of an export.</summary>
    public static (string User, DateTime Time, string Page, string Event, string? Session)[] CoreFields(IngestResult result) =>
        [.. Rows(result).Select(r => (r.User, r.Time, r.Page, r.Event, r.Session))];
}
