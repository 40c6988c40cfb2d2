using System.Globalization;
using System.Text;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Tests.Core.Sessions;

/// <summary>
/// Sessions come in code point order of their ids (docs/metrics.md section 2), however they were made. The gap rule's ids
/// are put in order from their users' order and checked; these cases break that shortcut on purpose (a user id that is a
/// prefix of another's, a user with more than a hundred sessions, ids with characters beyond the Basic Multilingual Plane
/// and from U+E000 up, given session ids mixed in), and the order must still be the one a plain sort by code point gives.
/// </summary>
public class SessionOrderTests
{
    private static readonly DateTime Start = new(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Rows for <paramref name="sessions"/> sessions of <paramref name="user"/>, an hour apart (each its own session by the gap rule).</summary>
    private static IEnumerable<string> Rows(string user, int sessions, string sessionId = "") =>
        Enumerable.Range(0, sessions).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{user},{Start.AddHours(i):yyyy-MM-ddTHH:mm:ssZ},/home,View,{sessionId}"));

    [Fact]
    public void Gap_rule_and_given_ids_together_are_in_code_point_order()
    {
        var csv = new StringBuilder("user_id,timestamp,page,event,session_id\n");
        string[] rows =
        [
            // "a" is a prefix of "a_1" and "a_10": "session_a_10" sorts before "session_a_1_00" ('0' < '_').
            .. Rows("b", 3), .. Rows("a_10", 2), .. Rows("a", 12), .. Rows("a_1", 2),
            // A hundred and one sessions: "session_many_100" sorts before "session_many_11".
            .. Rows("many", 101),
            // An emoji (a surrogate pair) sorts after U+E000-U+FFFF by code point, before them by UTF-16 unit.
            .. Rows("x\U0001F600", 2), .. Rows("x\uE000", 2), .. Rows("x\uFFFD", 1),
            // Given ids, one between the gap rule's and one that looks like them.
            .. Rows("g", 1, "m"), .. Rows("g", 1, "session_a_05x"), .. Rows("h", 1, "zz"), .. Rows("h", 1, "\U0001F600"),
        ];
        foreach (var row in rows) csv.Append(row).Append('\n');
        var sessions = Sessionizer.Build(TestFiles.Read(csv.ToString()).Events);
        var ids = sessions.Ids.ToList();
        Assert.Equal(3 + 2 + 12 + 2 + 101 + 2 + 2 + 1 + 4, sessions.Count);
        Assert.Equal([.. sessions.Ids.Order(CodePointComparer.Instance)], sessions.Ids);
        Assert.Equal(["m", "session_a_00", "session_a_01"], sessions.Ids.Take(3));
        Assert.Equal(ids.IndexOf("session_a_05") + 1, ids.IndexOf("session_a_05x"));
        Assert.True(ids.IndexOf("session_a_10") < ids.IndexOf("session_a_1_00"));
        Assert.True(ids.IndexOf("session_many_100") < ids.IndexOf("session_many_11"));
        Assert.True(ids.IndexOf("session_x\uFFFD_00") < ids.IndexOf("session_x\U0001F600_00"));
        Assert.Equal("\U0001F600", sessions.Ids[^1]);
        // Each session's steps and user go with its id.
        for (var s = 0; s < sessions.Count; s++)
        {
            var user = sessions.Events.Users[sessions.Users[s]];
            if (sessions.Ids[s].StartsWith("session_", StringComparison.Ordinal) && sessions.Ids[s] != "session_a_05x")
                Assert.StartsWith($"session_{user}_", sessions.Ids[s], StringComparison.Ordinal);
            Assert.Equal(1, sessions.Steps(s).Length);
        }
    }

    [Fact]
    public void Users_in_order_give_their_sessions_in_order()
    {
        var csv = new StringBuilder("user_id,timestamp,page,event\n");
        string[] rows = [.. Rows("u2", 2), .. Rows("u1", 3), .. Rows("u3", 1)];
        foreach (var row in rows) csv.Append(row[..^1]).Append('\n');
        var sessions = Sessionizer.Build(TestFiles.Read(csv.ToString()).Events);
        Assert.Equal(["session_u1_00", "session_u1_01", "session_u1_02", "session_u2_00", "session_u2_01", "session_u3_00"], sessions.Ids);
    }

    [Fact]
    public void A_user_with_more_than_a_hundred_sessions_has_them_in_code_point_order()
    {
        var csv = new StringBuilder("user_id,timestamp,page,event\n");
        string[] rows = [.. Rows("zeta", 2), .. Rows("solo", 105), .. Rows("user_10000", 1), .. Rows("user_100000", 1)];
        foreach (var row in rows) csv.Append(row[..^1]).Append('\n');
        var ids = Sessionizer.Build(TestFiles.Read(csv.ToString()).Events).Ids;
        Assert.Equal([.. ids.Order(CodePointComparer.Instance)], ids);
        // "_100" before "_11", and "user_100000_" before "user_10000_" ('0' before '_').
        Assert.Equal(["session_solo_09", "session_solo_10", "session_solo_100", "session_solo_101"], ids.Skip(9).Take(4));
        Assert.Equal(["session_user_100000_00", "session_user_10000_00"], ids.Skip(105).Take(2));
    }
}
