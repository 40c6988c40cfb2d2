namespace TeloMesh.Core.Import;

/// <summary>
/// One event as a vendor importer mapped it, before validation: text as found (the time still unparsed), the
/// session as a key unique across users (or null for the gap rule), and the other properties as JSON text.
/// <see cref="DedupeKey"/> identifies repeats of the same event (Mixpanel's <c>$insert_id</c>); null keeps every row.
/// </summary>
public sealed record VendorEvent(
    string? User,
    string? Time,
    string? Page,
    string? Event,
    string? Session = null,
    string? EventProperties = null,
    string? UserProperties = null,
    string? DedupeKey = null)
{
    /// <summary>
    /// The record had no page, so its event name stands for the page (an event-only record, docs/metrics.md section 11):
    /// counted and said in the import summary instead of rejected.
    /// </summary>
    public bool PageFromEvent { get; init; }

    /// <summary>This event, or when it has no page, the event with its event name as the page (<see cref="PageFromEvent"/>).</summary>
    public VendorEvent WithPageOrEvent() => Page is null ? this with { Page = Event, PageFromEvent = true } : this;
}

/// <summary>What a record of an input file became: an event, or the reason it could not be one.</summary>
public readonly record struct MappedRecord(long LineNumber, string RawText, VendorEvent? Event, string? Error);

/// <summary>How vendor exports are read.</summary>
public sealed record ImportOptions
{
    /// <summary>Keep the query string of page URLs (off by default: it usually holds tracking parameters).</summary>
    public bool KeepQuery { get; init; }

    /// <summary>Fail on the first bad record instead of skipping it.</summary>
    public bool Strict { get; init; }

    /// <summary>How far a packed file may unpack.</summary>
    public UnpackLimits Unpack { get; init; } = UnpackLimits.Default;

    public static ImportOptions Default { get; } = new();
}
