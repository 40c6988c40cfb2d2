using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// Sessions that were signed out, so that a copy of their cookie no longer opens anything. A session cookie is
/// self-contained (it is valid wherever the data protection keys are), so signing out must be remembered on the
/// server: each session has an id (<see cref="AccessEndpoints.SessionClaim"/>), and a signed-out id is kept until the
/// cookie would have expired anyway. The list is kept in <c>{DataRoot}/.telomesh/signed-out-sessions</c> (a folder no
/// dataset name can take), so it outlives a restart as the cookies do.
/// </summary>
public sealed class SignedOutSessions
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly string _file;
    private readonly Lock _write = new();

    public SignedOutSessions(IOptions<TeloMeshOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _file = Path.Combine(options.Value.DataRoot, ".telomesh", "signed-out-sessions");
        if (!File.Exists(_file)) return;
        foreach (var line in File.ReadLines(_file))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                _until[parts[0]] = new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public bool IsSignedOut(string session) =>
        _until.TryGetValue(session, out var until) && until > _clock.GetUtcNow();

    /// <summary>Remembers <paramref name="session"/> as signed out until <paramref name="expires"/>, when its cookie ends anyway.</summary>
    public void SignOut(string session, DateTimeOffset expires)
    {
        _until[session] = expires;
        var now = _clock.GetUtcNow();
        foreach (var (id, until) in _until)
            if (until <= now) _until.TryRemove(id, out _);
        lock (_write)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            var temporary = _file + ".tmp";
            File.WriteAllLines(temporary, _until.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value.UtcTicks}")));
            File.Move(temporary, _file, overwrite: true);
        }
    }
}
