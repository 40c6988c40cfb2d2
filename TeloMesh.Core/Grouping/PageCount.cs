namespace TeloMesh.Core.Grouping;

/// <summary>A page as read (before grouping rules) and its events: what grouping rules are suggested from and previewed on.</summary>
public readonly record struct PageCount(string Page, long Events)
{
    /// <summary>The busiest first, ties in code point order.</summary>
    public static PageCount[] Ordered(IEnumerable<PageCount> pages) =>
        [.. pages.OrderByDescending(p => p.Events).ThenBy(p => p.Page, Text.CodePointComparer.Instance)];
}
