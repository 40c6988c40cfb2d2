using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>
/// The Paths page's question in its URL: <c>?from=/cart</c> or <c>?to=/checkout</c>, with <c>steps</c>, <c>top</c>,
/// <c>repeats=1</c> and a <c>leave-out=EVENT</c> per event left out, so a path view can be shared and its downloads carry it.
/// </summary>
public static class PathsSelection
{
    public const string FromKey = "from", ToKey = "to", StepsKey = "steps", TopKey = "top", RepeatsKey = "repeats", LeaveOutKey = "leave-out";

    /// <summary>The query of a URL; null when it names no page (the page then offers one). Bad numbers are an <see cref="InvalidInputException"/>.</summary>
    public static PathQuery? FromUri(string uri)
    {
        var pairs = Pairs(new Uri(uri, UriKind.Absolute).Query);
        string? Last(string key) => pairs.LastOrDefault(p => p.Key == key).Value;
        var (from, to) = (Last(FromKey), Last(ToKey));
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(to)) return null;
        if (!string.IsNullOrEmpty(from) && !string.IsNullOrEmpty(to))
            throw new InvalidInputException("A path view goes from a page or to a page, not both: the address names both 'from' and 'to'.");
        int Number(string key, int otherwise) => Last(key) is not { Length: > 0 } text ? otherwise
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new InvalidInputException($"The path view's '{key}' is '{text}', not a whole number.");
        return new PathQuery(string.IsNullOrEmpty(from) ? to! : from, string.IsNullOrEmpty(from) ? PathDirection.To : PathDirection.From,
            Number(StepsKey, PathQuery.DefaultSteps), Number(TopKey, PathQuery.DefaultTop), Last(RepeatsKey) == "1")
        {
            LeaveOut = pairs.Where(p => p.Key == LeaveOutKey && p.Value.Length > 0).Select(p => p.Value).ToHashSet(StringComparer.Ordinal),
        }.Validated();
    }

    /// <summary>The query string of <paramref name="query"/>, defaults left out.</summary>
    public static string ToQuery(PathQuery query)
    {
        var pairs = new List<(string, string?)>
        {
            (query.Direction == PathDirection.From ? FromKey : ToKey, query.Page),
            (StepsKey, query.Steps == PathQuery.DefaultSteps ? null : query.Steps.ToString(CultureInfo.InvariantCulture)),
            (TopKey, query.Top == PathQuery.DefaultTop ? null : query.Top.ToString(CultureInfo.InvariantCulture)),
            (RepeatsKey, query.KeepRepeats ? "1" : null),
        };
        pairs.AddRange(query.LeaveOut.Order(StringComparer.Ordinal).Select(e => (LeaveOutKey, (string?)e)));
        return QueryText.Build([.. pairs]);
    }

    private static List<KeyValuePair<string, string>> Pairs(string query) =>
    [
        .. query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            return new KeyValuePair<string, string>(Uri.UnescapeDataString((equals < 0 ? part : part[..equals]).Replace('+', ' ')),
                equals < 0 ? "" : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' ')));
        }),
    ];
}
