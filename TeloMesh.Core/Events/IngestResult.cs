namespace TeloMesh.Core.Events;

/// <summary>What ingest produced: the accepted events, every rejected row, and facts about the file.</summary>
public sealed record IngestResult(
    EventTable Events,
    IReadOnlyList<RejectedRow> Rejected,
    IReadOnlyList<string> Header,
    char Delimiter,
    long RowsRead)
{
    /// <summary>Events dropped as repeats of one already read (Mixpanel's <c>$insert_id</c>); they are not rejected rows.</summary>
    public int DuplicatesDropped { get; init; }

    /// <summary>Events of a vendor export that had no page, whose event name stands for the page (docs/metrics.md section 11).</summary>
    public int PagesFromEvents { get; init; }

    public int RowsAccepted => Events.Count;
    public int RowsRejected => Rejected.Count;
}

/// <summary>How to read an event file.</summary>
public sealed record IngestOptions
{
    /// <summary>Fail on the first bad row instead of skipping it (docs/metrics.md: <c>--strict</c>).</summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Read back a file TeloMesh wrote: a cell that starts with <c>'</c> before <c>= + - @</c>, tab or CR had the
    /// <c>'</c> added against formula injection, so it is removed again. Used when later stages read
    /// <c>session_flows.csv</c>, so they see the same pages and events as the parse stage did.
    /// </summary>
    public bool UndoFormulaEscape { get; init; }

    /// <summary>Which columns hold what. The default is docs/metrics.md's names plus their aliases.</summary>
    public ColumnMapping Columns { get; init; } = ColumnMapping.Default;

    public static IngestOptions Default { get; } = new();
}

/// <summary>Progress of a long read: bytes consumed so far and rows seen.</summary>
public readonly record struct IngestProgress(long BytesRead, long RowsRead);
