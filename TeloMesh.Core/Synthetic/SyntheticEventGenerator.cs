using System.Globalization;
using Bogus;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.Synthetic;

/// <summary>
/// Makes a seeded event file that looks like a real shop: sessions enter on the home page, search, a category, a
/// product or the blog; browse and compare products (back and forth); go through cart, checkout and payment with
/// realistic drop-off at each step; hit payment errors and retry; ask for help. Users come back for several sessions
/// (gaps of more than 30 minutes), and each has at least five events. Columns: <c>user_id,timestamp,page,event</c>;
/// sessions are left to the gap rule.
/// </summary>
public sealed class SyntheticEventGenerator
{
    private readonly SyntheticOptions _options;
    private readonly Randomizer _random;
    private readonly SiteCatalogue _site;

    public SyntheticEventGenerator(SyntheticOptions options)
    {
        if (options.Validate() is { } problem) throw new ArgumentException(problem, nameof(options));
        _options = options;
        _random = new Randomizer(options.Seed);
        var faker = new Faker("en") { Random = new Randomizer(options.Seed) };
        _site = new SiteCatalogue(options.Pages, faker);
    }

    /// <summary>Writes the CSV to <paramref name="output"/> and returns the number of events.</summary>
    public long Write(Stream output, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine("user_id,timestamp,page,event");
        long total = 0;
        Span<char> time = stackalloc char[40];
        for (var u = 0; u < _options.Users; u++)
        {
            if (u % 1000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report((double)u / _options.Users);
            }
            var user = string.Create(CultureInfo.InvariantCulture, $"user_{u + 1:00000}");
            foreach (var (ticks, page, evt) in UserEvents())
            {
                writer.Write(user);
                writer.Write(',');
                writer.Write(TimestampParser.Format(ticks, time));
                writer.Write(',');
                writer.Write(page);
                writer.Write(',');
                writer.WriteLine(evt);
                total++;
            }
        }
        progress?.Report(1);
        return total;
    }

    public long WriteFile(string path, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        long count = 0;
        Export.AtomicFile.Write(path, s => count = Write(s, progress, cancellationToken));
        return count;
    }

    /// <summary>One user's events, sessions one after another.</summary>
    private IEnumerable<(long Ticks, string Page, string Event)> UserEvents()
    {
        var average = _options.EventsPerUser;
        var budget = Math.Max(SyntheticOptions.MinimumEventsPerUser, (int)Math.Round(average * (0.5 + _random.Double())));
        var time = _options.Start.AddMinutes(_random.Int(0, 28 * 24 * 60)).Ticks;
        while (budget > 0)
        {
            foreach (var (page, evt) in Session())
            {
                yield return (time, page, evt);
                time += TimeSpan.FromSeconds(_random.Int(4, 240)).Ticks;
                if (--budget == 0) yield break;
            }
            // Next visit: 45 minutes to five days later, always past the 30-minute session gap.
            time += TimeSpan.FromMinutes(_random.Int(45, 5 * 24 * 60)).Ticks;
        }
    }

    /// <summary>One visit: a walk through the shop until the user leaves.</summary>
    private IEnumerable<(string Page, string Event)> Session()
    {
        var page = Pick((SiteCatalogue.Home, 45), (SiteCatalogue.Search, 12), (Any(_site.Categories), 12), (Any(_site.Products), 15),
            (_site.Blog.Length > 0 ? Any(_site.Blog) : SiteCatalogue.Deals, 8), (SiteCatalogue.Login, 5), (SiteCatalogue.Deals, 3));
        var evt = page == SiteCatalogue.Search ? "Search" : "Page View";
        for (var steps = 0; steps < 60; steps++)
        {
            yield return (page, evt);
            // In-page actions: reading a product, scrolling a list.
            if ((page.StartsWith("/product/", StringComparison.Ordinal) || page.StartsWith("/blog/", StringComparison.Ordinal)) && _random.Bool(0.35f))
                yield return (page, "Scroll");
            var next = Next(page);
            if (next is null) yield break;
            (page, evt) = next.Value;
        }
    }

