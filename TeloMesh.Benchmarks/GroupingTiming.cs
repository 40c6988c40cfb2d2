using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeloMesh.Core.Grouping;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Benchmarks;

/// <summary>
/// <c>timing-grouping [events]</c> (issue 17, docs/benchmarks.md): a URL-heavy shop log, seeded, with 20,000 product ids,
/// an order UUID per purchase, dated blog posts and tracking parameters on the landing page, analysed as read and again
/// after accepting every suggested grouping rule: pages, whether betweenness was estimated, and the times.
/// </summary>
internal static class GroupingTiming
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static int Run(string[] args, TextWriter output)
    {
        var size = args.Length == 0 ? 1_500_000 : int.Parse(args[0], C);
        var file = File(size);
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {file}");
        var clock = Stopwatch.StartNew();
        var ingest = AnalysisPipeline.Ingest(file, AnalysisOptions.Default);
        output.WriteLine(string.Create(C, $"read {ingest.Events.Count:N0} events in {clock.Elapsed.TotalSeconds:0.00} s"));

        clock.Restart();
        var plain = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default);
        Report(output, "as read", plain, clock.Elapsed.TotalSeconds);

        clock.Restart();
        var suggestions = PageRuleSuggestions.Suggest(ingest.Events.Pages.Values);
        var suggested = clock.Elapsed.TotalSeconds;
        foreach (var s in suggestions)
            output.WriteLine(string.Create(C, $"  {s.Rule,-40} merges {s.PagesMerged,7:N0} pages into {s.Into:N0}"));
        var rules = PageRules.Parse(PageRuleSuggestions.AsText(suggestions));
        output.WriteLine(string.Create(C, $"{suggestions.Count} rules suggested in {suggested:0.00} s"));

        clock.Restart();
        var grouped = AnalysisPipeline.Analyze(ingest.Events, AnalysisOptions.Default with { PageRules = rules }, previous: plain);
        Report(output, "grouped", grouped, clock.Elapsed.TotalSeconds);
        return 0;
    }

    private static void Report(TextWriter output, string label, AnalysisResult result, double seconds) =>
        output.WriteLine(string.Create(C,
            $"{label,-8} {result.Graph.NodeCount,7:N0} pages {result.Graph.Edges.Count,9:N0} edges  analysis {seconds,6:0.00} s  betweenness " +
            $"{(result.BetweennessEstimate is { } e ? $"estimated from {e.Sources:N0} sources (±{e.ErrorBound:0.000})" : "exact")}  " +
            $"peak {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0):N0} MB"));

    /// <summary>
    /// The log, written once per size to the temp folder. Sessions of 4-12 steps: a landing page (/home with one of 40
    /// tracking parameters, or a blog post /blog/yyyy/mm/slug of 800), then category pages, search and products (20,000 ids,
    /// the popular ones more often), the cart; a third of the carts check out and get an order page with a UUID.
    /// </summary>
    private static string File(int events)
    {
        var path = Path.Combine(Path.GetTempPath(), $"telomesh-bench-urls-{events}.csv");
        if (System.IO.File.Exists(path)) return path;
        var random = new Random(17);
        var text = new StringBuilder("user_id,timestamp,page,event\n");
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] categories = ["shoes", "shirts", "bags", "toys", "books", "garden", "kitchen", "sports", "beauty", "music"];
        var written = 0;
        for (var user = 0; written < events; user++)
        {
            var time = start.AddSeconds(random.Next(0, 28 * 24 * 3600));
            void Step(string page, string evt)
            {
                text.Append(CultureInfo.InvariantCulture, $"u{user},{time:yyyy-MM-ddTHH:mm:ssZ},{page},{evt}\n");
                time = time.AddSeconds(random.Next(5, 120));
                written++;
            }
            if (random.Next(4) == 0)
            {
                var post = random.Next(800);
                Step($"/blog/{2023 + post % 3}/{post % 12 + 1:00}/post-{post}-notes", "Page View");
            }
            else Step($"/home?utm_source=campaign{random.Next(40)}", "Page View");
            var steps = random.Next(2, 10);
            var inCart = false;
            for (var s = 0; s < steps && written < events; s++)
            {
                switch (random.Next(5))
                {
                    case 0: Step($"/category/{categories[random.Next(categories.Length)]}", "Page View"); break;
                    case 1: Step($"/search?q=item{random.Next(500)}", "Search"); break;
                    case 2:
                        Step("/cart", "Add to Cart");
                        inCart = true;
                        break;
                    default:
                        // Popular products more often: the square of a uniform number leans to small ids.
                        var u = random.NextDouble();
                        Step($"/product/{(int)(u * u * 20_000) + 100_000}", "Page View");
                        break;
                }
            }
            if (inCart && random.Next(3) == 0 && written < events - 2)
            {
                Step("/checkout", "Checkout");
                Step($"/order/{new Guid(random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 16))}", "Purchase");
            }
        }
        System.IO.File.WriteAllText(path, text.ToString());
        return path;
    }
}
