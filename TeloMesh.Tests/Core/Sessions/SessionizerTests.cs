using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Sessions;

public class SessionizerTests
{
    private static SessionSet Sessions(string csv) => Sessionizer.Build(TestFiles.Read(csv).Events);

    /// <summary>Each session as its pages in step order, keyed by session id.</summary>
    private static Dictionary<string, string[]> Pages(SessionSet s) =>
        Enumerable.Range(0, s.Count).ToDictionary(i => s.Ids[i],
            i => s.Steps(i).ToArray().Select(r => s.Events.Pages[s.Events.PageIds[r]]).ToArray());

    [Theory]
    [InlineData("10:29:59", 1)] // gap 29:59: same session
    [InlineData("10:30:00", 1)] // exactly 30:00 stays (greater than, not at least)
    [InlineData("10:30:00.5", 2)] // 30:00.5 is more than 30 minutes
    [InlineData("10:30:01", 2)]
    public void Gap_rule_boundary(string secondTime, int expectedSessions)
    {
        var s = Sessions($"user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/a,view\nu,2025-03-01T{secondTime}Z,/b,view\n");
        Assert.Equal(expectedSessions, s.Count);
    }

    [Fact]
    public void Session_ids_count_from_00_per_user_and_grow_past_99()
    {
        Assert.Equal("session_u1_00", Sessionizer.SessionName("u1", 0));
        Assert.Equal("session_u1_07", Sessionizer.SessionName("u1", 7));
        Assert.Equal("session_u1_100", Sessionizer.SessionName("u1", 100));
        var s = Sessions("user_id,timestamp,page,event\nu1,2025-03-01T10:00:00Z,/a,v\nu1,2025-03-01T12:00:00Z,/b,v\n");
        Assert.Equal(["session_u1_00", "session_u1_01"], s.Ids);
    }

    [Fact]
    public void Unsorted_rows_are_ordered_by_time()
    {
        var s = Sessions("""
            user_id,timestamp,page,event
            u,2025-03-01T10:02:00Z,/c,v
            u,2025-03-01T10:00:00Z,/a,v
            u,2025-03-01T10:01:00Z,/b,v
            """);
        Assert.Equal(["/a", "/b", "/c"], Pages(s)["session_u_00"]);
    }

    [Fact]
    public void Two_users_interleaved_get_their_own_sessions()
    {
        var s = Sessions("""
            user_id,timestamp,page,event
            u1,2025-03-01T10:00:00Z,/a,v
            u2,2025-03-01T10:00:30Z,/x,v
            u1,2025-03-01T10:01:00Z,/b,v
            u2,2025-03-01T10:01:30Z,/y,v
            """);
        var pages = Pages(s);
        Assert.Equal(2, s.Count);
        Assert.Equal(["/a", "/b"], pages["session_u1_00"]);
        Assert.Equal(["/x", "/y"], pages["session_u2_00"]);
    }

    [Fact]
    public void Equal_timestamps_keep_file_order()
    {
        var s = Sessions("""
            user_id,timestamp,page,event
            u,2025-03-01T10:00:00Z,/second-in-time,v
            u,2025-03-01T09:50:00Z,/first,v
            u,2025-03-01T10:00:00Z,/tie-b,v
            u,2025-03-01T10:00:00Z,/tie-c,v
            """);
        Assert.Equal(["/first", "/second-in-time", "/tie-b", "/tie-c"], Pages(s)["session_u_00"]);
    }

    [Fact]
    public void A_session_crossing_midnight_stays_one_session()
    {
        var s = Sessions("""
            user_id,timestamp,page,event
            u,2025-03-01T23:50:00Z,/a,v
            u,2025-03-02T00:10:00Z,/b,v
            u,2025-03-02T00:35:00Z,/c,v
            """);
        // Gaps of 20 and 25 minutes: one session across the date change.
        Assert.Equal(["/a", "/b", "/c"], Pages(s)["session_u_00"]);
    }

    [Fact]
    public void Given_session_ids_group_rows_and_order_steps_by_time()
    {
        var s = Sessions("""
            user_id,timestamp,page,event,session_id
            u,2025-03-01T10:05:00Z,/b,v,s2
            u,2025-03-01T10:00:00Z,/a,v,s2
            u,2025-03-01T11:00:00Z,/c,v,s1
            u,2025-03-01T15:00:00Z,/d,v,s1
            """);
        // Given ids win over the gap rule (s1 spans four hours); sessions are in id order.
        Assert.Equal(["s1", "s2"], s.Ids);
        Assert.Equal(["/c", "/d"], Pages(s)["s1"]);
        Assert.Equal(["/a", "/b"], Pages(s)["s2"]);
    }

    [Fact]
    public void Rows_with_an_empty_session_id_fall_back_to_the_gap_rule()
    {
        var s = Sessions("""
            user_id,timestamp,page,event,session_id
            u,2025-03-01T10:00:00Z,/a,v,given
            u,2025-03-01T10:01:00Z,/b,v,
            u,2025-03-01T12:00:00Z,/c,v,
            """);
        Assert.Equal(["given", "session_u_00", "session_u_01"], s.Ids);
    }

    /// <summary>
    /// Rows without a session id are sessions of the gap rule (docs/metrics.md section 2), even when the name the rule
    /// gives them, session_u_00 here, is also a given id: two sessions of one name, /h alone and /g /i (the given one comes
    /// first, as in ClickHouse, which counts them the same way). v's session is its own.
    /// </summary>
    [Fact]
    public void A_gap_rule_session_named_like_a_given_one_stays_a_session_of_its_own()
    {
        var s = Sessions("""
            user_id,timestamp,page,event,session_id
            u,2025-03-01T15:00:00Z,/g,v,session_u_00
            v,2025-03-01T09:00:00Z,/x,v,session_v_07
            u,2025-03-01T12:00:00Z,/h,v,
            u,2025-03-01T15:01:00Z,/i,v,session_u_00
            """);
        Assert.Equal(["session_u_00", "session_u_00", "session_v_07"], s.Ids);
        Assert.Equal(["/g", "/i"], s.Steps(0).ToArray().Select(r => s.Events.Pages[s.Events.PageIds[r]]));
        Assert.Equal(["/h"], s.Steps(1).ToArray().Select(r => s.Events.Pages[s.Events.PageIds[r]]));
    }

    [Fact]
    public void A_shorter_session_gap_splits_more()
    {
        var events = TestFiles.Read("user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/a,v\nu,2025-03-01T10:10:00Z,/b,v\n").Events;
        Assert.Equal(1, Sessionizer.Build(events).Count);
        Assert.Equal(2, Sessionizer.Build(events, new SessionOptions { Gap = TimeSpan.FromMinutes(5) }).Count);
    }
}
