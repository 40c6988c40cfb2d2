using TeloMesh.Core.Text;

namespace TeloMesh.Core.Journeys;

/// <summary>
/// The goals of a dataset (docs/metrics.md section 8): a step is a goal step when its page is one of <see cref="Pages"/>
/// or its event one of <see cref="Events"/>, each matched exactly (ordinal, case-sensitive, as pages and events are
/// compared everywhere else). A session converts when it has a goal step. Equal when they name the same pages and events,
/// in any order, so aggregates made with the same goals are used again.
/// </summary>
public sealed class GoalSet : IEquatable<GoalSet>
{
    public GoalSet(IEnumerable<string> pages, IEnumerable<string> events)
    {
        Pages = Distinct(pages);
        Events = Distinct(events);
    }

    /// <summary>No goals: every session that ends is a loss, as in the first wave.</summary>
    public static GoalSet None { get; } = new([], []);

    /// <summary>Goal pages, distinct, in code point order.</summary>
    public IReadOnlyList<string> Pages { get; }

    /// <summary>Goal events, distinct, in code point order.</summary>
    public IReadOnlyList<string> Events { get; }

    public bool IsEmpty => Pages.Count == 0 && Events.Count == 0;

    /// <summary>Per id of <paramref name="pool"/>, whether that value is one of <paramref name="goals"/>.</summary>
    public static bool[] Flags(IReadOnlyList<string> pool, IReadOnlyList<string> goals)
    {
        var flags = new bool[pool.Count];
        if (goals.Count == 0) return flags;
        var set = new HashSet<string>(goals, StringComparer.Ordinal);
        for (var i = 0; i < flags.Length; i++) flags[i] = set.Contains(pool[i]);
        return flags;
    }

    private static string[] Distinct(IEnumerable<string> values) =>
        [.. values.Distinct(StringComparer.Ordinal).Order(CodePointComparer.Instance)];

    public bool Equals(GoalSet? other) =>
        other is not null && Pages.SequenceEqual(other.Pages, StringComparer.Ordinal) && Events.SequenceEqual(other.Events, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as GoalSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Pages) hash.Add(p, StringComparer.Ordinal);
        hash.Add('|');
        foreach (var e in Events) hash.Add(e, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public static bool operator ==(GoalSet? a, GoalSet? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(GoalSet? a, GoalSet? b) => !(a == b);

    public override string ToString() => IsEmpty ? "no goals"
        : string.Join(", ", Pages.Select(p => $"page {p}").Concat(Events.Select(e => $"event {e}")));
}
