using System.ComponentModel.DataAnnotations;

namespace TeloMesh.Web.Services;

/// <summary>
/// The dashboard's settings (section "TeloMesh" of appsettings.json, or environment variables such as
/// <c>TeloMesh__DataRoot</c>). Validated at start-up.
/// </summary>
public sealed record TeloMeshOptions
{
    public const string Section = "TeloMesh";

    /// <summary>Where dataset sources live; the command line's <c>--data-dir</c>. Shared so both see the same datasets.</summary>
    [Required] public string DataRoot { get; init; } = "data";

    /// <summary>Where results are written; the command line's <c>--outputs-dir</c>.</summary>
    [Required] public string OutputsRoot { get; init; } = "outputs";

    /// <summary>On a first start with no datasets, generate and analyse a demo so a newcomer sees a working product.</summary>
    public bool CreateDemoDataset { get; init; } = true;

    /// <summary>The demo's size: enough users for stable rankings, small enough to be ready in about a second.</summary>
    [Range(1, 1_000_000)] public int DemoUsers { get; init; } = 500;

    [Range(5, 1000)] public int DemoEventsPerUser { get; init; } = 40;

    /// <summary>The largest file the upload accepts, in megabytes. 1 GB holds about 15 million events.</summary>
    [Range(1, 100_000)] public int MaxUploadMegabytes { get; init; } = 1024;

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;

    /// <summary>The most a packed upload (gzip, zip) may unpack to, in megabytes; 64 GB holds about a billion events.</summary>
    [Range(1, 10_000_000)] public int MaxUnpackedMegabytes { get; init; } = 64 * 1024;

    /// <summary>How many times its packed size an upload may unpack to (checked past 64 MB): exports compress 5-30 times.</summary>
    [Range(2, 100_000)] public int MaxUnpackRatio { get; init; } = 200;

    public Core.Import.UnpackLimits UnpackLimits => new(MaxUnpackedMegabytes * 1024L * 1024L, MaxUnpackRatio);

    /// <summary>
    /// The memory the analysed datasets may hold together (their events are kept so a re-analysis does not read the
    /// file again), in megabytes: past it the least recently used are dropped and read again when next opened. 1.5 GB
    /// holds about 15 million events; one dataset larger than that is still analysed, alone.
    /// </summary>
    [Range(1, 1_000_000)] public int MaxLoadedMegabytes { get; init; } = 1536;

    /// <summary>
    /// The ClickHouse user for ClickHouse datasets (their <c>clickhouse.json</c> never holds credentials); when unset,
    /// <c>TELOMESH_CLICKHOUSE_USER</c>, else ClickHouse's <c>default</c>.
    /// </summary>
    public string? ClickHouseUser { get; init; }

    /// <summary>Its password: set it as <c>TeloMesh__ClickHousePassword</c> or <c>TELOMESH_CLICKHOUSE_PASSWORD</c>, not in a file.</summary>
    public string? ClickHousePassword { get; init; }

    /// <summary>The ClickHouse server the dashboard is meant to use: the address the ClickHouse page starts with.</summary>
    public string ClickHouseUrl { get; init; } = "http://127.0.0.1:8123";

    /// <summary>
    /// The hosts the configured ClickHouse user and password may be sent to, as <c>host</c> (any port) or
    /// <c>host:port</c> (a URL is read for its host and port). Empty (the default): only <see cref="ClickHouseUrl"/>'s
    /// host and port. An address typed on the ClickHouse page that is not on the list is connected to without them, so
    /// a signed-in user cannot collect the password by entering a server of their own.
    /// </summary>
    public string[] ClickHouseAllowedHosts { get; init; } = [];

    /// <summary>
    /// The user and password a ClickHouse dataset is analysed with: the settings, else the environment variables the
    /// command line reads too (<c>TELOMESH_CLICKHOUSE_USER</c>, <c>TELOMESH_CLICKHOUSE_PASSWORD</c>); none at all when
    /// the dataset's address or one of its shards is not an allowed host (<see cref="ClickHouseAllowedHosts"/>).
    /// </summary>
    public (string? User, string? Password) ClickHouseCredentials(Core.ClickHouse.ClickHouseDataset dataset) =>
        MayReceiveCredentials(dataset)
            ? (ClickHouseUser ?? Variable(Core.ClickHouse.ClickHouseConnection.UserVariable),
               ClickHousePassword ?? Variable(Core.ClickHouse.ClickHouseConnection.PasswordVariable))
            : (null, null);

    /// <summary>Whether every address of <paramref name="dataset"/> (its URL and its shards) is an allowed host.</summary>
    public bool MayReceiveCredentials(Core.ClickHouse.ClickHouseDataset dataset)
    {
        var allowed = (ClickHouseAllowedHosts.Length > 0 ? ClickHouseAllowedHosts : [ClickHouseUrl]).Select(AllowedHost).ToList();
        return dataset.Shards.Prepend(dataset.Url).All(address =>
            Uri.TryCreate(address, UriKind.Absolute, out var uri) &&
            allowed.Any(a => string.Equals(a.Host, uri.Host, StringComparison.OrdinalIgnoreCase) && (a.Port is null || a.Port == uri.Port)));
    }

    /// <summary>An allow-list entry as host and port (null: any port): <c>host</c>, <c>host:port</c> or a URL.</summary>
    private static (string Host, int? Port) AllowedHost(string entry)
    {
        entry = entry.Trim();
        if (entry.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(entry, UriKind.Absolute, out var url)) return (url.Host, url.Port);
        return Uri.TryCreate("http://" + entry, UriKind.Absolute, out var hostPort)
            ? (hostPort.Host, hostPort.IsDefaultPort && !entry.EndsWith(":80", StringComparison.Ordinal) ? null : hostPort.Port)
            : (entry, null);
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
