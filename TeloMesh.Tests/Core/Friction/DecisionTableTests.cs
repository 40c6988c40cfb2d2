using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Friction;

/// <summary>
/// The decision table (docs/metrics.md section 13) on a hand-built shop with one page of each role, goal /thanks. 28
/// sessions, one a user:
/// 10 x /home /list /item /cart /pay /thanks (convert);
/// 10 x /home /list /item /cart /pay (lost at /pay);
///  6 x /home /faq (lost at /faq);
///  2 x /home /list /about /list /item /cart /pay /thanks (convert).
/// Steps: 60 + 50 + 12 + 16 = 138; sessions lost: 10 + 6 = 16; site exit rate 16/138 = 11.6 %.
/// /pay: 22 visits, 10 lost: 45.5 %, its interval above the site's, and every other visit converts, so ending fewer sessions
/// there gains conversions: a leak, fix. /faq: 6 visits, 6 lost (interval from 61 %): a dead end, investigate, with no gain
/// (nobody goes on from it). /home starts every session and nothing leads to it (betweenness 0): an entry, watch. The
/// graph is the chain home -> list -> item -> cart -> pay -> thanks, with home -> faq and list -> about -> list. Pages lie
/// on the one shortest path of these pairs: /list on home to item, cart, pay, thanks and about, and about to item, cart,
/// pay and thanks (9); /item on home, list and about to cart, pay and thanks (9); /cart on home, list, about and item to
/// pay and thanks (8); /pay on those and cart to thanks (5); /about, /faq and /home on none. The 90th percentile of 5, 8,
/// 9, 9 is 9, so /list and /item are hubs (watch; scaled, 1 and 1, /cart 8/9). /cart is passed by all 12 converting
/// sessions: a funnel step (keep). /about: nothing fires (keep). /thanks: the goal (keep).
/// </summary>
public class DecisionTableTests
{
    /// <summary>The shop's sessions as a CSV file (the dashboard's tests upload it).</summary>
    internal static readonly string Csv = SessionCsv.Csv(
        [
            .. Enumerable.Range(0, 10).Select(i => ($"a{i}", $"ua{i}", "/home /list /item /cart /pay /thanks")),
            .. Enumerable.Range(0, 10).Select(i => ($"b{i}", $"ub{i}", "/home /list /item /cart /pay")),
            .. Enumerable.Range(0, 6).Select(i => ($"c{i}", $"uc{i}", "/home /faq")),
            .. Enumerable.Range(0, 2).Select(i => ($"e{i}", $"ue{i}", "/home /list /about /list /item /cart /pay /thanks")),
        ]);

    internal static readonly AnalysisOptions WithGoal = AnalysisOptions.Default with { Goals = new GoalSet(["/thanks"], []) };

    private static readonly AnalysisResult Shop = AnalysisPipeline.Analyze(TestFiles.Read(Csv).Events, WithGoal);

    // Built in each test, not once for the class: a mutation-testing run then sees which tests read it.
    private static IReadOnlyList<DecisionRow> Table => DecisionTable.Build(Shop.Aggregates, Shop.Friction);

    private static DecisionRow Row(string page) => Table.Single(r => r.Page == page);

    [Fact]
    public void Each_page_gets_the_role_and_action_of_its_numbers_most_urgent_first()
    {
        Assert.Equal(
            [
                ("/pay", PageRole.Leak, PageAction.Fix),
                ("/faq", PageRole.DeadEnd, PageAction.Investigate),
                ("/home", PageRole.Entry, PageAction.Watch),
                ("/item", PageRole.Hub, PageAction.Watch),
                ("/list", PageRole.Hub, PageAction.Watch),
                ("/about", PageRole.Other, PageAction.Keep),
                ("/cart", PageRole.FunnelStep, PageAction.Keep),
                ("/thanks", PageRole.Goal, PageAction.Keep),
            ],
            Table.Select(r => (r.Page, r.Role, r.Action)));
    }

