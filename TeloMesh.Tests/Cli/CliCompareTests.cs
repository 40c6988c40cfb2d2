using System.Globalization;

namespace TeloMesh.Tests.Cli;

/// <summary>
/// <c>compare</c> on the tiny fixture (docs/metrics.md sections 9 and 12). Its sessions start on 1 March (s_A1, s_B1,
/// s_C1, s_D1) and on 2 and 3 March (s_A2, s_B2, s_B3, s_D2). With a minimum support of 4, one test has 4 observations in
/// both slices: the exit rate of (/home, Page View), 1 of 4 (s_D1 ends there) against 0 of 4. p̂ = 1/8,
/// se = sqrt(1/8 · 7/8 · (1/4 + 1/4)) = 0.2338536, z = -0.25/0.2338536 = -1.0690450, p = erfc(0.7559289) = 0.2850494,
/// and with one test q = p. (Out of /home, A has 3 transitions, B 4: no transition test.)
/// </summary>
public sealed class CliCompareTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) => _folder.Run(args);

    private void Tiny(string dataset = "t") =>
        Assert.Equal(0, Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", dataset).Code);

    [Fact]
    public void Two_periods_give_the_hand_worked_test_in_comparison_csv()
    {
        Tiny();
        var (code, output, error) = Run("compare", "--dataset", "t", "--a-from", "2025-03-01", "--a-to", "2025-03-02", "--b-from", "2025-03-02",
            "--min-support", "4");
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(_folder.Output("t", "comparison.csv"));
        Assert.Equal(2, lines.Length);
        var cells = lines[1].Split(',');
        Assert.Equal(["exit", "/home", "Page View", "", "1", "4", "0", "4", "0.25", "0", "-0.25"], cells[..11]);
        var numbers = cells[11..].Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(-1.0690450, numbers[0], 1e-6);
        Assert.Equal(0.2850494, numbers[1], 1e-6);
        Assert.Equal(numbers[1], numbers[2]);
        Assert.Equal(1, numbers[3]);
        Assert.Contains("A: 2025-03-01 to 2025-03-02: 4 sessions", output, StringComparison.Ordinal);
        Assert.Contains("/home (Page View): exit rate 25.0 % -> 0.0 % (q = 0.285), 1 visits affected", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Worse_only_prints_only_changes_for_the_worse_and_the_file_keeps_every_test()
    {
        Tiny();
        // The one test, the exit rate of (/home, Page View), fell from 25 % to 0 %: better, so nothing is printed.
        var (code, output, error) = Run("compare", "--dataset", "t", "--a-from", "2025-03-01", "--a-to", "2025-03-02", "--b-from", "2025-03-02",
            "--min-support", "4", "--worse-only");
        Assert.True(code == 0, error);
        Assert.Contains("Top changes for the worse (0 in all):", output, StringComparison.Ordinal);
        Assert.DoesNotContain("/home (Page View): exit rate", output, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(_folder.Output("t", "comparison.csv")).Length);
        // Swapped, the exit rate rose from 0 % to 25 %: for the worse (not significant, so not marked "worse:").
        (code, output, error) = Run("compare", "--dataset", "t", "--b-from", "2025-03-01", "--b-to", "2025-03-02", "--a-from", "2025-03-02",
            "--min-support", "4", "--worse-only");
        Assert.True(code == 0, error);
        Assert.Contains("Top changes for the worse (1 in all):", output, StringComparison.Ordinal);
        Assert.Contains("  /home (Page View): exit rate 0.0 % -> 25.0 % (q = 0.285), 1 visits affected", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_little_support_everywhere_explains_itself_instead_of_failing()
    {
        Tiny();
        var (code, output, error) = Run("compare", "--dataset", "t", "--a-to", "2025-03-02", "--b-from", "2025-03-02");
        Assert.True(code == 0, error);
        Assert.Contains("Nothing to compare: no rate has 30 observations in both slices.", output, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(_folder.Output("t", "comparison.csv")));
    }

    [Fact]
    public void Another_dataset_is_slice_a()
    {
        Tiny("t");
        Tiny("u");
        var (code, output, error) = Run("compare", "--dataset", "t", "--against", "u", "--min-support", "8");
        Assert.True(code == 0, error);
        // The same events: (/home, Page View) 1 of 8 in both, se > 0, z = 0, p = 1.
        Assert.Equal("exit,/home,Page View,,1,8,1,8,0.125,0.125,0,0,1,1,0", File.ReadAllLines(_folder.Output("t", "comparison.csv"))[1]);
        Assert.Contains("A: dataset 'u': 8 sessions", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--segment platform --a web --b ios", "no segment column 'platform'")]
    [InlineData("--a-from 2024-01-01 --a-to 2024-02-01 --b-from 2025-03-02", "Slice A (2024-01-01 to 2024-02-01) has no sessions. The dataset's sessions start between 2025-03-01 09:00:00Z and 2025-03-03 10:00:00Z.")]
    [InlineData("--a-from 2025-03-01 --against u", "exactly one way to choose A and B")]
    [InlineData("--segment platform --a web", "needs all of --segment COLUMN, --a VALUE and --b VALUE")]
    [InlineData("--a-from 2025-03-02 --a-to 2025-03-01 --b-from 2025-03-02", "A's period ends before it starts")]
    [InlineData("--a-to 2025-03-02 --b-from 2025-03-02 --goal-page /chekout", "Nearest pages: '/checkout'")]
    public void Bad_slices_exit_2_saying_why(string flags, string message)
    {
        Tiny();
        var (code, _, error) = Run(["compare", "--dataset", "t", .. flags.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_has_its_own_help()
    {
        var (code, output, _) = Run("compare", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--against DATASET", output, StringComparison.Ordinal);
        Assert.Contains("comparison.csv", output, StringComparison.Ordinal);
    }

    /// <summary>The dataset's grouping rules name the pages of both slices (docs/metrics.md section 11): /product and /cart are /shop.</summary>
    [Fact]
    public void The_grouping_rules_name_the_pages_compared()
    {
        var rules = _folder.File("rules.txt");
        File.WriteAllText(rules, "~/(product|cart) => /shop\n");
        Tiny("a");
        Assert.Equal(0, Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "b", "--page-rules", rules).Code);
        var (code, _, error) = Run("compare", "--dataset", "b", "--against", "a", "--min-support", "1");
        Assert.True(code == 0, error);
        var pages = File.ReadAllLines(_folder.Output("b", "comparison.csv")).Skip(1).Select(l => l.Split(',')[1]).ToHashSet();
        Assert.Contains("/shop", pages);
        Assert.DoesNotContain("/product", pages);
        Assert.DoesNotContain("/cart", pages);
    }

    /// <summary>
    /// Goals apply to both datasets, and one that only the newer has is fine: dataset a is the tiny example without its
    /// one /checkout row (s_A1's last), b the whole of it. Only s_A1 reaches /checkout: b converts 1 of 8 sessions, a none.
    /// A goal in neither is still refused.
    /// </summary>
    [Fact]
    public void A_goal_that_only_one_of_two_datasets_has_is_compared_with_no_conversions_in_the_other()
    {
        var older = _folder.File("older.csv");
        File.WriteAllLines(older, File.ReadAllLines(TestFiles.Fixture("tiny", "events.csv")).Where(l => !l.Contains("/checkout", StringComparison.Ordinal)));
        Assert.Equal(0, Run("--input-file", older, "--dataset", "a").Code);
        Tiny("b");
        var (code, output, error) = Run("compare", "--dataset", "b", "--against", "a", "--min-support", "1", "--goal-page", "/checkout");
        Assert.True(code == 0, error);
        Assert.Contains("A: dataset 'a': 8 sessions, 0 converted (0.0 %)", output, StringComparison.Ordinal);
        Assert.Contains("B: dataset 'b': 8 sessions, 1 converted (12.5 %)", output, StringComparison.Ordinal);

        (code, _, error) = Run("compare", "--dataset", "b", "--against", "a", "--goal-page", "/chekout");
        Assert.Equal(2, code);
        Assert.Contains("The goal page '/chekout' matches no page. Nearest pages: '/checkout'", error, StringComparison.Ordinal);
    }
}
