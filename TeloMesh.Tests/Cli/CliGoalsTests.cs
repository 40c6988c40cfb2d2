using System.Globalization;
using System.Text.Json;
using TeloMesh.Core.Export;

namespace TeloMesh.Tests.Cli;

/// <summary>
/// Goals on the command line (docs/metrics.md sections 8 and 12) on the tiny fixture, whose chain is solved here by hand.
/// With goal page /checkout only s_A1 converts (1 of 8 sessions). Sequences stop at the conversion:
/// (/cart, Add to Cart) is followed by GOAL (s_A1), /help (s_B1) and EXIT (s_D2): c(cart) = 1/3, nothing comes back to
/// it, and 3 of the 8 sessions reach it (the chain has no loops, so reach is the observed share). With reduction 0.1:
/// α = 0.1 · (1/3)/(2/3) = 0.05, c'(cart) = 1.05/3 = 0.35, gain = 3/8 · (0.35 - 1/3) = 1/160 per session: 6.25 per 1,000,
/// and 8/160 = 0.05 conversions.
/// </summary>
public sealed class CliGoalsTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) => _folder.Run(args);

    private string Output(string file) => _folder.Output("t", file);

    private (int, string, string) Tiny(params string[] more) => Run(["--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", "t", .. more]);

    private Dictionary<string, string> Row(string page, string evt)
    {
        var lines = File.ReadAllLines(Output(OutputFileNames.Chokepoints));
        var header = lines[0].Split(',');
        var row = lines.Skip(1).Select(l => l.Split(',')).Single(r => r[0] == page && r[1] == evt);
        return header.Zip(row).ToDictionary(x => x.First, x => x.Second);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void A_goal_page_adds_conversions_and_gains_to_the_files_and_the_summary()
    {
        var (code, output, error) = Tiny("--goal-page", "/checkout");
        Assert.True(code == 0, error);
        var cart = Row("/cart", "Add to Cart");
        Assert.Equal(("3", "1"), (cart["sessions"], cart["conversions"]));
        Assert.Equal(1.0 / 3, D(cart["conversion_rate"]));
        Assert.Equal(6.25, D(cart["projected_gain"]), 1e-9);
        Assert.Equal(0.05, D(cart["projected_conversions"]), 1e-12);
        // The converting session's last step, (/checkout, Checkout), lost nobody.
        Assert.Equal(("0", "0", "1"), (Row("/checkout", "Checkout")["exits"], Row("/checkout", "Checkout")["projected_gain"], Row("/checkout", "Checkout")["sessions"]));

        using var info = JsonDocument.Parse(File.ReadAllText(Output(OutputFileNames.DatasetInfo)));
        var goals = info.RootElement.GetProperty("goals");
        Assert.Equal("/checkout", goals.GetProperty("pages")[0].GetString());
        Assert.Equal(0, goals.GetProperty("events").GetArrayLength());
        Assert.Equal((8, 1), (goals.GetProperty("sessions").GetInt32(), goals.GetProperty("converted").GetInt32()));
        Assert.Equal(0.125, goals.GetProperty("conversion_rate").GetDouble());
        Assert.Equal(0.125, goals.GetProperty("model_conversion_rate").GetDouble(), 1e-12);
        Assert.Equal(0.1, goals.GetProperty("gain_reduction").GetDouble());

        Assert.Contains("Conversion 12.5 %: 1 of 8 sessions reach a goal (page /checkout).", output, StringComparison.Ordinal);
        Assert.Contains("+6.25", output, StringComparison.Ordinal);
        Assert.Contains("/cart (Add to Cart)", output[output.IndexOf("Worth fixing first", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void The_reduction_and_a_goal_event_are_read_from_their_flags()
    {
        // Reduction 1 at the cart: nobody ends there; GOAL and /help share the exits' third in proportion, 1/2 each, so
        // c'(cart) = 1/2 and the gain is 3/8 · (1/2 - 1/3) = 1/16: 62.5 per 1,000.
        var (code, _, error) = Tiny("--goal-page", "/checkout", "--gain-reduction", "1");
        Assert.True(code == 0, error);
        Assert.Equal(62.5, D(Row("/cart", "Add to Cart")["projected_gain"]), 1e-9);
        // Goal event "Add to Cart": s_A1, s_B1 and s_D2 convert there.
        (code, _, error) = Tiny("--goal-event", "Add to Cart");
        Assert.True(code == 0, error);
        Assert.Equal(("3", "3"), (Row("/cart", "Add to Cart")["sessions"], Row("/cart", "Add to Cart")["conversions"]));
    }

    [Fact]
    public void Recorded_goals_apply_until_other_goals_or_no_goals_are_given()
    {
        Assert.Equal(0, Tiny("--goal-page", "/checkout").Item1);
        var (code, output, _) = Run("--dataset", "t");
        Assert.Equal(0, code);
        Assert.Contains("goals recorded for the dataset: page /checkout", output, StringComparison.Ordinal);
        Assert.True(Row("/cart", "Add to Cart").ContainsKey("projected_gain"));
        (code, _, _) = Run("--dataset", "t", "--no-goals");
        Assert.Equal(0, code);
        Assert.False(Row("/cart", "Add to Cart").ContainsKey("projected_gain"));
        Assert.Equal("0", Row("/cart", "Add to Cart")["exit_rate_low"][..1]);
    }

    [Theory]
    [InlineData("--goal-page /checkout --compat telomesh", "cannot be combined with --compat telomesh")]
    [InlineData("--gain-reduction 0", "--gain-reduction expects a share above 0 and at most 1")]
    [InlineData("--min-support 0", "--min-support expects a whole number of at least 1, got '0'")]
    [InlineData("--min-support 5 --compat telomesh", "--min-support expects left out in compatibility mode")]
    [InlineData("--goal-page /checkout --no-goals", "contradict each other")]
    [InlineData("--goal-page /chekout", "The goal page '/chekout' matches no page. Nearest pages: '/checkout'")]
    public void Bad_goal_options_exit_2_saying_why(string flags, string message)
    {
        var (code, _, error) = Tiny(flags.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Goal_flags_repeat()
    {
        var (code, _, error) = Tiny("--goal-page", "/checkout", "--goal-page", "/help");
        Assert.True(code == 0, error);
        using var info = JsonDocument.Parse(File.ReadAllText(Output(OutputFileNames.DatasetInfo)));
        // s_A1 (checkout), s_A2 and s_B1 (help): 3 of 8.
        Assert.Equal(3, info.RootElement.GetProperty("goals").GetProperty("converted").GetInt32());
        Assert.Equal(2, info.RootElement.GetProperty("goals").GetProperty("pages").GetArrayLength());
    }
}