    /// <summary>Where a user goes from <paramref name="page"/>, with the event that takes them there; null to leave.</summary>
    private (string Page, string Event)? Next(string page)
    {
        var product = Any(_site.Products);
        var category = Any(_site.Categories);
        return page switch
        {
            SiteCatalogue.Home => Go((category, "Click", 30), (SiteCatalogue.Search, "Search", 22), (product, "Click", 15),
                (SiteCatalogue.Deals, "Click", 8), (SiteCatalogue.Account, "Click", 5), (SiteCatalogue.Help, "Click", 4), (null, "", 16)),
            SiteCatalogue.Search => Go((product, "Click", 50), (SiteCatalogue.Search, "Search", 15), (category, "Click", 8), (null, "", 27)),
            SiteCatalogue.Deals => Go((product, "Click", 45), (SiteCatalogue.Home, "Back", 15), (null, "", 40)),
            SiteCatalogue.Cart => Go((SiteCatalogue.Checkout, "Checkout", 55), (product, "Back", 15), (null, "", 30)),
            SiteCatalogue.Checkout => Go((SiteCatalogue.Payment, "Submit Address", 62), (SiteCatalogue.Login, "Click", 8),
                (SiteCatalogue.Cart, "Back", 10), (null, "", 20)),
            SiteCatalogue.Payment => Go((SiteCatalogue.Confirmation, "Purchase", 66), (SiteCatalogue.Payment, "Error", 12),
                (SiteCatalogue.Checkout, "Back", 5), (null, "", 17)),
            SiteCatalogue.Confirmation => Go((SiteCatalogue.Home, "Click", 15), (null, "", 85)),
            SiteCatalogue.Login => Go((SiteCatalogue.Account, "Submit Login", 45), (SiteCatalogue.Login, "Error", 15),
                (SiteCatalogue.Signup, "Click", 15), (SiteCatalogue.Home, "Click", 10), (null, "", 15)),
            SiteCatalogue.Signup => Go((SiteCatalogue.Account, "Submit Signup", 50), (SiteCatalogue.Signup, "Error", 20), (null, "", 30)),
            SiteCatalogue.Account => Go((SiteCatalogue.Home, "Click", 40), (SiteCatalogue.Help, "Click", 15), (null, "", 45)),
            SiteCatalogue.Help => Go((SiteCatalogue.Contact, "Click", 25), (SiteCatalogue.Home, "Back", 25), (null, "", 50)),
            SiteCatalogue.Contact => Go((SiteCatalogue.Contact, "Submit Form", 30), (SiteCatalogue.Home, "Click", 10), (null, "", 60)),
            _ when page.StartsWith("/category/", StringComparison.Ordinal) =>
                Go((product, "Click", 55), (Any(_site.Categories), "Click", 10), (SiteCatalogue.Search, "Search", 10), (null, "", 25)),
            _ when page.StartsWith("/blog/", StringComparison.Ordinal) =>
                Go((product, "Click", 25), (SiteCatalogue.Home, "Click", 15), (null, "", 60)),
            _ => Go((SiteCatalogue.Cart, "Add to Cart", 24), (Any(_site.Products), "Click", 18), (category, "Back", 14),
                (SiteCatalogue.Search, "Search", 8), (SiteCatalogue.Help, "Click", 3), (null, "", 33)),
        };
    }

    private (string Page, string Event)? Go(params (string? Page, string Event, int Weight)[] choices)
    {
        var roll = _random.Int(1, choices.Sum(c => c.Weight));
        foreach (var (page, evt, weight) in choices)
        {
            roll -= weight;
            if (roll <= 0) return page is null ? null : (page, evt);
        }
        return null;
    }

    private string Pick(params (string Page, int Weight)[] choices) =>
        Go([.. choices.Select(c => ((string?)c.Page, "", c.Weight))])!.Value.Page;

    private string Any(string[] pages) => pages[_random.Int(0, pages.Length - 1)];
}
