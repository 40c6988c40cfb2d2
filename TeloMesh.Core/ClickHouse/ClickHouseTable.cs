namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// Which table holds the events and which of its columns is which. Column defaults are the names TeloMesh's own CSV
/// uses (and <c>telomesh clickhouse-load</c> creates).
/// </summary>
public sealed record ClickHouseTable
{
    public required string Table { get; init; }
    public string UserColumn { get; init; } = "user_id";

    /// <summary>
    /// A <c>DateTime</c> (whole seconds), <c>DateTime64</c> (newer servers) or integer Unix epoch column (seconds,
    /// milliseconds or microseconds, told apart by magnitude as in docs/metrics.md section 1).
    /// </summary>
    public string TimeColumn { get; init; } = "timestamp";

    public string PageColumn { get; init; } = "page";
    public string EventColumn { get; init; } = "event";

    /// <summary>Null: every session comes from the gap rule. Rows whose session cell is empty use the gap rule too.</summary>
    public string? SessionColumn { get; init; }

    /// <summary>Only events at or after this time (UTC), when given.</summary>
    public DateTime? From { get; init; }

    /// <summary>Only events before this time (UTC), when given.</summary>
    public DateTime? To { get; init; }
}
