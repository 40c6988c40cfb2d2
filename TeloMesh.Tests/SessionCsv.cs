using System.Globalization;
using System.Text;
using TeloMesh.Core.Events;

namespace TeloMesh.Tests;

/// <summary>Writes small event CSVs with a <c>session_id</c> column from a compact description of sessions.</summary>
internal static class SessionCsv
{
    /// <summary>2025-01-01T00:00:00Z as Unix seconds; every step is one minute after the previous one.</summary>
    private const long Start = 1_735_689_600;

    /// <summary>
    /// Sessions as (session id, user, steps); steps are space-separated <c>page</c> or <c>page:event</c> (the event
    /// defaults to <c>View</c>). Rows are written in the order given, one minute apart.
    /// </summary>
    public static EventTable Events(params (string Session, string User, string Steps)[] sessions) => TestFiles.Read(Csv(sessions)).Events;

    /// <summary>The text of <see cref="Events"/>: a CSV file of these sessions.</summary>
    public static string Csv(params (string Session, string User, string Steps)[] sessions)
    {
        var csv = new StringBuilder("user_id,timestamp,page,event,session_id\n");
        var minute = 0;
        foreach (var (session, user, steps) in sessions)
        {
            foreach (var step in steps.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = step.IndexOf(':', StringComparison.Ordinal);
                var (page, evt) = colon < 0 ? (step, "View") : (step[..colon], step[(colon + 1)..]);
                csv.Append(CultureInfo.InvariantCulture, $"{user},{Start + (60 * minute++)},{page},{evt},{session}\n");
            }
        }
        return csv.ToString();
    }

    /// <summary>Each path is one session of user <c>u</c>, with ids <c>s00</c>, <c>s01</c>, ... in the order given.</summary>
    public static EventTable Paths(params string[] paths) =>
        Events([.. paths.Select((steps, k) => ($"s{k:00}", "u", steps))]);
}
