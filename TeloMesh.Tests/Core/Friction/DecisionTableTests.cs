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

    private static IReadOnlyList<DecisionRow> TableOf(string csv, AnalysisOptions options)
    {
        var result = AnalysisPipeline.Analyze(TestFiles.Read(csv).Events, options);
        return DecisionTable.Build(result.Aggregates, result.Friction);
    }

    private static IEnumerable<(string, string, string)> Times(int count, string prefix, string steps) =>
        Enumerable.Range(0, count).Select(i => ($"{prefix}{i}", $"u{prefix}{i}", steps));

    /// <summary>
    /// The rules' lines are inclusive. 20 sessions, no goals: 19 start on /home and 1 on /side, both then /a. /side starts
    /// exactly 5 % of them: an entry (watch). With a 21st session on /home it starts 1 of 21, 4.8 %: no rule fires. No page
    /// lies between two others, so there is no hub.
    /// </summary>
    [Fact]
    public void A_page_that_starts_exactly_five_percent_of_sessions_is_an_entry()
    {
        var side = TableOf(SessionCsv.Csv([.. Times(19, "h", "/home /a"), .. Times(1, "s", "/side /a")]), AnalysisOptions.Default).Single(r => r.Page == "/side");
        Assert.Equal((PageRole.Entry, PageAction.Watch, 1, "5.0 % of sessions start here (1)"), (side.Role, side.Action, side.Starts, side.Reason));

        var fewer = TableOf(SessionCsv.Csv([.. Times(20, "h", "/home /a"), .. Times(1, "s", "/side /a")]), AnalysisOptions.Default).Single(r => r.Page == "/side");
        Assert.Equal((PageRole.Other, PageAction.Keep), (fewer.Role, fewer.Action));
    }

    /// <summary>
    /// Goal /thanks; 2 x /home /x /home /thanks and 2 x /home /thanks: all 4 convert and /x is in exactly half of them, a
    /// funnel step. /x lies on no shortest path between two other pages (betweenness 0), starts nothing and loses nobody.
    /// </summary>
    [Fact]
    public void A_page_passed_by_exactly_half_of_the_converting_sessions_is_a_funnel_step()
    {
        var x = TableOf(SessionCsv.Csv([.. Times(2, "x", "/home /x /home /thanks"), .. Times(2, "d", "/home /thanks")]), WithGoal).Single(r => r.Page == "/x");
        Assert.Equal((PageRole.FunnelStep, PageAction.Keep, 0.5, "50.0 % of converting sessions pass it"), (x.Role, x.Action, x.ConvertingShare, x.Reason));
    }

    /// <summary>
    /// Goal /thanks, 1,000 sessions: 21 x /home /s /thanks, 9 x /home /s and 970 x /home /thanks. Every page has betweenness
    /// 0 (/home -> /thanks is direct), so nothing is a chokepoint. /s loses 9 of its 30 visits, 30 %: Wilson at 95 %
    /// 16.7–47.9 %, above the site's 9 of 2,021 steps (0.4 %) for sure. Its gain by section 8's shortcut: /s is visited once
    /// (f = 0), e = P(/s, EXIT) = 0.3, a = 0.1 e / (1 - e) = 3/70, c = 21/30 = 0.7, c' = (1 + a) c = 0.73, reached by 30 of
    /// 1,000 sessions: 1,000 x 0.03 x 0.03 = 0.9 per 1,000, under the 1 a leak needs. So: investigate, and the reason says
    /// why it is not a fix.
    /// </summary>
    [Fact]
    public void A_page_worse_than_the_site_whose_fix_gains_under_one_per_thousand_is_investigated_not_fixed()
    {
        var csv = SessionCsv.Csv([.. Times(21, "c", "/home /s /thanks"), .. Times(9, "l", "/home /s"), .. Times(970, "d", "/home /thanks")]);
        var s = TableOf(csv, WithGoal).Single(r => r.Page == "/s");
        Assert.Equal(0.9, s.Gain, 9);
        Assert.Equal((PageRole.Other, PageAction.Investigate, false), (s.Role, s.Action, s.IsChokepoint));
        Assert.Equal("exit rate 30.0 % (16.7–47.9) vs site 0.4 %: worse than the site for sure, though fixing it gains only +0.9 per 1,000 sessions", s.Reason);
    }

    /// <summary>
    /// Two leaks, the larger gain on the page that sorts later by name. Goal /thanks, 1,000 sessions: /s 40 converting and 20
    /// lost of 60, /t 10 converting and 30 lost of 40, 900 x /home /thanks; betweenness 0 everywhere, so the scores tie at 0.
    /// Section 8's shortcut, each page visited once: /t e = 0.75, a = 0.1 x 0.75 / 0.25 = 0.3, c = 0.25 -> 0.325, reach
    /// 0.04: +3.0 per 1,000; /s e = 1/3, a = 0.05, c = 2/3 -> 0.7, reach 0.06: +2.0. Site: 50 lost of 2,050 steps, 2.4 %.
    /// Wilson at 95 %: 30 of 40 59.8–85.8 %, 20 of 60 22.7–45.9 %.
    /// </summary>
    [Fact]
    public void Pages_to_fix_come_largest_gain_first()
    {
        var csv = SessionCsv.Csv([.. Times(40, "sc", "/home /s /thanks"), .. Times(20, "sl", "/home /s"), .. Times(10, "tc", "/home /t /thanks"),
            .. Times(30, "tl", "/home /t"), .. Times(900, "d", "/home /thanks")]);
        var fix = TableOf(csv, WithGoal).Where(r => r.Action == PageAction.Fix).ToList();
        Assert.Equal(["/t", "/s"], fix.Select(r => r.Page));
        Assert.Equal([3.0, 2.0], fix.Select(r => Math.Round(r.Gain, 9)));
        Assert.Equal("exit rate 75.0 % (59.8–85.8) vs site 2.4 %; +3.0 conversions per 1,000 sessions if 10 % fewer sessions ended here", fix[0].Reason);
        Assert.Equal("exit rate 33.3 % (22.7–45.9) vs site 2.4 %; +2.0 conversions per 1,000 sessions if 10 % fewer sessions ended here", fix[1].Reason);
    }
}
