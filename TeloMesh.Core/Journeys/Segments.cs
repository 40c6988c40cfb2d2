using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Journeys;

/// <summary>A segment column and how many sessions start with each of its values (most first), for choosing a slice.</summary>
/// <param name="Others">Sessions with a value beyond the ones listed.</param>
/// <param name="Empty">Sessions whose first step has no value in this column.</param>
public sealed record SegmentColumn(string Name, IReadOnlyList<(string Value, int Sessions)> Values, int Others, int Empty);

/// <summary>
/// The segment columns the events kept (docs/metrics.md section 1: every column besides the required ones), each with
/// its values counted by sessions, a session counting by its first step as a slice counts it (section 9).
/// </summary>
public static class Segments
{
    /// <summary>How many values of each column are listed by default.</summary>
    public const int DefaultTop = 8;

    /// <summary>Every segment column of <paramref name="sessions"/> with its <paramref name="top"/> most frequent values.</summary>
    public static IReadOnlyList<SegmentColumn> Of(SessionSet sessions, int top = DefaultTop)
    {
        var columns = new List<SegmentColumn>();
        foreach (var column in sessions.Events.ExtraColumns)
        {
            var counts = new int[column.Values.Count];
            for (var s = 0; s < sessions.Count; s++) counts[column.Ids[sessions.Steps(s)[0]]]++;
            var empty = column.Values.Find(string.Empty) is var e and >= 0 ? counts[e] : 0;
            var values = Enumerable.Range(0, counts.Length).Where(v => counts[v] > 0 && column.Values[v].Length > 0)
                .OrderByDescending(v => counts[v]).ThenBy(v => column.Values[v], Text.CodePointComparer.Instance).ToList();
            columns.Add(new SegmentColumn(column.Name, [.. values.Take(top).Select(v => (column.Values[v], counts[v]))],
                values.Skip(top).Sum(v => counts[v]), empty));
        }
        return columns;
    }
}
