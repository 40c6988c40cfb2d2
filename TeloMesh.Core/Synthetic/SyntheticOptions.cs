namespace TeloMesh.Core.Synthetic;

/// <summary>What the synthetic generator makes. The same options (seed included) always give the same file.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Number of users. 100 matches the original's default run.</summary>
    public int Users { get; init; } = 100;

    /// <summary>Average events per user; every user gets at least <see cref="MinimumEventsPerUser"/>.</summary>
    public int EventsPerUser { get; init; } = 50;

    /// <summary>Distinct pages in the site's catalogue (at least <see cref="MinimumPages"/>, the pages of the funnel).</summary>
    public int Pages { get; init; } = 50;

    public int Seed { get; init; } = 42;

    /// <summary>First possible event time; users start within four weeks of it.</summary>
    public DateTime Start { get; init; } = new(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The original guaranteed five events per user.</summary>
    public const int MinimumEventsPerUser = 5;

    public const int MinimumPages = 12;

    /// <summary>Why the options cannot be used, or <see langword="null"/>.</summary>
    public string? Validate() =>
        Users < 1 ? "Users must be at least 1"
        : EventsPerUser < MinimumEventsPerUser ? $"Events per user must be at least {MinimumEventsPerUser}"
        : Pages < MinimumPages ? $"Pages must be at least {MinimumPages} (the pages of the shopping funnel)"
        : null;
}
