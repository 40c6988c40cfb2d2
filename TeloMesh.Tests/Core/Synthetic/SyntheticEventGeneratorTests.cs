using TeloMesh.Core.Sessions;
using TeloMesh.Core.Synthetic;

namespace TeloMesh.Tests.Core.Synthetic;

public class SyntheticEventGeneratorTests
{
    private static byte[] Generate(SyntheticOptions options)
    {
        using var stream = new MemoryStream();
        new SyntheticEventGenerator(options).Write(stream);
        return stream.ToArray();
    }

    [Fact]
    public void The_same_seed_gives_the_same_file_and_another_seed_another()
    {
        var options = new SyntheticOptions { Users = 30, EventsPerUser = 20, Seed = 7 };
        Assert.Equal(Generate(options), Generate(options));
        Assert.NotEqual(Generate(options), Generate(options with { Seed = 8 }));
    }

    [Fact]
    public void Every_user_has_at_least_five_events_and_the_average_is_near_the_request()
    {
        var events = TestFiles.ReadBytes(Generate(new SyntheticOptions { Users = 200, EventsPerUser = 30 })).Events;
        var perUser = events.UserIds.ToArray().GroupBy(u => u).Select(g => g.Count()).ToList();
        Assert.Equal(200, perUser.Count);
        Assert.True(perUser.Min() >= 5);
        // Budgets are uniform in [0.5, 1.5] x 30, so the mean is 30 within sampling noise.
        Assert.InRange(perUser.Average(), 27, 33);
    }

    [Fact]
    public void Journeys_look_like_a_shop_with_a_funnel_losing_users_at_each_step()
    {
        var result = TestFiles.ReadBytes(Generate(new SyntheticOptions { Users = 400, EventsPerUser = 40, Pages = 40 }));
        var events = result.Events;
        Assert.Empty(result.Rejected);
        var pages = events.PageIds.ToArray().Select(p => events.Pages[p]).ToList();
        int Visits(string page) => pages.Count(p => p == page);
        Assert.True(Visits("/home") > Visits("/cart"));
        Assert.True(Visits("/cart") > Visits("/checkout"));
        Assert.True(Visits("/checkout") > Visits("/checkout/payment"));
        Assert.True(Visits("/checkout/payment") > Visits("/checkout/confirmation"));
        Assert.Contains(pages, p => p.StartsWith("/product/", StringComparison.Ordinal));
        Assert.Contains("Error", events.Events.Values);
        Assert.Contains("Back", events.Events.Values);
        Assert.True(events.Pages.Count <= 40);
        var sessions = Sessionizer.Build(events);
        Assert.True(sessions.Count > 400 * 1.5, "users come back for several sessions");
    }

    [Fact]
    public void Bad_options_are_refused_with_the_reason()
    {
        Assert.Contains("Pages must be at least 12", new SyntheticOptions { Pages = 3 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("Events per user must be at least 5", new SyntheticOptions { EventsPerUser = 2 }.Validate(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SyntheticEventGenerator(new SyntheticOptions { Users = 0 }));
    }

    /// <summary>The least site the options allow, 12 pages, is the twelve fixed pages (/deals standing in for a category and a product); 13 adds one category.</summary>
    [Theory]
    [InlineData(12, 0)]
    [InlineData(13, 1)]
    public void The_smallest_sites_have_the_fixed_pages_and_no_more_than_asked(int pageCount, int categories)
    {
        var events = TestFiles.ReadBytes(Generate(new SyntheticOptions { Users = 80, EventsPerUser = 12, Pages = pageCount, Seed = 5 })).Events;
        var pages = events.Pages.Values.ToList();
        Assert.InRange(pages.Count, 1, pageCount);
        Assert.Equal(categories, pages.Count(p => p.StartsWith("/category/", StringComparison.Ordinal)));
        Assert.DoesNotContain(pages, p => p.StartsWith("/product/", StringComparison.Ordinal) || p.StartsWith("/blog/", StringComparison.Ordinal));
    }
}
