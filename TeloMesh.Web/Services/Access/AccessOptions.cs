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
