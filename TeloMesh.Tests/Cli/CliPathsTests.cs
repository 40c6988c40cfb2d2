namespace TeloMesh.Tests.Cli;

/// <summary>
/// <c>paths</c> on the tiny fixture (docs/metrics.md sections 10 and 12); the links are worked out by hand in PathsTests.
/// </summary>
public sealed class CliPathsTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) => _folder.Run(args);

    private void Tiny() => Assert.Equal(0, Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "t").Code);

    [Fact]
    public void Paths_from_a_page_write_paths_from_csv_and_print_each_steps_busiest_links()
    {
        Tiny();
        var (code, output, error) = Run("paths", "--dataset", "t", "--from", "/product", "--steps", "3", "--top", "1");
        Assert.True(code == 0, error);
        Assert.Equal(
            [
                "step,from,to,sessions",
                "1,/product,(end),3", "1,/product,/cart,3", "1,/product,(other),1",
                "2,(other),(end),1", "2,/cart,(end),1", "2,/cart,(other),1", "2,/cart,/checkout,1",
                "3,(other),(end),1", "3,/checkout,(end),1",
            ],
            File.ReadAllLines(_folder.Output("t", "paths_from.csv")));
        Assert.Contains("7 sessions pass /product; the steps after it, 3 at most, the top 1 pages of each step by name:", output, StringComparison.Ordinal);
        Assert.Contains("  step 1: /product -> (end) 3 (43 %), /product -> /cart 3 (43 %), /product -> (other) 1 (14 %)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_to_a_page_write_paths_to_csv()
    {
        Tiny();
        var (code, _, error) = Run("paths", "--dataset", "t", "--to", "/cart", "--steps", "4");
        Assert.True(code == 0, error);
        Assert.Equal(["step,from,to,sessions", "1,/cart,/product,3", "2,/product,/search,3", "3,/search,/home,3", "4,/home,(start),3"],
            File.ReadAllLines(_folder.Output("t", "paths_to.csv")));
    }

    [Fact]
    public void A_goal_ends_a_path_and_left_out_events_go_first()
    {
        Tiny();
        var (code, _, error) = Run("paths", "--dataset", "t", "--from", "/product", "--steps", "3", "--goal-page", "/checkout", "--leave-out", "Scroll");
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(_folder.Output("t", "paths_from.csv"));
        Assert.Contains("2,/cart,(goal),1", lines);
        Assert.Contains("1,/product,/cart,2", lines); // D2 reaches /product only by a Scroll step
    }

    /// <summary>
    /// Grouping rules (docs/metrics.md section 11) name the pages the paths follow: /product and /cart become /shop. Every
    /// session with a /cart step has a /product step before it, so the 7 sessions through /product are those through /shop.
    /// The rules recorded by the analysis apply as a given --page-rules does.
    /// </summary>
    [Fact]
    public void Paths_follow_the_pages_the_grouping_rules_name()
    {
        var rules = _folder.File("rules.txt");
        File.WriteAllText(rules, "~/(product|cart) => /shop\n");
        Assert.Equal(0, Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "t", "--page-rules", rules).Code);
        var (code, output, error) = Run("paths", "--dataset", "t", "--from", "/shop", "--steps", "2");
        Assert.True(code == 0, error);
        Assert.Contains("grouping rules recorded for the dataset: 1", output, StringComparison.Ordinal);
        Assert.Contains("7 sessions pass /shop;", output, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllLines(_folder.Output("t", "paths_from.csv")), l => l.Contains("/product", StringComparison.Ordinal));
        // Given on the command line, the rules replace the recorded ones: an empty file analyses the pages as read.
        var none = _folder.File("none.txt");
        File.WriteAllText(none, "");
        Assert.Equal(2, Run("paths", "--dataset", "t", "--from", "/shop", "--page-rules", none).Code);
    }

    [Theory]
    [InlineData("--dataset t", "paths needs exactly one of --from PAGE (the steps after it) and --to PAGE (the steps before it).")]
    [InlineData("--dataset t --from /home --to /cart", "paths needs exactly one of --from PAGE")]
    [InlineData("--dataset t --from /home --steps 21", "--steps must be from 1 to 20; 21 was given.")]
    [InlineData("--dataset t --from /prodcut", "No step is on the page '/prodcut'. Nearest pages: '/product'")]
    public void Bad_paths_exit_2_saying_why(string flags, string message)
    {
        Tiny();
        var (code, _, error) = Run(["paths", .. flags.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_has_its_own_help()
    {
        var (code, output, _) = Run("paths", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage: dotnet run --project TeloMesh.Cli -- paths --dataset NAME (--from PAGE | --to PAGE)", output, StringComparison.Ordinal);
        Assert.Contains("--keep-repeats", output, StringComparison.Ordinal);
        Assert.Contains("--leave-out EVENT", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// One user, no session column: /a at 10:00, /b at 10:20, /c at 10:55. With a gap of 60 minutes that is one session
    /// /a /b /c; with the default 30 the 35 minutes before /c start a second. paths reads the dataset with the gap it was
    /// analysed with (as the dashboard does) unless --session-gap says otherwise.
    /// </summary>
    [Fact]
    public void Paths_make_the_sessions_with_the_gap_the_dataset_was_analysed_with()
    {
        var file = _folder.File("gap.csv");
        File.WriteAllText(file, "user_id,timestamp,page,event\nu,2025-03-01T10:00:00Z,/a,View\nu,2025-03-01T10:20:00Z,/b,View\nu,2025-03-01T10:55:00Z,/c,View\n");
        Assert.Equal(0, Run("--input-file", file, "--dataset", "g", "--session-gap", "60").Code);

        var (code, output, error) = Run("paths", "--dataset", "g", "--from", "/a");
        Assert.True(code == 0, error);
        Assert.Contains("session gap recorded for the dataset: 60 minutes", output, StringComparison.Ordinal);
        Assert.Equal(["step,from,to,sessions", "1,/a,/b,1", "2,/b,/c,1", "3,/c,(end),1"], File.ReadAllLines(_folder.Output("g", "paths_from.csv")));

        (code, _, error) = Run("paths", "--dataset", "g", "--from", "/a", "--session-gap", "30");
        Assert.True(code == 0, error);
        Assert.Equal(["step,from,to,sessions", "1,/a,/b,1", "2,/b,(end),1"], File.ReadAllLines(_folder.Output("g", "paths_from.csv")));
    }
}
