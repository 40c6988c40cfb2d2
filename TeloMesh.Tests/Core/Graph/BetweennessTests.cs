using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Graph;

/// <summary>
/// docs/metrics.md section 4 betweenness on graphs small enough to do on paper. Raw betweenness of v = sum over ordered pairs
/// (s, t), s != v != t, of (shortest s->t paths through v) / (shortest s->t paths); the result is raw / max raw.
/// Each path string is one session; an edge's weight is the number of transitions on it. "eps" below is the 1e-9
/// that probability mode adds to every length; ln is the natural logarithm.
/// </summary>
public class BetweennessTests
{
    private static Dictionary<string, double> Scores(BetweennessMode mode, CompatMode compat, params string[] paths)
    {
        var graph = JourneyGraphBuilder.Build(Sessionizer.Build(SessionCsv.Paths(paths)), compat);
        var b = Betweenness.Compute(graph, mode, compat);
        Assert.Equal(graph.Pages.Count, b.Length);
        return graph.NodeOrder.ToDictionary(n => graph.Pages[n], n => b[n]);
    }

    private static Dictionary<string, double> Scores(BetweennessMode mode, params string[] paths) =>
        Scores(mode, CompatMode.Default, paths);

    private static void AssertScores(Dictionary<string, double> actual, params (string Page, double Expected)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Page).Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (page, value) in expected)
            Assert.True(Math.Abs(actual[page] - value) < 1e-12, $"{page}: expected {value}, actual {actual[page]}");
    }

    [Theory]
    [InlineData(BetweennessMode.Probability)]
    [InlineData(BetweennessMode.Hops)]
    [InlineData(BetweennessMode.Reference)]
    public void Path_middle_pages_each_lie_on_two_pairs(BetweennessMode mode)
    {
        // a->b->c->d, one path per pair. Pairs with an interior page: (a,c) via b; (a,d) via b, c; (b,d) via c.
        // Raw: b = 2, c = 2, a = d = 0; max 2 -> b = c = 1.
        AssertScores(Scores(mode, "a b c d"), ("a", 0), ("b", 1), ("c", 1), ("d", 0));
    }

    [Theory]
    [InlineData(BetweennessMode.Probability)]
    [InlineData(BetweennessMode.Hops)]
    [InlineData(BetweennessMode.Reference)]
    public void Star_hub_lies_on_every_leaf_to_leaf_pair(BetweennessMode mode)
    {
        // h<->x, h<->y, h<->z, weight 1 each. Leaves are joined only through h, so the 6 ordered leaf pairs
        // (x,y) (x,z) (y,x) (y,z) (z,x) (z,y) each have the one path leaf->h->leaf. Pairs with h as an end have no
        // interior page, and no shortest path passes through a leaf. Raw: h = 6, leaves 0 -> h = 1.
        AssertScores(Scores(mode, "h x h y h z h"), ("h", 1), ("x", 0), ("y", 0), ("z", 0));
    }

    [Theory]
    [InlineData(BetweennessMode.Probability)]
    [InlineData(BetweennessMode.Hops)]
    [InlineData(BetweennessMode.Reference)]
    public void Balanced_diamond_splits_the_source_to_sink_credit(BetweennessMode mode)
    {
        // s->a->t and s->b->t, every weight 1. Two equally short s->t paths in every mode:
        // probability: p(s->a) = p(s->b) = 1/2, p(a->t) = p(b->t) = 1, each path ln 2 + 2 eps; hops 2 each; reference 2 each.
        // Raw: a = 1/2, b = 1/2 (the only pair with an interior page is (s,t)); max 1/2 -> a = b = 1.
        AssertScores(Scores(mode, "s a t", "s b t"), ("s", 0), ("a", 1), ("b", 1), ("t", 0));
    }

    [Theory]
    [InlineData(BetweennessMode.Probability)]
    [InlineData(BetweennessMode.Hops)]
    [InlineData(BetweennessMode.Reference)]
    public void Balanced_diamond_beside_a_path_shows_the_raw_halves(BetweennessMode mode)
    {
        // The diamond above (raw a = b = 1/2) next to a separate path p->q->r (raw q = 1, from the pair (p,r)).
        // Max raw is 1, so the diamond's halves show: a = b = 0.5, q = 1.
        AssertScores(Scores(mode, "s a t", "s b t", "p q r"),
            ("s", 0), ("a", 0.5), ("b", 0.5), ("t", 0), ("p", 0), ("q", 1), ("r", 0));
    }

    // Unbalanced diamond: s->a->t taken 3 times, s->b->t once. Weights s->a 3, a->t 3, s->b 1, b->t 1.
    private static readonly string[] Unbalanced = ["s a t", "s a t", "s a t", "s b t"];

    [Fact]
    public void Unbalanced_diamond_probability_sends_all_credit_through_the_likely_branch()
    {
        // p(s->a) = 3/4, p(s->b) = 1/4, p(a->t) = p(b->t) = 1.
        // s->a->t: ln(4/3) + 2 eps ~ 0.288; s->b->t: ln 4 + 2 eps ~ 1.386. Only a is on the shortest (s,t) path.
        // Raw: a = 1, b = 0.
        AssertScores(Scores(BetweennessMode.Probability, Unbalanced), ("s", 0), ("a", 1), ("b", 0), ("t", 0));
    }

    [Fact]
    public void Unbalanced_diamond_hops_splits_the_credit()
    {
        // Both s->t paths have 2 hops: raw a = b = 1/2 -> both 1.
        AssertScores(Scores(BetweennessMode.Hops, Unbalanced), ("s", 0), ("a", 1), ("b", 1), ("t", 0));
    }

    [Fact]
    public void Unbalanced_diamond_reference_sends_all_credit_through_the_rare_branch()
    {
        // Length = weight: s->a->t = 3 + 3 = 6, s->b->t = 1 + 1 = 2. Only b is on the shortest path: raw a = 0, b = 1.
        AssertScores(Scores(BetweennessMode.Reference, Unbalanced), ("s", 0), ("a", 0), ("b", 1), ("t", 0));
    }

    // r->s->{a,b}->t with the frequent branch through a, plus one page feeding each branch:
    // edges r->s 4, s->a 3, s->b 1, a->t 4 (3 + q's 1), b->t 2 (1 + p's 1), q->a 1, p->b 1.
    // Pairs with an interior page, whatever the mode: (r,a) via s; (r,b) via s; (q,t) via a; (p,t) via b;
    // (r,t) and (s,t) go through a or b depending on the lengths. Nothing else is reachable through a third page.
    private static readonly string[] Flip = ["r s a t", "r s a t", "r s a t", "r s b t", "q a t", "p b t"];

    [Fact]
    public void Probability_ranks_the_frequent_branch_above_the_rare_one()
    {
        // Out weights r 4, s 4, a 4, b 2: p(r->s) = 1, p(s->a) = 3/4, p(s->b) = 1/4, p(a->t) = p(b->t) = 1.
        // (s,t): via a ln(4/3) + 2 eps ~ 0.288, via b ln 4 + 2 eps ~ 1.386 -> a. (r,t): the same plus eps -> s and a.
        // Raw: s = (r,a) + (r,b) + (r,t) = 3; a = (r,t) + (s,t) + (q,t) = 3; b = (p,t) = 1.
        // Scaled by 3: s = 1, a = 1, b = 1/3.
        var b = Scores(BetweennessMode.Probability, Flip);

        AssertScores(b, ("r", 0), ("s", 1), ("a", 1), ("b", 1.0 / 3), ("t", 0), ("q", 0), ("p", 0));
        Assert.True(b["a"] > b["b"]);
    }

    [Fact]
    public void Reference_ranks_the_rare_branch_above_the_frequent_one()
    {
        // Length = weight. (s,t): via a 3 + 4 = 7, via b 1 + 2 = 3 -> b. (r,t): via a 4 + 3 + 4 = 11, via b 4 + 1 + 2 = 7
        // -> s and b. Raw: s = 3 as before; a = (q,t) = 1; b = (r,t) + (s,t) + (p,t) = 3.
        // Scaled by 3: s = 1, a = 1/3, b = 1: the ranking of a and b is the reverse of probability mode's.
        var b = Scores(BetweennessMode.Reference, Flip);

        AssertScores(b, ("r", 0), ("s", 1), ("a", 1.0 / 3), ("b", 1), ("t", 0), ("q", 0), ("p", 0));
        Assert.True(b["b"] > b["a"]);
    }

    [Fact]
    public void Hops_ties_the_two_branches_on_the_flip_graph()
    {
        // (r,t): two 3-hop paths, both through s (1) and one each through a and b (1/2 each); (s,t): a 1/2, b 1/2.
        // Raw: s = 1 + 1 + 1 = 3; a = 1/2 + 1/2 + (q,t) 1 = 2; b = 1/2 + 1/2 + (p,t) 1 = 2. Scaled by 3: 1, 2/3, 2/3.
        AssertScores(Scores(BetweennessMode.Hops, Flip),
            ("r", 0), ("s", 1), ("a", 2.0 / 3), ("b", 2.0 / 3), ("t", 0), ("q", 0), ("p", 0));
    }

    [Theory]
    [InlineData(BetweennessMode.Probability)]
    [InlineData(BetweennessMode.Hops)]
    [InlineData(BetweennessMode.Reference)]
    public void Single_edge_gives_all_zero(BetweennessMode mode)
    {
        // a->b (twice): no pair has an interior page, so the largest raw value is 0 and every score is 0.
        AssertScores(Scores(mode, "a b", "a b"), ("a", 0), ("b", 0));
        AssertScores(Scores(mode, CompatMode.TeloMesh, "a b", "a b"), ("a", 0), ("b", 0));
    }

    [Theory]
    [InlineData(BetweennessMode.Probability)]
    [InlineData(BetweennessMode.Hops)]
    [InlineData(BetweennessMode.Reference)]
    public void Self_loops_never_lie_on_a_shortest_path(BetweennessMode mode)
    {
        // a->a, a->b, b->b, b->c, weight 1 each: the loops only add out weight (probability: p(a->b) = p(b->c) = 1/2).
        // The only pair with an interior page is (a,c), path a->b->c -> raw b = 1.
        AssertScores(Scores(mode, "a a b b c"), ("a", 0), ("b", 1), ("c", 0));
    }

    [Theory]
    [InlineData("a b c d")]
    [InlineData("h x h y h z h")]
    [InlineData("s a t|s b t")]
    [InlineData("s a t|s b t|p q r")]
    [InlineData("s a t|s a t|s a t|s b t")]
    [InlineData("r s a t|r s a t|r s a t|r s b t|q a t|p b t")]
    public void Compat_scaling_then_max_division_equals_plain_reference(string sessions)
    {
        // Compat multiplies raw values by 1/((n-1)(n-2)) (networkx normalisation) and then divides by the largest:
        // the common factor cancels, so the result is the reference mode's raw / max raw (up to rounding).
        // Every transition carries the event View, so compat weights equal default weights here.
        var paths = sessions.Split('|');
        var compat = Scores(BetweennessMode.Reference, CompatMode.TeloMesh, paths);
        var reference = Scores(BetweennessMode.Reference, paths);

        AssertScores(compat, [.. reference.Select(kv => (kv.Key, kv.Value))]);
    }

    [Fact]
    public void Compat_on_the_flip_graph_gives_the_reference_values()
    {
        // Worked values of Reference_ranks_the_rare_branch_above_the_frequent_one, n = 7: raw s 3, a 1, b 3 times
        // 1/30, divided by the largest (3/30): s = 1, a = 1/3, b = 1.
        AssertScores(Scores(BetweennessMode.Reference, CompatMode.TeloMesh, Flip),
            ("r", 0), ("s", 1), ("a", 1.0 / 3), ("b", 1), ("t", 0), ("q", 0), ("p", 0));
    }

    [Fact]
    public void Top_page_scores_exactly_one()
    {
        // raw / max is exactly 1 for the page holding the max, in default and compat mode.
        Assert.Equal(1.0, Scores(BetweennessMode.Probability, Flip)["s"]);
        Assert.Equal(1.0, Scores(BetweennessMode.Reference, CompatMode.TeloMesh, Flip)["s"]);
    }
}
