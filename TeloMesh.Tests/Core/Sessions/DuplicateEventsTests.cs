using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Sessions;

/// <summary>
/// <see cref="SessionSet.DuplicateEvents"/>: events equal to an earlier event in every column (user, time as an instant,
/// page, event, session and every segment column). Rows are written one per line, separated by '|'; times are Unix
/// seconds (1000 and 2000 are 1970-01-01T00:16:40Z and 00:33:20Z, 16:40 apart, so one gap-rule session).
/// </summary>
public class DuplicateEventsTests
{
    private const string Plain = "user_id,timestamp,page,event|";
    private const string WithSession = "user_id,timestamp,page,event,session_id|";
    private const string WithSegment = "user_id,timestamp,page,event,platform|";

    [Theory]
    [InlineData(Plain + "u,1000,/a,v|u,1000,/a,v", 1)] // the second equals the first
    [InlineData(Plain + "u,1000,/a,v|u,1000,/a,v|u,1000,/a,v", 2)] // the second and third each equal an earlier one
    [InlineData(Plain + "u,1000,/a,v|u,1000,/b,v|u,1000,/a,v", 1)] // the third equals the first, not its neighbour
    [InlineData(Plain + "u,1000,/a,v|u,1000,/b,v", 0)] // same instant, page differs
    [InlineData(Plain + "u,1000,/a,v|u,1000,/a,w", 0)] // same instant, event differs
    [InlineData(Plain + "u,1000,/a,v|u,2000,/a,v", 0)] // same columns, different instants
    // Two instants, each with two events; (u, /a, v) is at both instants, so it equals no event at its own time.
    [InlineData(Plain + "u,1000,/a,v|u,1000,/b,v|u,2000,/a,v|u,2000,/c,v", 0)]
    [InlineData(WithSession + "u,1000,/a,v,s|u,1000,/a,v,s", 1)] // a given session: the same as above
    [InlineData(WithSession + "u1,1000,/a,v,s|u2,1000,/a,v,s", 0)] // one session, user differs
    [InlineData(WithSegment + "u,1000,/a,v,web|u,1000,/a,v,web", 1)] // segment columns equal too
    [InlineData(WithSegment + "u,1000,/a,v,web|u,1000,/a,v,ios", 0)] // a segment column differs
    public void Counts_events_equal_to_an_earlier_one_in_every_column(string rows, int duplicates)
    {
        var events = TestFiles.Read(rows.Replace('|', '\n') + "\n").Events;
        Assert.Equal(duplicates, Sessionizer.Build(events).DuplicateEvents);
    }
}
