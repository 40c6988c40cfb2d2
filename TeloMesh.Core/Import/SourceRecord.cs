using System.Text.Json;

namespace TeloMesh.Core.Import;

/// <summary>
/// One record of a vendor file, JSON object or CSV row, read the same way: <see cref="Get"/> follows a path of keys
/// (<c>Get("properties", "time")</c>) in JSON and reads the column named by the last key in CSV, so one mapping serves
/// both shapes of an export.
/// </summary>
public abstract class SourceRecord
{
    /// <summary>The value at <paramref name="path"/> as text (numbers as written, objects as JSON), or null when absent or empty.</summary>
    public abstract string? Get(params string[] path);

    /// <summary>The object at <paramref name="path"/> as JSON text without the keys in <paramref name="except"/>, or null when empty.</summary>
    public abstract string? OthersAsJson(string[] path, ISet<string> except);

    public bool Has(params string[] path) => Get(path) is not null;
}

/// <summary>A JSON-lines record.</summary>
public sealed class JsonRecord(JsonElement root) : SourceRecord
{
    public JsonElement Root { get; } = root;

    public override string? Get(params string[] path)
    {
        var element = Root;
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
                return null;
        }
        return Text(element);
    }

    public override string? OthersAsJson(string[] path, ISet<string> except)
    {
        var element = Root;
        foreach (var key in path)
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element)) return null;
        if (element.ValueKind != JsonValueKind.Object) return null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ReadableJson.Encoder }))
        {
            json.WriteStartObject();
            foreach (var property in element.EnumerateObject())
            {
                if (except.Contains(property.Name)) continue;
                property.WriteTo(json);
            }
            json.WriteEndObject();
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        return text == "{}" ? null : text;
    }

    public static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Blank(element.GetString()),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object or JsonValueKind.Array => element.GetRawText(),
        _ => null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

/// <summary>
/// A CSV row, read by column name (case-insensitive); a path reads its last key, or, when no column has that name, the
/// path inside a column of JSON named by its first key (an Amplitude CSV's <c>event_properties</c> cell).
/// </summary>
public sealed class CsvRecord(IReadOnlyDictionary<string, int> columns, string[] fields) : SourceRecord
{
    // A column's JSON object, parsed once per row however many keys are read from it (null: not an object).
    private Dictionary<int, JsonElement?>? _objects;

    public override string? Get(params string[] path)
    {
        if (columns.TryGetValue(path[^1], out var i))
            return i < fields.Length && !string.IsNullOrWhiteSpace(fields[i]) ? fields[i].Trim() : null;
        if (path.Length < 2 || !columns.TryGetValue(path[0], out var j) || j >= fields.Length || Object(j) is not { } element) return null;
        foreach (var key in path[1..])
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element)) return null;
        return JsonRecord.Text(element);
    }

    private JsonElement? Object(int column)
    {
        _objects ??= [];
        if (_objects.TryGetValue(column, out var known)) return known;
        JsonElement? parsed = null;
        if (fields[column].AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            try
            {
                using var document = JsonDocument.Parse(fields[column]);
                parsed = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON after all: read as no properties, as a cell that is not an object is.
            }
        }
        return _objects[column] = parsed;
    }

    /// <summary>CSV has no nesting: the columns not in <paramref name="except"/>, as a JSON object of strings.</summary>
    public override string? OthersAsJson(string[] path, ISet<string> except)
    {
        var skip = new HashSet<string>(except, StringComparer.OrdinalIgnoreCase); // columns are matched ignoring case
        var others = columns.Where(c => !skip.Contains(c.Key) && c.Value < fields.Length && fields[c.Value].Length > 0)
            .OrderBy(c => c.Value).ToDictionary(c => c.Key, c => fields[c.Value]);
        return others.Count == 0 ? null : JsonSerializer.Serialize(others, ReadableJson.Options);
    }
}

/// <summary>
/// JSON for property text that people read: every script and emoji as written, not as <c>\u</c> escapes. This text is
/// data (a CSV cell, a value the dashboard shows through Blazor's encoding), never placed raw into HTML or a script,
/// so the relaxed encoder's leaving of &lt; and &amp; unescaped is safe here.
/// </summary>
public static class ReadableJson
{
    public static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder =
        System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonSerializerOptions Options = new() { Encoder = Encoder };
}
