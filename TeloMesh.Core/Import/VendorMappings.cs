namespace TeloMesh.Core.Import;

/// <summary>
/// How each vendor's export becomes events. Sources, cited in the tests: Mixpanel's raw event export
/// (<c>event</c>, <c>properties.time</c> in epoch seconds, <c>properties.distinct_id</c>, <c>$current_url</c>,
/// <c>$insert_id</c>); Amplitude's export API (<c>user_id</c> or <c>device_id</c>, <c>event_time</c> in UTC,
/// <c>event_type</c>, <c>session_id</c> in epoch milliseconds, -1 for none, <c>event_properties</c>,
/// <c>user_properties</c>); GA4's BigQuery export (<c>event_timestamp</c> in microseconds, <c>event_name</c>,
/// <c>user_pseudo_id</c>, <c>event_params</c> holding <c>page_location</c>, <c>page_title</c>, <c>ga_session_id</c>).
/// </summary>
/// <remarks>A record without a page is not rejected: its event name stands for the page (<see cref="VendorEvent.PageFromEvent"/>),
/// as an event-only CSV maps the page role to the event column (docs/metrics.md section 11).</remarks>
public static class VendorMappings
{
    public static Func<SourceRecord, ImportOptions, (VendorEvent? Event, string? Error)> For(EventFormat format) => format switch
    {
        EventFormat.Mixpanel => Mixpanel,
        EventFormat.Amplitude => Amplitude,
        EventFormat.Ga4 => Ga4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), "TeloMesh's own CSV is read by CsvEventReader."),
    };

    private static readonly HashSet<string> MixpanelMapped = ["time", "distinct_id", "$current_url", "$insert_id", "$screen_name", "screen", "event"];

    /// <summary>
    /// Mixpanel: the page is <c>$current_url</c> (as a path), else the screen name. <c>$insert_id</c> identifies the event
    /// for de-duplication (it is not a session: docs/metrics.md section 1), so sessions come from the gap rule.
    /// </summary>
    public static (VendorEvent?, string?) Mixpanel(SourceRecord r, ImportOptions o)
    {
        // Raw exports nest every property under "properties"; a flattened record has them at the top.
        string? P(string key) => r.Get("properties", key) ?? r.Get(key);
        var evt = r.Get("event");
        var user = P("distinct_id");
        var time = P("time");
        if (evt is null) return (null, "no event name ('event')");
        if (user is null) return (null, "no user ('properties.distinct_id')");
        if (time is null) return (null, "no time ('properties.time')");
        var url = P("$current_url");
        var page = url is not null ? UrlPages.ToPage(url, o.KeepQuery) : P("$screen_name") ?? P("screen");
        var insert = P("$insert_id");
        var dedupe = insert is null ? null : string.Join('\u001f', evt, user, time, insert);
        return (new VendorEvent(user, time, page, evt, null, r.OthersAsJson(["properties"], MixpanelMapped), null, dedupe).WithPageOrEvent(), null);
    }

    private static readonly string[] AmplitudePagePaths = ["[Amplitude] Page Path", "page_path", "path"];
    private static readonly string[] AmplitudePageUrls = ["[Amplitude] Page URL", "page_url", "Page URL", "url", "page_location"];
    private static readonly string[] AmplitudePageTitles = ["[Amplitude] Page Title", "page_title", "Page Title", "page", "screen_name"];

    /// <summary>
    /// Amplitude: the user is <c>user_id</c>, or <c>device_id</c> for anonymous users; the page is the page path, URL or
    /// title from <c>event_properties</c> (or same-named CSV columns); a session is the user's <c>session_id</c>, unless -1.
    /// </summary>
    public static (VendorEvent?, string?) Amplitude(SourceRecord r, ImportOptions o)
    {
        var user = r.Get("user_id") ?? r.Get("device_id");
        var time = r.Get("event_time");
        var evt = r.Get("event_type");
        if (evt is null) return (null, "no event name ('event_type')");
        if (user is null) return (null, "no user ('user_id' or 'device_id')");
        if (time is null) return (null, "no time ('event_time')");
        // In event_properties, or at the top of a flattened record (the original README maps page_url and page_title).
        string? Property(string key) => r.Get("event_properties", key) ?? r.Get(key);
        var page = AmplitudePagePaths.Select(Property).FirstOrDefault(p => p is not null)
            ?? AmplitudePageUrls.Select(Property).Where(p => p is not null).Select(p => UrlPages.ToPage(p!, o.KeepQuery)).FirstOrDefault()
            ?? AmplitudePageTitles.Select(Property).FirstOrDefault(p => p is not null);
        var session = r.Get("session_id");
        var sessionKey = session is null || session == "-1" ? null : $"{user}_{session}";
        var eventProperties = r is JsonRecord ? r.Get("event_properties") : r.OthersAsJson([], AmplitudeCsvMapped);
        return (new VendorEvent(user, time, page, evt, sessionKey, eventProperties, r.Get("user_properties")).WithPageOrEvent(), null);
    }

    private static readonly HashSet<string> AmplitudeCsvMapped =
        ["user_id", "device_id", "event_time", "event_type", "session_id", "user_properties", .. AmplitudePagePaths, .. AmplitudePageUrls, .. AmplitudePageTitles];

    private static readonly HashSet<string> Ga4Mapped = ["page_location", "page_title", "ga_session_id"];

    /// <summary>
    /// GA4: the page is <c>page_location</c> (as a path), else <c>page_title</c>, from <c>event_params</c> (or columns of
    /// those names in a flattened CSV); the session is <c>user_pseudo_id</c> + <c>ga_session_id</c>.
    /// </summary>
    public static (VendorEvent?, string?) Ga4(SourceRecord r, ImportOptions o)
    {
        var user = r.Get("user_pseudo_id");
        var time = r.Get("event_timestamp");
        var evt = r.Get("event_name");
        if (evt is null) return (null, "no event name ('event_name')");
        if (user is null) return (null, "no user ('user_pseudo_id')");
        if (time is null) return (null, "no time ('event_timestamp')");
        var parameters = r is JsonRecord json ? Ga4Params(json) : null;
        // In event_params (BigQuery's shape), or at the top of a flattened record.
        string? Param(string key) => parameters?.GetValueOrDefault(key) ?? r.Get(key);
        var location = Param("page_location");
        var page = location is not null ? UrlPages.ToPage(location, o.KeepQuery) : Param("page_title");
        var sessionId = Param("ga_session_id");
        var session = sessionId is null ? null : $"{user}_{sessionId}";
        var others = parameters is null
            ? r.OthersAsJson([], new HashSet<string>(["user_pseudo_id", "event_timestamp", "event_name", "user_properties", .. Ga4Mapped]))
            : Json(parameters.Where(p => !Ga4Mapped.Contains(p.Key)));
        return (new VendorEvent(user, time, page, evt, session, others, r.Get("user_properties")).WithPageOrEvent(), null);
    }

    /// <summary>GA4 parameters: <c>[{"key": k, "value": {"string_value": ...} | {"int_value": ...} | ...}]</c> as key to text.</summary>
    private static Dictionary<string, string> Ga4Params(JsonRecord record)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!record.Root.TryGetProperty("event_params", out var list) || list.ValueKind != System.Text.Json.JsonValueKind.Array) return result;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != System.Text.Json.JsonValueKind.Object || !item.TryGetProperty("key", out var key) || key.GetString() is not { } name) continue;
            if (!item.TryGetProperty("value", out var value) || value.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
            foreach (var typed in value.EnumerateObject())
            {
                if (JsonRecord.Text(typed.Value) is { } text)
                {
                    result[name] = text;
                    break;
                }
            }
        }
        return result;
    }

    private static string? Json(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = pairs.ToDictionary(p => p.Key, p => p.Value);
        return map.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(map, ReadableJson.Options);
    }
}
