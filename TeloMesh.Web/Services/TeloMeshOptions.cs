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

    /// <summary>
    /// The ClickHouse user for ClickHouse datasets (their <c>clickhouse.json</c> never holds credentials); when unset,
    /// <c>TELOMESH_CLICKHOUSE_USER</c>, else ClickHouse's <c>default</c>.
    /// </summary>
    public string? ClickHouseUser { get; init; }

    /// <summary>Its password: set it as <c>TeloMesh__ClickHousePassword</c> or <c>TELOMESH_CLICKHOUSE_PASSWORD</c>, not in a file.</summary>
    public string? ClickHousePassword { get; init; }

    /// <summary>
    /// The user and password a ClickHouse dataset is analysed with: the settings, else the environment variables the
    /// command line reads too (<c>TELOMESH_CLICKHOUSE_USER</c>, <c>TELOMESH_CLICKHOUSE_PASSWORD</c>).
    /// </summary>
    public (string? User, string? Password) ClickHouseCredentials() =>
        (ClickHouseUser ?? Variable(Core.ClickHouse.ClickHouseConnection.UserVariable),
         ClickHousePassword ?? Variable(Core.ClickHouse.ClickHouseConnection.PasswordVariable));

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
