using System.Globalization;
using System.Text;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// Puts events read from a file into a ClickHouse table, so a user can try the ClickHouse source (and the tests can
/// load the same fixtures into it). The table gets TeloMesh's column names: <c>user_id</c>, <c>timestamp</c>,
/// <c>page</c>, <c>event</c> and, when the file had one, <c>session_id</c> (empty where the file's cell was), then the
/// file's segment columns (<see cref="SegmentColumns"/>) as <c>String</c> columns of the same names, so a comparison by
/// segment works on the table as on the file.
/// </summary>
public static class ClickHouseLoader
{
    /// <summary>
    /// Creates the table (a MergeTree ordered by user and time) unless it exists, and inserts the events, streaming.
    /// <c>timestamp</c> is a <c>DateTime</c> when every event is on a whole second, and otherwise an <c>Int64</c> of Unix
    /// epoch microseconds (18.16 has no DateTime64); the ClickHouse source reads both.
    /// </summary>
    /// <param name="includeUser">Which users' events to load (by user id); all when null. Lets a test split users over shards.</param>
    /// <returns>The number of events inserted.</returns>
    public static async Task<int> LoadAsync(IClickHouseClient client, string database, string table, EventTable events,
        Func<string, bool>? includeUser = null, CancellationToken cancellationToken = default)
    {
        var name = $"{Sql.Identifier(database, "database")}.{Sql.Identifier(table, "table")}";
        var ticks = events.Ticks;
        var wholeSeconds = true;
        foreach (var t in ticks)
            if (t % TimeSpan.TicksPerSecond != 0)
            {
                wholeSeconds = false;
                break;
            }
        var sessions = events.HasSessionIds;
        var segments = SegmentColumns(events);
        var segmentTypes = string.Concat(segments.Select(c => $", {c.Name} String"));
        await client.ExecuteAsync($"CREATE TABLE IF NOT EXISTS {name} (user_id String, timestamp {(wholeSeconds ? "DateTime" : "Int64")}, " +
            $"page String, event String{(sessions ? ", session_id String" : "")}{segmentTypes}) ENGINE = MergeTree() ORDER BY (user_id, timestamp)",
            cancellationToken).ConfigureAwait(false);
        var include = new bool[events.Users.Count];
        for (var u = 0; u < include.Length; u++) include[u] = includeUser?.Invoke(events.Users[u]) ?? true;
        var inserted = 0;
        string[] columns = [.. sessions ? ["user_id", "timestamp", "page", "event", "session_id"] : new[] { "user_id", "timestamp", "page", "event" },
            .. segments.Select(c => c.Name)];
        await client.InsertAsync(name, columns, async stream =>
        {
            var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            var b = new StringBuilder();
            for (var i = 0; i < events.Count; i++)
            {
                var userIds = events.UserIds;
                if (!include[userIds[i]]) continue;
                var micros = (events.Ticks[i] - DateTime.UnixEpoch.Ticks) / 10;
                b.Clear()
                    .Append(Sql.Escape(events.Users[userIds[i]])).Append('\t')
                    .Append(wholeSeconds ? (micros / 1_000_000).ToString(CultureInfo.InvariantCulture) : micros.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(Sql.Escape(events.Pages[events.PageIds[i]])).Append('\t')
                    .Append(Sql.Escape(events.Events[events.EventIds[i]]));
                if (sessions)
                {
                    var s = events.SessionIds[i];
                    b.Append('\t').Append(s < 0 ? "" : Sql.Escape(events.Sessions![s]));
                }
                foreach (var segment in segments) b.Append('\t').Append(Sql.Escape(segment.Values[segment.Ids[i]]));
                b.Append('\n');
                await writer.WriteAsync(b, cancellationToken).ConfigureAwait(false);
                inserted++;
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    /// <summary>
    /// The segment columns a table gets: every extra column of the events whose name is a plain SQL name (letters, digits,
    /// underscores) other than the five the table uses for itself.
    /// </summary>
    public static IReadOnlyList<ExtraColumn> SegmentColumns(EventTable events) =>
        [.. events.ExtraColumns.Where(c => Sql.IsIdentifier(c.Name) && !Reserved.Contains(c.Name, StringComparer.OrdinalIgnoreCase))];

    private static readonly string[] Reserved = ["user_id", "timestamp", "page", "event", "session_id"];
}
