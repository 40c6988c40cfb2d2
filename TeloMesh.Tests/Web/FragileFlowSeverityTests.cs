using Bunit;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>Fragile flows by severity (their total score) and each step's time, worked by hand.</summary>
public sealed class FragileFlowSeverityTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A flow of two chokepoint steps scoring <paramref name="score"/> each, the second <paramref name="seconds"/> after the first.</summary>
    private static FragileFlow Flow(string session, double score, int seconds) => new(session, "u",
        [
            new FlowStep(0, "/a", "view", Start.Ticks, score, true),
            new FlowStep(1, "/b", "view", Start.AddSeconds(seconds).Ticks, score, true),
        ]);

    // Total scores: s1 0.1 + 0.1 = 0.2, s2 0.9, s3 0.5, s4 0.4 (twice each step's).
    private static readonly FrictionReport Report = new([], 0, [Flow("s1", 0.1, 105), Flow("s2", 0.45, 60), Flow("s3", 0.25, 10_800), Flow("s4", 0.2, 1)],
        new Dictionary<string, double>());

    private static IEnumerable<string> Sessions(FlowFilter filter) => filter.Apply(Report).Select(f => f.SessionId);

    [Fact]
    public void The_top_share_keeps_the_highest_total_scores_rounded_up()
    {
        Assert.Equal(["s1", "s2", "s3", "s4"], Sessions(new FlowFilter()));
        // 25 % of 4 flows is 1: s2 (0.9). 10 % and 5 % of 4 round up to 1 too.
        Assert.Equal(["s2"], Sessions(new FlowFilter { TopShare = 0.25 }));
        Assert.Equal(["s2"], Sessions(new FlowFilter { TopShare = 0.05 }));
        // By total score: 0.9, 0.5, 0.4, 0.2.
        Assert.Equal(["s2", "s3", "s4", "s1"], Sessions(new FlowFilter { Order = FlowOrder.TotalScore }));
        var filter = new FlowFilter { TopShare = 0.1, Order = FlowOrder.TotalScore };
        Assert.Equal("?minLength=2&minChokepoints=2&top=0.1&order=score", filter.ToQuery());
        Assert.Equal(filter, FlowFilter.FromQuery(new Dictionary<string, string?> { ["top"] = "0.1", ["order"] = "score" }));
        Assert.Equal("-min2steps-min2chokepoints-top10-by-score", filter.FileSuffix());
    }

    [Fact]
    public void Each_step_after_the_first_shows_the_time_since_the_one_before()
    {
        var flows = Report.FragileFlows;
        Assert.Equal(["", "+1 min 45 s"], [FragileFlowsViewModel.SinceStepBefore(flows[0], 0), FragileFlowsViewModel.SinceStepBefore(flows[0], 1)]);
        Assert.Equal("+3 h", FragileFlowsViewModel.SinceStepBefore(flows[2], 1));
        Assert.Equal("+1 s", FragileFlowsViewModel.SinceStepBefore(flows[3], 1));
    }

    [Fact]
    public async Task The_page_shows_each_steps_time_and_filters_by_severity()
    {
        var page = _context.Bunit.Render<FragileFlows>(p => p.Add(x => x.Name, "tiny"));
        page.WaitForAssertion(() => Assert.Equal("4 of 4 fragile flows", page.Find("[data-testid=flow-count]").TextContent), TimeSpan.FromSeconds(10));
        // The tiny example's steps are a minute apart: s_A1's 6 steps, s_B1's 5, s_C1's 3 and s_D2's 4 have 5 + 4 + 2 + 3 gaps.
        Assert.Equal(Enumerable.Repeat("+1 min", 14), page.FindAll("[data-testid=step-gap]").Select(g => g.TextContent));
        // Total scores (docs/metrics.md): s_A1 passes three chokepoint steps of 1/3, so 1; the others two, 2/3. The top 25 % of 4
        // flows is one: s_A1.
        var severity = page.FindComponent<MudBlazor.MudSelect<double?>>().Instance;
        await page.InvokeAsync(() => severity.ValueChanged.InvokeAsync(0.25));
        page.WaitForAssertion(() => Assert.Equal("1 of 4 fragile flows", page.Find("[data-testid=flow-count]").TextContent));
        Assert.Contains("s_A1", page.Find("[data-testid=flow]").TextContent, StringComparison.Ordinal);
        Assert.Contains("top=0.25", page.Find("a[data-testid=export-flows]").GetAttribute("href"), StringComparison.Ordinal);
    }
}
