using TeloMesh.Core.Events;

namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// Which table holds the events, which of its columns is which and which time range is analysed. Column defaults are
/// the names TeloMesh's own CSV uses (and <c>telomesh clickhouse-load</c> creates).
/// </summary>
public sealed record ClickHouseTable
{
    public required string Table { get; init; }
    /// <summary>
    /// Which column is which (<see cref="ColumnMapping.Table"/> by default: TeloMesh's names, no session column). The
    /// time column is a <c>DateTime</c> (whole seconds), <c>DateTime64</c> (newer servers) or integer Unix epoch column
    /// (seconds, milliseconds or microseconds, told apart by magnitude as in docs/metrics.md section 1). Without a
    /// session column every session comes from the gap rule; rows whose session cell is empty use the gap rule too.
    /// </summary>
    public ColumnMapping Columns { get; init; } = ColumnMapping.Table;

    /// <summary>Only events at or after this time (UTC), when given.</summary>
    public DateTime? From { get; init; }

    /// <summary>Only events before this time (UTC), when given.</summary>
    public DateTime? To { get; init; }
}
