using TeloMesh.Core.Events;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Pipeline;

/// <summary>Goals as options: suggested from the data, checked against it, refused in compatibility mode, reused by key.</summary>
public class GoalOptionsTests
{
    private static EventTable Shop() => SessionCsv.Events(
        ("s1", "u1", "/home /cart /checkout/confirmation:Purchase"), ("s2", "u2", "/home /cart"), ("s3", "u3", "/home /help"),
        ("s4", "u4", "/home /help"), ("s5", "u5", "/home /cart /checkout/confirmation:Purchase"));

    [Fact]
    public void Success_names_are_suggested_first_then_pages_where_sessions_end()
    {
        var result = AnalysisPipeline.Analyze(Shop(), AnalysisOptions.Default);
        var suggestions = GoalSuggestions.Suggest(result.Aggregates);
        // Named: the confirmation page and the Purchase event (2 sessions end on each). Then pages where at least half the
        // visits end the session: /help (2 of 2) before /cart (1 of 3 is not half); /home never ends one.
        Assert.Equal([(true, "/checkout/confirmation"), (false, "Purchase"), (true, "/help")],
            suggestions.Select(s => (s.IsPage, s.Name)));
        Assert.Equal("100 % of its visits end the session (2 sessions)", suggestions[2].Reason);
    }

