using TeloMesh.Core.Events;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Sessions;

/// <summary>The flat layout of <see cref="SessionSet"/> and sessions built from an <see cref="EventTable"/> made in code.</summary>
public class SessionSetTests
{
    [Fact]
    public void A_given_session_id_that_no_event_carries_makes_no_session()
    {
        // docs/metrics.md section 2: a session is every row with that id. "orphan" is in the pool but on no row, so
        // the sessions are "s" (rows 0 and 1) and the gap-rule session of row 2, which has no id.
        var builder = new EventTableBuilder(hasSessionIds: true);
        builder.Sessions!.Intern("orphan");
        var s = builder.Sessions.Intern("s");
        var (u1, u2) = (builder.Users.Intern("u1"), builder.Users.Intern("u2"));
        var (page, evt) = (builder.Pages.Intern("/a"), builder.Events.Intern("v"));
        builder.Add(u2, utcTicks: 20, page, evt, s, lineNumber: 2);
        builder.Add(u1, utcTicks: 10, page, evt, s, lineNumber: 3);
        builder.Add(u2, utcTicks: 30, page, evt, sessionId: -1, lineNumber: 4);

        var sessions = Sessionizer.Build(builder.Build());

        Assert.Equal(["s", "session_u2_00"], sessions.Ids);
        // "s" in time order: row 1 (tick 10) then row 0 (tick 20); its user is the user of its first step, u1.
        Assert.Equal([1, 0, 2], sessions.AllSteps.ToArray());
        Assert.Equal([0, 2, 3], sessions.StepOffsets.ToArray());
        Assert.Equal([u1, u2], sessions.Users.ToArray());
        Assert.Equal(3, sessions.StepCount);
    }
}
