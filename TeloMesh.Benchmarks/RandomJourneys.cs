using System.Globalization;
using System.Text;
using TeloMesh.Core.Events;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Benchmarks;

/// <summary>A seeded journey graph of a given size: random sessions over many pages, for the betweenness benchmarks.</summary>
internal static class RandomJourneys
{
    /// <summary>About <paramref name="edges"/> distinct edges over <paramref name="pages"/> pages, weights skewed like real traffic.</summary>
    public static JourneyGraph Graph(int pages, int edges, int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("user_id,timestamp,page,event,session_id\n");
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var distinct = new HashSet<(int, int)>();
        var session = 0;
        while (distinct.Count < edges)
        {
            var length = random.Next(2, 12);
            var page = random.Next(pages);
            for (var step = 0; step < length; step++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"u{session % 5000},{start.AddSeconds(step):yyyy-MM-ddTHH:mm:ssZ},/p{page},view,s{session}\n");
                // Mostly to a few nearby pages (popular routes), sometimes anywhere.
                var next = random.NextDouble() < 0.8 ? (page + 1 + random.Next(40)) % pages : random.Next(pages);
                if (step + 1 < length) distinct.Add((page, next));
                page = next;
            }
            session++;
        }
        var events = CsvEventReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()))).Events;
        return JourneyGraphBuilder.Build(Sessionizer.Build(events));
    }
}
