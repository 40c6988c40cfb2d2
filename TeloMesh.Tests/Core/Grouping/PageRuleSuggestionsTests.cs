using TeloMesh.Core.Grouping;

namespace TeloMesh.Tests.Core.Grouping;

/// <summary>Suggested grouping rules (docs/metrics.md section 11), worked from the definition.</summary>
public class PageRuleSuggestionsTests
{
    private static (string Rule, int Merged, int Into)[] Suggest(params string[] pages) =>
        [.. PageRuleSuggestions.Suggest(pages).Select(s => (s.Rule, s.PagesMerged, s.Into))];

    [Theory]
    [InlineData("123", true)]
    [InlineData("8f1c2a9b-1111-2222-3333-444455556666", true)]
    [InlineData("deadbeef", true)]
    [InlineData("DEADBEEF01", true)]
    [InlineData("deadbee", false)] // hex, but 7 characters
    [InlineData("checkout", false)]
    [InlineData("12a", false)] // neither a number nor 8 hex characters
    [InlineData("", false)]
    public void A_segment_is_an_id_when_it_is_a_number_a_uuid_or_8_hex_characters(string segment, bool id) =>
        Assert.Equal(id, PageRuleSuggestions.IsId(segment));

    /// <summary>
    /// /product/1, /22, /333: numbers, one type of 3 pages. Two orders by UUID, one type of 2. The blog posts: year and month
    /// are numbers, but each slug is alone under its parent, so /blog/:id/:id/post-a and .../post-b are one page each: no
    /// rule. /home?utm=x and /cart#top lose their query and fragment by the last rule, into 2 names.
    /// </summary>
    [Fact]
    public void Ids_make_page_types_and_the_query_rule_comes_last()
    {
        Assert.Equal(
            [
                ("/product/* => /product/:id", 3, 1),
                ("/order/*/items => /order/:id/items", 2, 1),
                ("~([^?#]*)[?#].* => $1", 2, 2),
            ],
            Suggest("/product/1", "/product/22", "/product/333", "/order/8f1c2a9b-1111-2222-3333-444455556666/items",
                "/order/0a1b2c3d-aaaa-bbbb-cccc-ddddeeeeffff/items", "/blog/2025/04/post-a", "/blog/2025/05/post-b", "/home", "/home?utm=x",
                "/cart#top"));
    }

    [Fact]
    public void A_segment_with_more_than_50_values_under_one_parent_is_an_id()
    {
        // Tags are words (z is no hex digit): 51 under /tag are too many to be pages, 50 are not.
        string[] Tags(int n) => [.. Enumerable.Range(0, n).Select(i => $"/tag/z{i}")];
        Assert.Equal([("/tag/* => /tag/:id", 51, 1)], Suggest(Tags(51)));
        Assert.Equal([("/tag/* => /tag/:id", 51, 1)], Suggest([.. Tags(51), "/home"])); // a shorter page does not stop the search at its depth
        Assert.Empty(Suggest(Tags(50)));
        // The values are all of them, ids included: 30 numbers and 21 words under /p are 51, so the words are ids too.
        Assert.Equal([("/p/* => /p/:id", 51, 1)], Suggest([.. Enumerable.Range(1, 30).Select(i => $"/p/{i}"), .. Enumerable.Range(0, 21).Select(i => $"/p/z{i}")]));
        // Dated posts: year and month are numbers, so each slug's parent is /blog/:id/:id, under which there are 60.
        Assert.Equal([("/blog/*/*/* => /blog/:id/:id/:id", 60, 1)],
            Suggest([.. Enumerable.Range(0, 60).Select(i => $"/blog/2025/{i % 12 + 1:00}/post-z{i}")]));
    }

    [Fact]
    public void Each_suggestion_counts_what_it_renames_after_the_ones_before_it()
    {
        // /item/1 and /item/2 are one type; /item/3/x and /item/4/x another (2 pages each): the first, listed first on a
        // tie in code point order, takes /item/1 and /item/2; the second /item/3/x and /item/4/x.
        Assert.Equal([("/item/* => /item/:id", 2, 1), ("/item/*/x => /item/:id/x", 2, 1)], Suggest("/item/1", "/item/2", "/item/3/x", "/item/4/x"));
    }

    /// <summary>
    /// The order is that of the number shown, the pages each rule renames, query variants included: /a/1../a/3 are 3
    /// paths and 3 pages; /b/1 and /b/2 only 2 paths but, with /b/1?x=1, /b/1?x=2 and /b/2?y, 5 pages (a star takes the
    /// query too). So /b/* comes first; the query rule, last, has nothing left to rename and is not suggested.
    /// </summary>
    [Fact]
    public void Page_types_are_listed_by_the_pages_they_rename()
    {
        Assert.Equal([("/b/* => /b/:id", 5, 1), ("/a/* => /a/:id", 3, 1)],
            Suggest("/a/1", "/a/2", "/a/3", "/b/1", "/b/2", "/b/1?x=1", "/b/1?x=2", "/b/2?y"));
    }

    /// <summary>Each suggestion says why: ids, many values, both, or query strings.</summary>
    [Fact]
    public void Each_suggestion_says_why()
    {
        var reasons = PageRuleSuggestions.Suggest([
            "/product/1", "/product/2", .. Enumerable.Range(0, 51).Select(i => $"/tag/z{i}"),
            .. Enumerable.Range(1, 30).Select(i => $"/p/{i}"), .. Enumerable.Range(0, 21).Select(i => $"/p/z{i}"), "/home?utm=x",
        ]).ToDictionary(s => s.Pattern, s => s.Reason);
        Assert.Equal("ids (numbers, UUIDs or hex) in a segment", reasons["/product/*"]);
        Assert.Equal("a segment of more than 50 values", reasons["/tag/*"]);
        Assert.Equal("ids and a segment of many values", reasons["/p/*"]);
        Assert.Equal("query strings and fragments (tracking parameters split one page into many)", reasons[PageRuleSuggestions.DropQueryPattern]);
    }
}
