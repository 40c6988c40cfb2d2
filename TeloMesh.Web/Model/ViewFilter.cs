using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>
/// A dataset view filtered to one slice of its sessions ("mobile only", "since the release"), in the URL of every
/// dataset page and export: <c>?filter-from=2025-03-01&amp;filter-to=2025-03-08&amp;filter-column=platform&amp;filter-value=ios</c>.
/// A session is kept by its first step, as a comparison slices sessions (docs/metrics.md section 9). Dates are UTC:
/// <c>yyyy-MM-dd</c> or an ISO 8601 time.
/// </summary>
public static class ViewFilter
{
    public const string FromKey = "filter-from", ToKey = "filter-to", ColumnKey = "filter-column", ValueKey = "filter-value";

    private static readonly string[] Keys = [FromKey, ToKey, ColumnKey, ValueKey];

    /// <summary>The filter a URL's query names; <see cref="Slice.All"/> without one. A value that is not a date, or a column without a value, is an <see cref="InvalidInputException"/> saying which.</summary>
    public static Slice FromQuery(IReadOnlyDictionary<string, string?> query)
    {
        DateTime? Time(string key) => query.GetValueOrDefault(key) is { Length: > 0 } text
            ? DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
                : throw new InvalidInputException($"The view's {key} '{text}' is not a date: use yyyy-MM-dd, e.g. 2025-03-01.")
            : null;
        var column = query.GetValueOrDefault(ColumnKey) is { Length: > 0 } c ? c : null;
        var value = query.GetValueOrDefault(ValueKey);
        if (column is not null && value is null)
            throw new InvalidInputException($"The view filters on the segment column '{column}' but names no value ({ValueKey}).");
        var (from, to) = (Time(FromKey), Time(ToKey));
        if (from is { } f && to is { } t && f >= t)
            throw new InvalidInputException($"The view's period ends before it starts ({Day(f)} is not before {Day(t)}).");
        return new Slice(from, to, column, column is null ? null : value);
    }

    /// <summary>The filter of a whole URL (its query).</summary>
    public static Slice FromUri(string uri) => FromQuery(Query(uri));

    /// <summary>A URL's query as keys and values (the last of repeated keys).</summary>
    public static Dictionary<string, string?> Query(string uri)
    {
        var query = new Uri(uri, UriKind.Absolute).Query;
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals < 0 ? part : part[..equals]).Replace('+', ' '));
            pairs[key] = equals < 0 ? "" : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
        }
        return pairs;
    }

    /// <summary>The query pairs of <paramref name="filter"/>, none for every session.</summary>
    public static (string Key, string? Value)[] Pairs(Slice filter) =>
    [
        (FromKey, filter.From is { } f ? Day(f) : null), (ToKey, filter.To is { } t ? Day(t) : null),
        (ColumnKey, filter.Column), (ValueKey, filter.Column is null ? null : filter.Value ?? ""),
    ];

    /// <summary><paramref name="link"/> with <paramref name="filter"/> added to its query (unchanged for every session).</summary>
    public static string Apply(string link, Slice filter)
    {
        var pairs = Pairs(filter).Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        if (pairs.Count == 0) return link;
        return link + (link.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', pairs);
    }

    /// <summary>Whether <paramref name="key"/> is one of the filter's query keys.</summary>
    public static bool IsKey(string key) => Keys.Contains(key, StringComparer.Ordinal);

    /// <summary>A piece of a download's file name: <c>-platform-ios-2025-03-01-to-2025-03-08</c>; empty for every session.</summary>
    public static string FileSuffix(Slice filter) => filter.IsAll ? "" : "-" + FileNames.Slug(filter.ToString().Replace(" = ", "-", StringComparison.Ordinal));

    /// <summary>A day, or a time when it is not midnight (UTC), as the query and the page show it.</summary>
    public static string Day(DateTime t) => t.TimeOfDay == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
