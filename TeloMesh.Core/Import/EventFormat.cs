namespace TeloMesh.Core.Import;

/// <summary>The file formats TeloMesh reads (the README's command line, <c>--format</c>).</summary>
public enum EventFormat
{
    /// <summary>TeloMesh's own CSV: user_id, timestamp, page, event[, session_id].</summary>
    Telomesh,

    /// <summary>Mixpanel's raw event export (JSON lines) or a CSV export with its column names.</summary>
    Mixpanel,

    /// <summary>Amplitude's export API (JSON lines, often zipped and gzipped) or a CSV export.</summary>
    Amplitude,

    /// <summary>Google Analytics 4's BigQuery export as JSON lines or CSV.</summary>
    Ga4,
}

public static class EventFormats
{
    public static string Name(this EventFormat format) => format.ToString().ToLowerInvariant();

    public static bool TryParse(string text, out EventFormat format) =>
        Enum.TryParse(text, ignoreCase: true, out format) && !int.TryParse(text, out _);
}
