using TeloMesh.Core.Synthetic;

namespace TeloMesh.Benchmarks;

/// <summary>Seeded synthetic event files of a given size, cached in the temp folder so runs compare like with like.</summary>
internal static class SyntheticInput
{
    /// <summary>A file of about <paramref name="events"/> events over <paramref name="pages"/> pages, 15 events per user on average.</summary>
    public static string File(int events, int pages = 50)
    {
        const int eventsPerUser = 15;
        var path = Path.Combine(Path.GetTempPath(), pages == 50 ? $"telomesh-bench-{events}.csv" : $"telomesh-bench-{events}-{pages}p.csv");
        if (!System.IO.File.Exists(path))
            new SyntheticEventGenerator(new SyntheticOptions { Users = Math.Max(1, events / eventsPerUser), EventsPerUser = eventsPerUser, Pages = pages, Seed = 1 })
                .WriteFile(path);
        return path;
    }
}
