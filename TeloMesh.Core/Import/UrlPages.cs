namespace TeloMesh.Core.Import;

/// <summary>
/// Turns a page URL into the page TeloMesh groups by: the path, without scheme, host and fragment, and without the
/// query unless asked (<c>https://shop.example/cart?step=2#top</c> is <c>/cart</c>, or <c>/cart?step=2</c>). Query strings
/// usually carry tracking parameters that would split one page into thousands. Values that are not absolute URLs
/// (screen names, paths) are kept as they are.
/// </summary>
public static class UrlPages
{
    public static string ToPage(string value, bool keepQuery = false)
    {
        var text = value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return StripFragment(text, keepQuery);
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (path.Length == 0) path = "/";
        return keepQuery && uri.Query.Length > 1 ? path + uri.Query : path;
    }

    private static string StripFragment(string text, bool keepQuery)
    {
        if (!text.StartsWith('/')) return text;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0) text = text[..hash];
        var question = text.IndexOf('?', StringComparison.Ordinal);
        return !keepQuery && question >= 0 ? text[..question] : text;
    }
}
