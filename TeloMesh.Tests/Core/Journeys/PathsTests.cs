using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Journeys;

/// <summary>
/// Paths from and to a page (docs/metrics.md section 10) on the tiny fixture, worked by hand. Its sessions:
/// s_A1 /home /search /product /product(Scroll) /cart /checkout; s_A2 /home /product /help; s_B1 /home /search /product
/// /cart /help; s_B2 /home /search /product; s_B3 /home /search /product; s_C1 /home /product /product(Scroll); s_D1 /home;
/// s_D2 /home /search /product(Scroll) /cart.
/// </summary>
public class PathsTests
{
    private static readonly SessionSet Sessions = Sessionizer.Build(CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events,
        SessionOptions.Default);

    private static (int, string, string, int)[] Links(PathQuery query, GoalSet? goals = null) =>
        [.. Paths.Compute(Sessions, goals ?? GoalSet.None, query).Links.Select(l => (l.Step, l.From, l.To, l.Sessions))];

    /// <summary>
    /// From /product, 3 steps, repeats dropped: A1 /product /cart /checkout (end); A2 /product /help (end); B1 /product /cart
    /// /help (end); B2, B3 and C1 (its /product Scroll is a repeat) /product (end); D2 /product /cart (end). Seven sessions.
    /// </summary>
    [Fact]
    public void From_a_page_each_session_follows_its_first_step_there()
    {
        var result = Paths.Compute(Sessions, GoalSet.None, new PathQuery("/product", Steps: 3));
        Assert.Equal(7, result.Sessions);
        Assert.Equal(
            [
                (1, "/product", "(end)", 3), (1, "/product", "/cart", 3), (1, "/product", "/help", 1),
                (2, "/cart", "(end)", 1), (2, "/cart", "/checkout", 1), (2, "/cart", "/help", 1), (2, "/help", "(end)", 1),
                (3, "/checkout", "(end)", 1), (3, "/help", "(end)", 1),
            ],
            result.Links.Select(l => (l.Step, l.From, l.To, l.Sessions)));
    }

    /// <summary>
    /// Top 1: at step 1 /cart (3 sessions) keeps its name and /help (1) becomes (other); (end) is never merged. At step 2
    /// /checkout and /help tie at 1 and /checkout comes first in code point order, so B1's /help is (other) there.
    /// </summary>
    [Fact]
    public void Beyond_the_top_pages_of_a_step_the_rest_are_other_and_go_on()
    {
        Assert.Equal(
            [
                (1, "/product", "(end)", 3), (1, "/product", "/cart", 3), (1, "/product", "(other)", 1),
                (2, "(other)", "(end)", 1), (2, "/cart", "(end)", 1), (2, "/cart", "(other)", 1), (2, "/cart", "/checkout", 1),
                (3, "(other)", "(end)", 1), (3, "/checkout", "(end)", 1),
            ],
            Links(new PathQuery("/product", Steps: 3, Top: 1)));
    }

    [Fact]
    public void With_goals_the_first_goal_step_ends_the_path()
    {
        // A1 reaches /checkout, a goal: /product /cart (goal), and no step 3.
        var links = Links(new PathQuery("/product", Steps: 3), new GoalSet(["/checkout"], []));
        Assert.Contains((2, "/cart", "(goal)", 1), links);
        Assert.DoesNotContain(links, l => l.Item2 == "/checkout" || l.Item3 == "/checkout");
        Assert.Equal(1, links.Count(l => l.Item1 == 3));
    }

    [Fact]
    public void Kept_repeats_are_steps_of_their_own()
    {
        // A1 /product /product /cart /checkout fills 3 steps without an end; C1 /product /product (end).
        var links = Links(new PathQuery("/product", Steps: 3, KeepRepeats: true));
        Assert.Contains((1, "/product", "/product", 2), links);
        Assert.Contains((2, "/product", "/cart", 1), links);
        Assert.Contains((2, "/product", "(end)", 1), links);
        Assert.Contains((3, "/cart", "/checkout", 1), links);
    }

    /// <summary>To /cart: A1, B1 and D2 reach it from /product, reached from /search, reached from /home, where they began.</summary>
    [Fact]
    public void To_a_page_the_steps_before_it_count_backwards_to_the_start()
    {
        Assert.Equal([(1, "/cart", "/product", 3), (2, "/product", "/search", 3)], Links(new PathQuery("/cart", PathDirection.To, Steps: 2)));
        Assert.Equal(
            [(1, "/cart", "/product", 3), (2, "/product", "/search", 3), (3, "/search", "/home", 3), (4, "/home", "(start)", 3)],
            Links(new PathQuery("/cart", PathDirection.To, Steps: 4)));
    }

    [Fact]
    public void Left_out_events_are_taken_out_first()
    {
        // Without Scroll steps, D2 never reaches /product.
        var result = Paths.Compute(Sessions, GoalSet.None, new PathQuery("/product", Steps: 3) { LeaveOut = new HashSet<string> { "Scroll" } });
        Assert.Equal(6, result.Sessions);
        Assert.Contains(new PathLink(1, "/product", "/cart", 2), result.Links);
    }

    [Theory]
    [InlineData("/prodcut", 5, 10, "No step is on the page '/prodcut'. Nearest pages: '/product'")]
    [InlineData("/product", 21, 10, "Steps must be from 1 to 20; 21 was given.")]
    [InlineData("/product", 5, 0, "Top must be at least 1; 0 was given.")]
    public void A_bad_query_says_what_is_wrong(string page, int steps, int top, string message) =>
        Assert.StartsWith(message, Assert.Throws<InvalidInputException>(() => Paths.Compute(Sessions, GoalSet.None, new PathQuery(page, Steps: steps, Top: top))).Message,
            StringComparison.Ordinal);

    /// <summary>
    /// To a page is the mirror, goals included. To /help, 3 steps, goal /cart: s_A2 /help ← /product ← /home ← (start);
    /// s_B1 /help ← /cart, a goal: (goal) ends its path. At step 1 both links have one session: "(goal)" first in code point
    /// order ('(' before '/').
    /// </summary>
    [Fact]
    public void To_a_page_the_last_goal_step_before_it_ends_the_path()
    {
        Assert.Equal([(1, "/help", "(goal)", 1), (1, "/help", "/product", 1), (2, "/product", "/home", 1), (3, "/home", "(start)", 1)],
            Links(new PathQuery("/help", PathDirection.To, Steps: 3), new GoalSet(["/cart"], [])));
    }
}