    [Fact]
    public void Each_row_quotes_the_numbers_its_rule_read()
    {
        Assert.Equal(16.0 / 138, DecisionTable.SiteExitRate(Shop.Friction), 12);
        var pay = Row("/pay");
        Assert.Equal((22, 10, 10.0 / 22), (pay.Traffic, pay.Exits, pay.ExitRate));
        Assert.True(pay.ExitRateLow > 16.0 / 138 && pay.Gain >= DecisionTable.MinGain, $"{pay.ExitRateLow} {pay.Gain}");
        // Section 8: a tenth fewer of /pay's exits (share e = 10/22) sends a = 0.1 e / (1 - e) = 1/12 more of its sessions on;
        // 22 of 28 sessions reach it and 12 of its 22 steps go to the goal: 22/28 x 1/12 x 12/22 = 1/28, 35.7 per 1,000.
        Assert.Equal(1000.0 / 28, pay.Gain, 6);
        // Wilson at 95 % for 10 of 22: centre (p + z²/2n) / (1 + z²/n), half width z sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n).
        Assert.Equal("exit rate 45.5 % (26.9–65.3) vs site 11.6 %; +35.7 conversions per 1,000 sessions if 10 % fewer sessions ended here", pay.Reason);

        var faq = Row("/faq");
        Assert.Equal((6, 6, 1.0), (faq.Traffic, faq.Exits, faq.ExitRate));
        Assert.EndsWith("vs site 11.6 %: most visits end the session", faq.Reason, StringComparison.Ordinal);
        Assert.Equal("100.0 % of sessions start here (28)", Row("/home").Reason);
        Assert.Equal((0.0, 28), (Row("/home").Betweenness, Row("/home").Starts));
        Assert.Equal("betweenness 1.000, in the top tenth of pages: many journeys pass here", Row("/item").Reason);
        Assert.Equal((1.0, 1.0, 8.0 / 9), (Row("/item").Betweenness, Row("/list").Betweenness, Row("/cart").Betweenness));
        Assert.Equal("100.0 % of converting sessions pass it", Row("/cart").Reason);
        Assert.Equal(1.0, Row("/cart").ConvertingShare);
        Assert.Equal(2.0 / 12, Row("/about").ConvertingShare, 12);
        Assert.Equal("no rule fired", Row("/about").Reason);
        Assert.Equal("a goal page: sessions succeed here", Row("/thanks").Reason);
    }

    /// <summary>The rules fire on real data: the dashboard's demo shop (500 users, 40 events each) with its goal has a page to fix.</summary>
    [Fact]
    public void On_the_demo_shop_with_its_goal_at_least_one_page_is_to_fix()
    {
        var stream = new MemoryStream();
        new TeloMesh.Core.Synthetic.SyntheticEventGenerator(new TeloMesh.Core.Synthetic.SyntheticOptions { Users = 500, EventsPerUser = 40 }).Write(stream);
        var events = TestFiles.Read(System.Text.Encoding.UTF8.GetString(stream.ToArray())).Events;
        var demo = AnalysisPipeline.Analyze(events, AnalysisOptions.Default with { Goals = new GoalSet(["/checkout/confirmation"], []) });
        var fix = DecisionTable.Build(demo.Aggregates, demo.Friction).Where(r => r.Action == PageAction.Fix).ToList();
        Assert.NotEmpty(fix);
        Assert.All(fix, r => Assert.True(r.Role == PageRole.Leak && r.Gain >= DecisionTable.MinGain && r.ExitRateLow > DecisionTable.SiteExitRate(demo.Friction)));
    }