    [Fact]
    public void A_goal_that_matches_nothing_is_refused_with_the_nearest_names()
    {
        var e = Assert.Throws<InvalidInputException>(() => AnalysisPipeline.Analyze(Shop(),
            new AnalysisOptions { Goals = new GoalSet(["/checkout/confirm"], ["purchase"]) }));
        Assert.Contains("The goal page '/checkout/confirm' matches no page. Nearest pages: '/checkout/confirmation'", e.Message, StringComparison.Ordinal);
        Assert.Contains("The goal event 'purchase' matches no event. Nearest events: 'Purchase'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Goals_and_minimum_support_are_refused_in_compatibility_mode_and_bad_values_are_named()
    {
        var problems = new AnalysisOptions { Compat = CompatMode.TeloMesh, Goals = new GoalSet(["/x"], []), MinSupport = 5, GainReduction = 0 }.Problems();
        Assert.Equal([AnalysisOption.GainReduction, AnalysisOption.Goals, AnalysisOption.MinSupport], problems.Select(p => p.Option));
        Assert.Contains("compatibility mode", problems[1].ToString(), StringComparison.Ordinal);
        Assert.Empty(new AnalysisOptions { Goals = new GoalSet(["/x"], []), MinSupport = 5, GainReduction = 1 }.Problems());
        Assert.Single(new AnalysisOptions { GainReduction = 1.5 }.Problems());
        Assert.Single(new AnalysisOptions { MinSupport = 0 }.Problems());
        // Grouping rules too (SPEC.md: compatibility mode knows none of the second wave).
        var grouped = new AnalysisOptions { Compat = CompatMode.TeloMesh, PageRules = TeloMesh.Core.Grouping.PageRules.Parse("/a/* => /a/:id") }.Problems();
        Assert.Equal("The grouping rules must be left out in compatibility mode, which reproduces the original's numbers (the original has no goals, " +
            "grouping rules, intervals or minimum support); analyse without compatibility mode to use it; got 1 rule.", Assert.Single(grouped).ToString());
    }

    [Fact]
    public void Other_goals_count_the_same_sessions_again_and_keep_the_graph_and_betweenness()
    {
        var first = AnalysisPipeline.Analyze(Shop(), AnalysisOptions.Default);
        var withGoal = AnalysisPipeline.Analyze(first.Aggregates.Sequences.Local!.Events,
            AnalysisOptions.Default with { Goals = new GoalSet(["/checkout/confirmation"], []) }, previous: first);
        Assert.Same(first.LocalSessions, withGoal.LocalSessions);
        Assert.Same(first.Graph, withGoal.Graph);
        Assert.Same(first.BetweennessResult, withGoal.BetweennessResult);
        Assert.NotSame(first.Aggregates, withGoal.Aggregates);
        Assert.Equal(0.4, withGoal.Friction.Goals!.ConversionRate);
        // Counted again from the kept pairs, the numbers are those of an analysis from scratch.
        var fresh = AnalysisPipeline.Analyze(Shop(), withGoal.Options);
        Assert.Equal(fresh.Aggregates.Pairs, withGoal.Aggregates.Pairs);
        Assert.Equal(fresh.Aggregates.StateTransitions, withGoal.Aggregates.StateTransitions);
        Assert.Equal(fresh.Friction.Goals, withGoal.Friction.Goals);
        // And back to no goals: the exits are the first analysis's again.
        var none = AnalysisPipeline.Analyze(first.Aggregates.Sequences.Local!.Events, AnalysisOptions.Default, previous: withGoal);
        Assert.Equal(first.Aggregates.Pairs, none.Aggregates.Pairs);
        // Only the reduction changed: the aggregates themselves are reused.
        var reduced = AnalysisPipeline.Analyze(first.Aggregates.Sequences.Local!.Events, withGoal.Options with { GainReduction = 0.2 }, previous: withGoal);
        Assert.Same(withGoal.Aggregates, reduced.Aggregates);
        Assert.Equal(0.2, reduced.Friction.Goals!.GainReduction);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("same", "same", 0)]
    [InlineData("ab", "ba", 2)]
    public void Edit_distance_counts_insertions_deletions_and_substitutions(string a, string b, int expected) =>
        Assert.Equal(expected, TeloMesh.Core.Text.NearestNames.EditDistance(a, b));

    [Fact]
    public void The_nearest_names_contain_the_goal_first_then_by_edit_distance_then_in_code_point_order()
    {
        string[] names = ["/thanks", "/checkout/confirmation", "/confirm", "/cart", "/b", "/a", "/order/confirmation"];
        // "confirmation" is inside two names: those first, nearer first (7 insertions for "/order/", 10 for "/checkout/").
        // Then by edit distance from "confirmation": /confirm 6 (insert "/", delete "ation"), /cart 10, /a and /thanks 11
        // (/a first in code point order), /b 12.
        Assert.Equal(["/order/confirmation", "/checkout/confirmation", "/confirm", "/cart"], TeloMesh.Core.Text.NearestNames.Of("Confirmation", names, 4));
        Assert.Equal(["/a", "/thanks", "/b"], TeloMesh.Core.Text.NearestNames.Of("Confirmation", names, 7).Skip(4));
        // Equal distances: /a and /b are both 2 from "/c": /a first.
        Assert.Equal(["/a", "/b"], TeloMesh.Core.Text.NearestNames.Of("/c", ["/b", "/a"], 2));
        // "/cart" is inside "/cart/x" and "/ca" inside "/cart": containment either way counts.
        Assert.Equal(["/cart"], TeloMesh.Core.Text.NearestNames.Of("/ca", ["/xyz", "/cart"], 1));
        Assert.Equal(["/cart"], TeloMesh.Core.Text.NearestNames.Of("/cart/x", ["/cbrt", "/cart"], 1));
    }

    [Fact]
    public void The_first_page_and_event_can_be_goals_and_an_unmatched_page_is_named()
    {
        // /home and View have id 0 in their pools: matched like any other.
        Assert.Equal(1.0, AnalysisPipeline.Analyze(Shop(), new AnalysisOptions { Goals = new GoalSet(["/home"], ["View"]) }).Friction.Goals!.ConversionRate);
        var e = Assert.Throws<InvalidInputException>(() => AnalysisPipeline.Analyze(Shop(), new AnalysisOptions { Goals = new GoalSet(["/hlep"], []) }));
        Assert.Equal("The goal page '/hlep' matches no page. Nearest pages: '/help', '/home', '/cart', " +
            "'/checkout/confirmation'. Goals match exactly, case included.", e.Message);
    }

    [Fact]
    public void An_unmatched_goal_message_names_each_goal_once()
    {
        var e = Assert.Throws<InvalidInputException>(() => AnalysisPipeline.Analyze(Shop(), new AnalysisOptions { Goals = new GoalSet(["/help"], ["Buy"]) }));
        // /help is a page, so only the event is named. "buy" is 4 edits from "view" (3 substitutions, 1 insertion) and at least
        // 5 from "purchase" (5 letters longer), so View comes first.
        Assert.Equal("The goal event 'Buy' matches no event. Nearest events: 'View', 'Purchase'. Goals match exactly, case included.", e.Message);
    }

    [Fact]
    public void Goal_sets_are_equal_whatever_the_order_and_repeats()
    {
        Assert.Equal(new GoalSet(["/b", "/a", "/a"], ["x"]), new GoalSet(["/a", "/b"], ["x"]));
        Assert.NotEqual(new GoalSet(["/a"], []), new GoalSet([], ["/a"]));
        Assert.Equal(new AggregationKey(TimeSpan.FromMinutes(30)), new AggregationKey(TimeSpan.FromMinutes(30), GoalSet.None));
    }
}
