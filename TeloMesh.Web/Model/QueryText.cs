namespace TeloMesh.Web.Model;

/// <summary>Query strings and file names for export links.</summary>
public static class QueryText
{
    public static string Build(params (string Key, string? Value)[] pairs)
    {
        var parts = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>The parameters of <paramref name="uri"/>'s query, unescaped (a parameter given twice keeps its first value).</summary>
    public static Dictionary<string, string?> Parse(Uri uri) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)
            .ToDictionary(p => p.Key, p => (string?)p.Value.FirstOrDefault(), StringComparer.Ordinal);
}

/// <summary>Safe pieces of download file names.</summary>
public static class FileNames
{
    /// <summary>Letters and digits kept, everything else one dash, at most 40 characters: <c>/checkout/payment</c> gives <c>checkout-payment</c>.</summary>
    public static string Slug(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "x" : slug[..Math.Min(slug.Length, 40)].TrimEnd('-');
    }
}
