using TeloMesh.Core.Events;
using TeloMesh.Core.Grouping;

namespace TeloMesh.Tests.Core.Grouping;

/// <summary>Grouping rules as docs/metrics.md section 11 defines them, each case worked from the definition.</summary>
public class PageRulesTests
{
    [Theory]
    // One star: any characters but '/', so one segment (also an empty one).
    [InlineData("/product/* => /product/:id", "/product/123", "/product/:id")]
    [InlineData("/product/* => /product/:id", "/product/", "/product/:id")]
    [InlineData("/product/* => /product/:id", "/product/123/reviews", "/product/123/reviews")]
    [InlineData("/product/*/reviews => /product/:id/reviews", "/product/9/reviews", "/product/:id/reviews")]
    // Two stars: any characters, '/' included; the whole page must match.
    [InlineData("/blog/** => /blog", "/blog/2025/04/my-post", "/blog")]
    [InlineData("/blog/** => /blog", "/blog", "/blog")]
    [InlineData("/blog/** => /blog", "/en/blog/x", "/en/blog/x")]
    // Everything else is literal: a dot is a dot, a question mark a question mark.
    [InlineData("/a.b/* => A", "/aXb/1", "/aXb/1")]
    [InlineData("/a.b/* => A", "/a.b/1", "A")]
    [InlineData("/search?q=* => /search", "/search?q=tea", "/search")]
    // A regular expression over the whole page, its groups in the name.
    [InlineData(@"~/user/(\d+)/(\w+) => /user/:id/$2", "/user/42/settings", "/user/:id/settings")]
    [InlineData(@"~/user/(\d+)/(\w+) => /user/:id/$2", "/x/user/42/settings", "/x/user/42/settings")]
    [InlineData(@"~/user/(?<id>\d+) => /u/${id}", "/user/7", "/u/7")]
    public void A_rule_renames_the_pages_its_pattern_matches_whole(string rule, string page, string expected) =>
        Assert.Equal(expected, PageRules.Parse(rule).Apply(page));

    [Fact]
    public void The_first_rule_that_matches_wins()
    {
        var rules = PageRules.Parse("/p/1 => one\n/p/* => any\n");
        Assert.Equal(["one", "any", "/q/1"], new[] { "/p/1", "/p/2", "/q/1" }.Select(rules.Apply));
    }

    [Fact]
    public void Every_bad_rule_is_named_with_its_line_and_reason()
    {
        var e = Assert.Throws<InvalidInputException>(() => PageRules.Parse("# page types\n/a => \n/b\n~([ => x\n\n => y\n/c => C\n"));
        Assert.StartsWith("The grouping rules cannot be used: line 2: the name after => is empty; line 3: '/b' has no '=>' (a rule is PATTERN => NAME); " +
            "line 4: the regular expression cannot be read: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("; line 6: the pattern is empty.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regular_expression_that_takes_too_long_on_a_page_is_refused_naming_its_line()
    {
        var rules = PageRules.Parse("/a => A\n~(a+)+b => x\n");
        var e = Assert.Throws<InvalidInputException>(() => rules.Apply(new string('a', 40) + "!"));
        Assert.StartsWith("Grouping rule on line 2 (~(a+)+b) took longer than 200 ms on the page 'aaaa", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_are_the_same_options_when_their_rules_are_the_same()
    {
        Assert.Equal(PageRules.Parse("/a/* => /a/:id\n/b => B"), PageRules.Parse("# mine\n  /a/*   =>   /a/:id \n\n/b=>B\n"));
        Assert.NotEqual(PageRules.Parse("/a/* => /a/:id\n/b => B"), PageRules.Parse("/b => B\n/a/* => /a/:id"));
        Assert.Same(PageRules.None, PageRules.Parse("# nothing yet\n"));
        // A comment after the name, as --suggest-page-rules prints them; a '#' in a pattern is part of it.
        Assert.Equal(PageRules.Parse("/a/* => /a/:id\n~([^?#]*)[?#].* => $1"),
            PageRules.Parse("/a/* => /a/:id    # merges 3 pages into 1\n~([^?#]*)[?#].* => $1  # query strings"));
    }

    [Fact]
    public void A_table_with_grouped_pages_keeps_the_pages_as_read()
    {
        var events = TestFiles.Read("user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/product/1,view\nu,2025-03-01T10:01:00Z,/cart,add\n" +
            "u,2025-03-01T10:02:00Z,/product/2,view\n").Events;
        var grouped = events.WithPagesRenamed(PageRules.Parse("/product/* => /product/:id").Apply);
        Assert.Equal(["/product/:id", "/cart"], grouped.Pages.Values);
        Assert.Equal([0, 1, 0], grouped.PageIds.ToArray());
        Assert.Equal(["/product/1", "/cart", "/product/2"], grouped.RawPageIds.ToArray().Select(id => grouped.RawPages![id]));
        Assert.Same(events, grouped.Ungrouped);
        // Grouped again with other rules: from the pages as read, not from the grouped ones.
        var again = grouped.WithPagesRenamed(PageRules.Parse("/cart => /basket").Apply);
        Assert.Equal(["/product/1", "/basket", "/product/2"], again.PageIds.ToArray().Select(id => again.Pages[id]));
        Assert.Null(events.RawPages);
    }
}

/// <summary>An analysis with grouping rules: pages are renamed before anything is counted.</summary>
public class GroupedAnalysisTests
{
    /// <summary>
    /// The tiny example with /product and /cart as one page, /shop: /product has 9 steps (s_A1 and s_C1 two each, s_A2,
    /// s_B1, s_B2, s_B3 and s_D2 one each) and /cart 3 (s_A1, s_B1, s_D2), so /shop has 12 of the 28; 5 pages are left.
    /// </summary>
    [Fact]
    public void Pages_are_grouped_before_they_are_counted_and_the_source_keeps_the_grouping()
    {
        var events = CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events;
        var options = TeloMesh.Core.Pipeline.AnalysisOptions.Default with { PageRules = PageRules.Parse("~/(product|cart) => /shop") };
        var result = TeloMesh.Core.Pipeline.AnalysisPipeline.Analyze(events, options);
        Assert.Equal(5, result.Graph.NodeCount);
        Assert.Equal(12, result.Friction.Points.Where(p => p.Page == "/shop").Sum(p => p.Occurrences));
        Assert.Equal(8, result.SessionCount);
        // A source made from the analysis's events (as the dashboard makes one for a path view) groups alike: the same table.
        var grouped = result.LocalSessions!.Events;
        Assert.Same(grouped, new TeloMesh.Core.Journeys.EventTableSource(grouped).EventsFor(options.AggregationKey));
        Assert.Same(events, new TeloMesh.Core.Journeys.EventTableSource(grouped).EventsFor(TeloMesh.Core.Pipeline.AnalysisOptions.Default.AggregationKey));
        // Analysed again without rules, from the analysis with them: the pages as read.
        var plain = TeloMesh.Core.Pipeline.AnalysisPipeline.Analyze(events, TeloMesh.Core.Pipeline.AnalysisOptions.Default, previous: result);
        Assert.Equal(6, plain.Graph.NodeCount);
    }
}
