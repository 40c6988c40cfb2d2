using TeloMesh.Core.Comparison;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Comparison;

/// <summary>Slices, their counts and the comparison's order, on counts small enough to check by eye.</summary>
public class SliceTests
{
    [Fact]
    public void A_slice_says_what_it_is()
    {
        var march = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal("all sessions", Slice.All.ToString());
        Assert.Equal("2025-03-01 to the end", new Slice(march).ToString());
        Assert.Equal("the start to 2025-03-02 09:30", new Slice(To: march.AddDays(1).AddHours(9.5)).ToString());
        Assert.Equal("platform = ios", new Slice(Column: "platform", Value: "ios").ToString());
        Assert.Equal("2025-03-01 to 2025-03-02, platform = ios", new Slice(march, march.AddDays(1), "platform", "ios").ToString());
    }

    [Fact]
    public void Sessions_belong_to_a_slice_by_their_first_step_and_every_value_can_be_chosen()
    {
        // u's session starts on web and moves to ios: it is a web session. v's is ios.
        var set = Sessionizer.Build(TestFiles.Read(
            "user_id,timestamp,page,event,platform\nu,2025-01-01T00:00:00Z,/a,view,web\nu,2025-01-01T00:01:00Z,/b,view,ios\nv,2025-01-01T00:02:00Z,/a,view,ios\n").Events);
        var u = set.Ids.ToList().IndexOf("session_u_00");
        var web = new Slice(Column: "platform", Value: "web").Members(set);
        var ios = new Slice(Column: "platform", Value: "ios").Members(set);
        Assert.True(web[u] && !ios[u]);
        Assert.Equal(1, web.Count(m => m));
        Assert.Equal(1, ios.Count(m => m));
        // A window [from, to): v's session starts at 00:02, so a window ending at 00:02 leaves it out.
        var early = new Slice(To: new DateTime(2025, 1, 1, 0, 2, 0, DateTimeKind.Utc)).Members(set);
        Assert.Equal([true, false], early);
    }

    [Fact]
    public void Counts_take_each_session_once_per_pair_and_a_session_with_two_goal_steps_converts()
    {
        // s0: H G G (converts, twice a goal step); s1: X X (X first seen in the second session, twice in it); s2: H X.
        var set = Sessionizer.Build(SessionCsv.Events(("s0", "u", "H G G"), ("s1", "u", "X X"), ("s2", "v", "H X")));
        var counts = SliceCounts.Count(set, new GoalSet(["G"], []));
        Assert.Equal((3L, 1L), (counts.Sessions, counts.Converted));
        var x = counts.Pairs[("X", "View")];
        Assert.Equal((3L, 2L, 0L, 2L), (x.Occurrences, x.Sessions, x.Conversions, x.Exits));
        Assert.Equal((2L, 1L, 0L), (counts.Pairs[("G", "View")].Occurrences, counts.Pairs[("G", "View")].Sessions, counts.Pairs[("G", "View")].Exits));
        // Transitions: H -> G, G -> G, X -> X, H -> X; out of H 2, out of G 1, out of X 1.
        Assert.Equal(1, counts.Transitions[("H", "X")]);
        Assert.Equal([("G", 1L), ("H", 2L), ("X", 1L)], counts.TransitionsOut.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));
    }

    private static SliceCounts Counts(long sessions, params (string Page, string Event, long Occurrences, long Exits)[] pairs)
    {
        var counts = new SliceCounts();
        foreach (var (page, evt, occurrences, exits) in pairs)
            counts.Pairs[(page, evt)] = new PairTally { Occurrences = occurrences, Exits = exits, Sessions = occurrences };
        counts.Sessions = sessions;
        return counts;
    }

    [Fact]
    public void Equal_rows_are_ordered_by_kind_page_event_and_destination()
    {
        var a = Counts(10, ("/b", "x", 10, 1), ("/a", "y", 10, 1), ("/a", "x", 10, 1));
        var b = Counts(10, ("/b", "x", 10, 1), ("/a", "y", 10, 1), ("/a", "x", 10, 1));
        foreach (var counts in new[] { a, b })
        {
            counts.Transitions[("/a", "/c")] = 5;
            counts.Transitions[("/a", "/b")] = 5;
            counts.TransitionsOut["/a"] = 10;
        }
        var result = Comparator.Compare(a, b, "A", "B", withGoals: false, minSupport: 10);
        Assert.Equal(["exit /a x ", "exit /a y ", "exit /b x ", "transition /a  /b", "transition /a  /c"],
            result.Changes.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {c.Page} {c.Event} {c.ToPage}"));
        Assert.All(result.Changes, c => Assert.False(c.Worse));
        Assert.Null(result.ConversionTest);
        Assert.Equal(0, result.Hidden);
    }

    [Fact]
    public void New_and_vanished_transitions_and_the_support_boundary()
    {
        var a = Counts(40, ("/h", "v", 40, 0));
        var b = Counts(40, ("/h", "v", 40, 0), ("/only-b", "v", 40, 40));
        a.Transitions[("/h", "/old")] = 40;
        a.TransitionsOut["/h"] = 40;
        b.Transitions[("/h", "/new")] = 40;
        b.TransitionsOut["/h"] = 40;
        var result = Comparator.Compare(a, b, "A", "B", withGoals: false, minSupport: 40);
        var added = result.Changes.Single(c => c.ToPage == "/new");
        var gone = result.Changes.Single(c => c.ToPage == "/old");
        Assert.True(added.New && !added.Vanished && !added.Worse);
        Assert.True(gone.Vanished && !gone.New);
        // (/only-b, v) has no occurrences in A: below the support there, so hidden; exactly 40 is enough.
        Assert.Equal(1, result.Hidden);
        Assert.Equal(3, result.Changes.Count);
        Assert.Equal(4, Comparator.Compare(a, b, "A", "B", false, minSupport: 41).Hidden);
        // No sessions at all: the conversion rate reads 0, and there is no conversion test.
        Assert.Equal(0, new SliceSummary("none", 0, 0).ConversionRate);
        Assert.Null(Comparator.Compare(new SliceCounts(), b, "A", "B", withGoals: true).ConversionTest);
    }
}

/// <summary>The segment columns a dataset offers for slicing, counted by each session's first step.</summary>
public class SegmentsTests
{
    [Fact]
    public void Each_column_lists_its_values_by_sessions_most_first()
    {
        // Sessions (gap rule, one per user): u starts on web (then ios), v and w on ios, x has no platform; channel is set
        // for u only. platform: ios 2, web 1, one empty; with top 1, web is among the others.
        var set = Sessionizer.Build(TestFiles.Read("user_id,timestamp,page,event,platform,channel\n" +
            "u,2025-01-01T00:00:00Z,/a,view,web,ads\nu,2025-01-01T00:01:00Z,/b,view,ios,\n" +
            "v,2025-01-01T00:00:00Z,/a,view,ios,\nw,2025-01-01T00:00:00Z,/a,view,ios,\nx,2025-01-01T00:00:00Z,/a,view,,\n").Events);
        var columns = Segments.Of(set);
        Assert.Equal(["platform", "channel"], columns.Select(c => c.Name));
        Assert.Equal([("ios", 2), ("web", 1)], columns[0].Values);
        Assert.Equal((0, 1), (columns[0].Others, columns[0].Empty));
        Assert.Equal([("ads", 1)], columns[1].Values);
        Assert.Equal(3, columns[1].Empty);
        var top1 = Segments.Of(set, top: 1)[0];
        Assert.Equal([("ios", 2)], top1.Values);
        Assert.Equal(1, top1.Others);
    }
}
