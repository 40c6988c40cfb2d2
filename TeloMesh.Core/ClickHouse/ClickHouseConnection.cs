namespace TeloMesh.Core.ClickHouse;

/// <summary>
/// Where a ClickHouse server's HTTP interface is and who to be there. The password is never written to a file by
/// TeloMesh: callers take it from an option or the <c>TELOMESH_CLICKHOUSE_PASSWORD</c> environment variable.
/// </summary>
public sealed record ClickHouseConnection
{
    /// <summary>
    /// The environment variables the command line and the dashboard read when no user or password is given (the faces
    /// read them; Core reads no environment).
    /// </summary>
    public const string UserVariable = "TELOMESH_CLICKHOUSE_USER", PasswordVariable = "TELOMESH_CLICKHOUSE_PASSWORD";

    /// <summary>The HTTP interface, e.g. <c>http://127.0.0.1:8123</c> (ClickHouse's default port).</summary>
    public required Uri Url { get; init; }

    public string Database { get; init; } = "default";

    /// <summary>The user; ClickHouse's <c>default</c> when null.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>How long one query may take, 10 minutes by default: a billion events take a while.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Parses a URL given by a user, with a message that says what is wrong.</summary>
    public static Uri ParseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : throw new Events.InvalidInputException($"'{url}' is not a ClickHouse HTTP address: give one like http://127.0.0.1:8123 " +
                "(http or https, with no user or password in it: those are given on their own).");

}
