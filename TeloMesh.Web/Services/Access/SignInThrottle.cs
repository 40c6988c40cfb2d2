using System.Collections.Concurrent;
using System.Net;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// Slows down guessing, per address and in all: after <see cref="MaxFailures"/> wrong keys from one address within
/// <see cref="Window"/>, that address may not try again until the oldest of those failures is a window old; after
/// <see cref="MaxFailuresInAll"/> wrong keys from all addresses together within the window, nobody may, so spreading
/// guesses over many addresses gains nothing. A right key clears its address's count.
/// <para>
/// A waiting address is refused even with the right key: if a key were still checked while waiting, a guesser would
/// learn from every answer whether a guess was right, and the wait would slow nothing. Behind a reverse proxy, set
/// <c>TeloMesh:TrustedProxies</c> so that each user is counted by their own address, not the proxy's.
/// </para>
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public const int MaxFailuresInAll = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _all = new();

    /// <summary>How long <paramref name="client"/> must wait before trying again; zero when it may try now.</summary>
    public TimeSpan RetryAfter(IPAddress? client)
    {
        var now = clock.GetUtcNow();
        var wait = Wait(_all, MaxFailuresInAll, now);
        return _failures.TryGetValue(Key(client), out var failures) ? Max(wait, Wait(failures, MaxFailures, now)) : wait;
    }

    public void Failed(IPAddress? client)
    {
        if (_failures.Count > 10_000) Prune(); // a flood of addresses must not grow memory without bound
        var now = clock.GetUtcNow();
        Add(_failures.GetOrAdd(Key(client), _ => new Queue<DateTimeOffset>()), now);
        Add(_all, now);
    }

    public void Succeeded(IPAddress? client) => _failures.TryRemove(Key(client), out _);

    private static TimeSpan Wait(Queue<DateTimeOffset> failures, int limit, DateTimeOffset now)
    {
        lock (failures)
        {
            Expire(failures, now);
            return failures.Count >= limit ? failures.ElementAt(failures.Count - limit) + Window - now : TimeSpan.Zero;
        }
    }

    private static void Add(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now) failures.Dequeue();
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, failures) in _failures)
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0) _failures.TryRemove(key, out _);
            }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Key(IPAddress? client) => client?.ToString() ?? "unknown";
}