    [Fact]
    public void Without_goals_nothing_is_a_leak_and_nothing_is_to_fix()
    {
        var plain = AnalysisPipeline.Analyze(Shop.LocalSessions!.Events, AnalysisOptions.Default);
        var table = DecisionTable.Build(plain.Aggregates, plain.Friction);
        Assert.DoesNotContain(table, r => r.Role is PageRole.Leak or PageRole.Goal or PageRole.FunnelStep || r.Action == PageAction.Fix);
        Assert.All(table, r => Assert.True(double.IsNaN(r.Gain) && double.IsNaN(r.ConvertingShare)));
        // /thanks ends all its 12 sessions: without a goal it is a dead end like /faq.
        Assert.Equal(PageRole.DeadEnd, table.Single(r => r.Page == "/thanks").Role);
        // Every session end is now lost: 10 at /pay, 6 at /faq, 12 at /thanks, 28 of 138 steps, a site rate of 20.3 %. /pay
        // ends 10 of its 22 visits, 45.5 % (26.9–65.3): above the site for sure but under half, so no dead end, and with
        // betweenness 5/9 not a hub. Its score, the only one above 0, 10/22 x 5/9 = 0.2525, makes it the chokepoint:
        // investigate, and the reason says so, with the numbers.
        var pay = table.Single(r => r.Page == "/pay");
        Assert.Equal((PageRole.Other, PageAction.Investigate, true), (pay.Role, pay.Action, pay.IsChokepoint));
        Assert.Equal(10.0 / 22 * 5 / 9, pay.Score, 12);
        Assert.Equal("a chokepoint (score 0.2525), exit rate 45.5 % (26.9–65.3) vs site 20.3 %", pay.Reason);
    }

    /// <summary>
    /// The shop with its six /faq sessions made two kinds: 3 x /home /faq and 3 x /home /faq /faq (click). /faq now has two
    /// (page, event) pairs, (View) 6 steps with 3 sessions ending there and (Click) 3 steps with 3: the page's numbers add
    /// both, 9 steps and 6 lost, 66.7 %. Steps 60 + 50 + 15 + 16 = 141, lost 16: site 11.3 %. Wilson at 95 % for 6 of 9:
    /// centre (2/3 + z²/18) / (1 + z²/9) = 0.6168, half width 1.96 sqrt(2/81 + z²/324) / (1 + z²/9) = 0.2626: 35.4–87.9 %.
    /// </summary>
    private static readonly string TwoKindsOfFaq = SessionCsv.Csv(
        [
            .. Enumerable.Range(0, 10).Select(i => ($"a{i}", $"ua{i}", "/home /list /item /cart /pay /thanks")),
            .. Enumerable.Range(0, 10).Select(i => ($"b{i}", $"ub{i}", "/home /list /item /cart /pay")),
            .. Enumerable.Range(0, 3).Select(i => ($"c{i}", $"uc{i}", "/home /faq")),
            .. Enumerable.Range(0, 3).Select(i => ($"d{i}", $"ud{i}", "/home /faq /faq:Click")),
            .. Enumerable.Range(0, 2).Select(i => ($"e{i}", $"ue{i}", "/home /list /about /list /item /cart /pay /thanks")),
        ]);

    [Fact]
    public void A_page_adds_up_the_steps_and_losses_of_all_its_events()
    {
        var shop = AnalysisPipeline.Analyze(TestFiles.Read(TwoKindsOfFaq).Events, WithGoal);
        var faq = DecisionTable.Build(shop.Aggregates, shop.Friction).Single(r => r.Page == "/faq");
        Assert.Equal((9, 6, PageRole.DeadEnd, PageAction.Investigate), (faq.Traffic, faq.Exits, faq.Role, faq.Action));
        Assert.Equal("exit rate 66.7 % (35.4–87.9) vs site 11.3 %: most visits end the session", faq.Reason);
    }

    /// <summary>
    /// With the goal event Click instead: the three sessions that click on /faq convert, and /faq (View) is in all three of
    /// them, a funnel step. Only one of /faq's two pairs is a goal, so /faq is not a goal page: a page is one when every
    /// pair of it is a goal.
    /// </summary>
    [Fact]
    public void A_page_with_a_goal_event_among_others_is_not_a_goal_page()
    {
        var shop = AnalysisPipeline.Analyze(TestFiles.Read(TwoKindsOfFaq).Events, AnalysisOptions.Default with { Goals = new GoalSet([], ["Click"]) });
        var faq = DecisionTable.Build(shop.Aggregates, shop.Friction).Single(r => r.Page == "/faq");
        Assert.Equal((PageRole.FunnelStep, 1.0), (faq.Role, faq.ConvertingShare));
        Assert.Equal("100.0 % of converting sessions pass it", faq.Reason);
    }
}
