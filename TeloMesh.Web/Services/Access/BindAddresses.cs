using System.Net;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// The addresses the server is configured to listen on, read the way Kestrel reads them: <c>Kestrel:Endpoints:*:Url</c>,
/// <c>urls</c> (appsettings <c>Urls</c>, <c>ASPNETCORE_URLS</c>, <c>--urls</c>), and, when no URL is set,
/// <c>http_ports</c>/<c>https_ports</c> (which listen on every interface). Nothing configured means Kestrel's default,
/// localhost:5000.
/// </summary>
public static class BindAddresses
{
    public static IReadOnlyList<string> FromConfiguration(IConfiguration configuration)
    {
        var addresses = new List<string>();
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) addresses.Add(url);
        var urls = Split(configuration["urls"]);
        addresses.AddRange(urls);
        if (urls.Count == 0)
        {
            addresses.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
            addresses.AddRange(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"));
        }
        return addresses;
    }

    /// <summary>The addresses that are reachable from other machines (anything but loopback and local sockets).</summary>
    public static IReadOnlyList<string> NonLoopback(IEnumerable<string> addresses) => addresses.Where(a => !IsLoopback(a)).ToList();

    /// <summary>
    /// True for <c>localhost</c>, 127.0.0.0/8, ::1, and Unix sockets and named pipes; false for <c>*</c>, <c>+</c>,
    /// 0.0.0.0, [::], any other IP, and any other host name (Kestrel listens on every interface for those).
    /// </summary>
    public static bool IsLoopback(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address.Trim());
        }
        catch (FormatException)
        {
            return false; // unreadable: assume the worst
        }
        if (parsed.IsUnixPipe || parsed.IsNamedPipe) return true;
        var host = parsed.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    private static List<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
