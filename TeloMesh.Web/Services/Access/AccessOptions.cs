using System.Security.Cryptography;
using System.Text;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// Who may use the dashboard: setting <c>TeloMesh:AccessKey</c> (or the environment variable <c>TeloMesh__AccessKey</c>)
/// turns sign-in on for every request, on loopback too. A plain class rather than a record, so the key never appears
/// in a generated <c>ToString()</c> that somebody logs.
/// </summary>
public sealed class AccessOptions
{
    /// <summary>Long enough that guessing at the throttled sign-in rate is hopeless (about 96 bits as base64).</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The shared access key; none means no sign-in, which is allowed only on loopback addresses.</summary>
    public string? AccessKey { get; set; }

    public bool SignInRequired => !string.IsNullOrEmpty(AccessKey);

    /// <summary>
    /// The reverse proxies (addresses such as <c>10.0.0.5</c>, or networks such as <c>10.0.0.0/8</c>) whose
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are believed: behind them the sign-in throttle
    /// counts each user's own address and the session cookie is <c>Secure</c> when the user's connection is HTTPS.
    /// Empty (the default): the headers are ignored, from loopback too, so nobody can claim another address.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary><see cref="TrustedProxies"/> read: its addresses, its networks, and the entries that are neither.</summary>
    public (List<System.Net.IPAddress> Addresses, List<System.Net.IPNetwork> Networks, List<string> Invalid) Proxies()
    {
        var (addresses, networks, invalid) = (new List<System.Net.IPAddress>(), new List<System.Net.IPNetwork>(), new List<string>());
        foreach (var entry in TrustedProxies.Select(p => p.Trim()))
        {
            if (System.Net.IPAddress.TryParse(entry, out var address)) addresses.Add(address);
            else if (System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else invalid.Add(entry);
        }
        return (addresses, networks, invalid);
    }

    /// <summary>
    /// True when <paramref name="candidate"/> is the access key. Both sides are hashed first so the comparison takes
    /// the same time whatever the candidate's length and whichever byte differs.
    /// </summary>
    public bool Matches(string? candidate)
    {
        if (!SignInRequired || candidate is null) return false;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(AccessKey!));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>
    /// A value derived from the key that a session cookie carries: when the key changes, every session signed in with
    /// the old key ends, even across restarts (the cookie itself outlives the process).
    /// </summary>
    public string KeyFingerprint() =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("telomesh-session:" + AccessKey)), 0, 16);
}
