using System.Collections.Concurrent;
using System.Net;

namespace TeloMesh.Web.Services.Access;

/// <summary>
/// Slows down guessing: after <see cref="MaxFailures"/> wrong keys from one address within <see cref="Window"/>, that
/// address may not try again until the oldest of those failures is a window old. A right key clears the count.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="client"/> must wait before trying again; zero when it may try now.</summary>
    public TimeSpan RetryAfter(IPAddress? client)
    {
        if (!_failures.TryGetValue(Key(client), out var failures)) return TimeSpan.Zero;
        lock (failures)
        {
            var now = clock.GetUtcNow();
            Expire(failures, now);
            return failures.Count >= MaxFailures ? failures.Peek() + Window - now : TimeSpan.Zero;
        }
    }

    public void Failed(IPAddress? client)
    {
        if (_failures.Count > 10_000) Prune(); // a flood of addresses must not grow memory without bound
        var failures = _failures.GetOrAdd(Key(client), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, clock.GetUtcNow());
            failures.Enqueue(clock.GetUtcNow());
        }
    }

    public void Succeeded(IPAddress? client) => _failures.TryRemove(Key(client), out _);

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
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

    private static string Key(IPAddress? client) => client?.ToString() ?? "unknown";
}
