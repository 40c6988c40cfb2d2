using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Graph;

/// <summary>docs/metrics.md section 3 and "Compatibility mode": transitions, self-loops, edge weight, edge event.</summary>
public class JourneyGraphBuilderTests
{
    private static (JourneyGraph Graph, SessionSet Sessions) Build(CompatMode mode, params (string Session, string User, string Steps)[] sessions)
    {
        var set = Sessionizer.Build(SessionCsv.Events(sessions));
        return (JourneyGraphBuilder.Build(set, mode), set);
    }

    /// <summary>Each edge as "from->to" with its weight, event name and per-event counts ("E1:1 E2:2"), in edge order.</summary>
    private static List<(string Edge, int Weight, string Event, string Counts)> Describe(JourneyGraph g) =>
        [.. g.Edges.Select(e => (
            $"{g.Pages[e.From]}->{g.Pages[e.To]}",
            e.Weight,
            g.EventNames[e.Event],
            string.Join(' ', e.EventCounts.Select(c => $"{g.EventNames[c.Event]}:{c.Count}"))))];

    [Fact]
    public void Repeated_page_gives_a_self_loop_edge()
    {
        // Steps /a Open, /a Scroll, /b Open: transitions (0,1) /a->/a carrying Scroll and (1,2) /a->/b carrying Open.
        var (g, _) = Build(CompatMode.Default, ("s1", "u", "/a:Open /a:Scroll /b:Open"));

        Assert.Equal(
        [
            ("/a->/a", 1, "Scroll", "Scroll:1"),
            ("/a->/b", 1, "Open", "Open:1"),
        ], Describe(g));
        Assert.True(g.Edges[0].IsSelfLoop);
        Assert.False(g.Edges[1].IsSelfLoop);
        Assert.Equal(["/a", "/b"], g.NodeOrder.Select(n => g.Pages[n]));
    }

    [Fact]
    public void Self_loop_weight_counts_each_repeat()
    {
        // /a /a /a /b: transitions /a->/a (steps 0-1), /a->/a (1-2), /a->/b (2-3): self-loop weight 2.
        var (g, _) = Build(CompatMode.Default, ("s1", "u", "/a /a /a /b"));

        Assert.Equal(
        [
            ("/a->/a", 2, "View", "View:2"),
            ("/a->/b", 1, "View", "View:1"),
        ], Describe(g));
    }

    [Fact]
    public void Edge_event_is_the_destination_steps_event()
    {
        // The source step's event (Leave) is never an edge event; /x->/y carries /y's event Arrive.
        var (g, _) = Build(CompatMode.Default, ("s1", "u", "/x:Leave /y:Arrive"));

        Assert.Equal([("/x->/y", 1, "Arrive", "Arrive:1")], Describe(g));
    }

    [Fact]
    public void Default_weight_counts_every_transition_and_event_is_the_most_frequent()
    {
        // /x->/y is taken three times, in session order s1 (E1), s2 (E2), s3 (E2):
        // weight = 3 transitions; counts E1:1, E2:2 in first-seen order; most frequent = E2.
        var (g, _) = Build(CompatMode.Default,
            ("s1", "u", "/x /y:E1"),
            ("s2", "u", "/x /y:E2"),
            ("s3", "u", "/x /y:E2"));

        Assert.Equal([("/x->/y", 3, "E2", "E1:1 E2:2")], Describe(g));
    }

    [Fact]
    public void Default_tie_goes_to_the_first_seen_event()
    {
        // s1 carries E1, then s2 carries E2: E1:1, E2:1 is a tie, E1 was seen first; weight still counts both = 2.
        var (g, _) = Build(CompatMode.Default,
            ("s1", "u", "/x /y:E1"),
            ("s2", "u", "/x /y:E2"));

        Assert.Equal([("/x->/y", 2, "E1", "E1:1 E2:1")], Describe(g));
    }

    [Fact]
    public void Compat_keeps_the_first_seen_event_and_counts_only_its_transitions()
    {
        // Same transitions as the default case: E1 (s1), E2 (s2), E2 (s3). The original keeps E1, the first seen, and
        // its weight counts only the transitions carrying E1 = 1; the per-event counts are still all kept.
        var (g, _) = Build(CompatMode.TeloMesh,
            ("s1", "u", "/x /y:E1"),
            ("s2", "u", "/x /y:E2"),
            ("s3", "u", "/x /y:E2"));

        Assert.Equal([("/x->/y", 1, "E1", "E1:1 E2:2")], Describe(g));
    }

    [Fact]
    public void Compat_first_seen_follows_code_point_order_of_session_ids_not_file_order()
    {
        // The file lists "s😀" (E2, twice over two sessions) before "sＡ" (E1). Code point order puts "sＡ" (U+FF21)
        // before "s😀" (U+1F600) and "s😀2" (so E1 is first seen), although UTF-16 ordinal order (😀 = D83D DE00 <
        // FF21) and the file would put E2 first. Compat: event E1, weight = transitions with E1 = 1.
        var (g, sessions) = Build(CompatMode.TeloMesh,
            ("s😀", "u", "/x /y:E2"),
            ("s😀2", "u", "/x /y:E2"),
            ("sＡ", "v", "/x /y:E1"));

        Assert.Equal(["sＡ", "s😀", "s😀2"], sessions.Ids);
        Assert.Equal([("/x->/y", 1, "E1", "E1:1 E2:2")], Describe(g));
    }

    [Fact]
    public void Default_mode_on_the_same_file_takes_the_majority_event()
    {
        // Same file as above: E1:1, E2:2 -> E2, weight 3, whatever the session order.
        var (g, _) = Build(CompatMode.Default,
            ("s😀", "u", "/x /y:E2"),
            ("s😀2", "u", "/x /y:E2"),
            ("sＡ", "v", "/x /y:E1"));

        Assert.Equal([("/x->/y", 3, "E2", "E1:1 E2:2")], Describe(g));
    }

    [Fact]
    public void Nodes_and_edges_are_ordered_by_sessions_in_id_order()
    {
        // The file lists s2 (/b /c) before s1 (/a /b); sessions run s1 then s2, so pages are first reached in the order
        // /a, /b, /c and the first transitions are /a->/b (s1) then /b->/c (s2).
        var (g, _) = Build(CompatMode.Default,
            ("s2", "u", "/b /c"),
            ("s1", "u", "/a /b"));

        Assert.Equal(["/a", "/b", "/c"], g.NodeOrder.Select(n => g.Pages[n]));
        Assert.Equal(["/a->/b", "/b->/c"], Describe(g).Select(e => e.Edge));
    }

    [Fact]
    public void Single_step_sessions_add_a_node_but_no_edge()
    {
        // A session of one step has no consecutive pair, so no transition.
        var (g, _) = Build(CompatMode.Default, ("s1", "u", "/only"));

        Assert.Equal(["/only"], g.NodeOrder.Select(n => g.Pages[n]));
        Assert.Empty(g.Edges);
    }
}
