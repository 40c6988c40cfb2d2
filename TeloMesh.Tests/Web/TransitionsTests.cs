using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Tests.Core.Journeys;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The Transitions page (docs/metrics.md section 10) on the dataset of <see cref="JourneyTablesTests"/>, worked by hand there:
/// /a->/b 4 transitions in 3 sessions, 100 % of /a's, median 15 s, p95 60 s; /b->/a, /b->/b and /b->/c once each, 1/3 of
/// /b's, after 30, 1 and 20 s; loops (/a, /b) and (/b, /a) once each, in u.
/// <para>
/// Scores: (/b, view) ends 1 of its 3 occurrences (w), (/b, click) 1 of 2 (u); /b is the only page between two others
/// (/a -> /b -> /c), so its betweenness is 1 and /a's and /c's 0. Scores 1/3 and 1/2; the chokepoint threshold, the 90th
/// percentile of [1/3, 1/2], is 1/3 + 0.9 x 1/6 = 0.4833, so (/b, click) is the one chokepoint: /b is a chokepoint page with
/// node score 0.5, /a and /c score 0. No session passes two chokepoint steps: no fragile flow.
/// </para>
/// </summary>
public sealed class TransitionsTests : IAsyncLifetime
{
    private readonly WebTestContext _context = new();

    public Task InitializeAsync()
    {
        _context.AddDataset("journeys", JourneyTablesTests.Csv);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private static string Squeeze(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    private IRenderedComponent<Transitions> Render()
    {
        var page = _context.Bunit.Render<Transitions>(p => p.Add(x => x.Name, "journeys"));
        page.WaitForAssertion(() => Assert.Equal("4 of 4 transition pairs", page.Find("[data-testid=row-count]").TextContent), TimeSpan.FromSeconds(10));
        return page;
    }

    private static List<string> FirstCells(IRenderedComponent<Transitions> page) =>
        [.. page.FindAll(".transitions-grid tbody tr").Select(r => Squeeze(string.Join(" | ", r.QuerySelectorAll("td").Select(td => td.TextContent))))];

    [Fact]
    public void Each_pair_shows_its_counts_share_times_scores_and_chokepoint_side()
    {
        var page = Render();
        Assert.Equal(
            [
                "/a | /b | 4 | 3 | 100.0 % | 15 s | 1 min | 0.0000 | 0.5000 | to",
                "/b | /a | 1 | 1 | 33.3 % | 30 s | 30 s | 0.5000 | 0.0000 | from",
                "/b | /b | 1 | 1 | 33.3 % | 1 s | 1 s | 0.5000 | 0.5000 | fromto", // two chips
                "/b | /c | 1 | 1 | 33.3 % | 20 s | 20 s | 0.5000 | 0.0000 | from",
            ],
            FirstCells(page));
        // Every column title but the pages explains its metric.
        Assert.Equal(8, page.FindAll(".transitions-grid thead .mud-tooltip-root").Count);
    }

    [Fact]
    public void The_filters_keep_the_pairs_they_name_and_the_export_link_carries_them()
    {
        var page = Render();
        page.Find("[data-testid=from-filter]").Input("/B");
        page.WaitForAssertion(() => Assert.Equal("3 of 4 transition pairs", page.Find("[data-testid=row-count]").TextContent));
        page.Find("[data-testid=to-filter]").Input("c");
        page.WaitForAssertion(() => Assert.Equal("1 of 4 transition pairs", page.Find("[data-testid=row-count]").TextContent));
        Assert.Equal("api/datasets/journeys/export/transitions.csv?from=%2FB&to=c", page.Find("[data-testid=export-transitions]").GetAttribute("href"));
        // No fragile flow here, so no pair is inside one.
        page.Find("[data-testid=in-fragile-flows]").Change(true);
        page.WaitForAssertion(() => Assert.Equal("0 of 4 transition pairs", page.Find("[data-testid=row-count]").TextContent));
    }

    [Fact]
    public void Sorting_by_a_column_reorders_the_rows()
    {
        var page = Render();
        // The median time, shortest first: /b->/b 1 s, /a->/b 15 s, /b->/c 20 s, /b->/a 30 s.
        page.FindAll(".transitions-grid thead th").Single(th => th.TextContent.Contains("Median time", StringComparison.Ordinal))
            .QuerySelector(".sortable-column-header")!.Click();
        page.WaitForAssertion(() => Assert.Equal(["/b | /b", "/a | /b", "/b | /c", "/b | /a"],
            FirstCells(page).Select(r => string.Join(" | ", r.Split(" | ").Take(2)))));
    }

    [Fact]
    public void Loops_list_each_ping_pong_with_a_link_to_its_paths_and_the_file()
    {
        var page = Render();
        Assert.Equal("2 loops: people going page → other page → page, the most sessions first", Squeeze(page.Find("[data-testid=loop-count]").TextContent));
        Assert.Equal(["/a | /b | 1 | 1 | Paths from /a", "/b | /a | 1 | 1 | Paths from /b"],
            page.FindAll(".loops-grid tbody tr").Select(r => Squeeze(string.Join(" | ", r.QuerySelectorAll("td").Select(td => td.TextContent)))));
        Assert.Equal("datasets/journeys/paths?from=%2Fa", page.Find("[data-testid=paths-from]").GetAttribute("href"));
        Assert.Equal("api/datasets/journeys/files/loops.csv", page.Find("[data-testid=export-loops]").GetAttribute("href"));
    }

    [Fact]
    public void The_inside_fragile_flows_filter_keeps_the_pairs_of_consecutive_fragile_steps()
    {
        // The tiny example's fragile flows (docs/metrics.md): s_A1 H S P P C K, s_B1 H S P C X, s_C1 H P P, s_D2 H S P C.
        // Their consecutive pages: H->S, S->P, P->P, P->C, C->K, C->X, H->P: every pair but P->X (only in s_A2).
        var model = new TransitionsViewModel(AnalysisPipeline.Analyze(TestFiles.Read(File.ReadAllText(TestFiles.Fixture("tiny", "events.csv"))).Events, AnalysisOptions.Default))
        {
            Filter = new TransitionFilter { InFragileFlows = true },
        };
        Assert.Equal("7 of 8 transition pairs", model.RowCount);
        Assert.DoesNotContain(model.Rows, r => (r.FromPage, r.ToPage) == ("/product", "/help"));
        Assert.Null(model.SampledFlowsNote);
        // Chokepoint pages are /product and /cart: every pair touches one but /home -> /search.
        model.Filter = new TransitionFilter { ChokepointEitherSide = true };
        Assert.Equal("7 of 8 transition pairs", model.RowCount);
        Assert.DoesNotContain(model.Rows, r => (r.FromPage, r.ToPage) == ("/home", "/search"));
    }

    [Fact]
    public void Hovering_a_heatmap_arrow_shows_its_transitions_share_and_median_time()
    {
        _context.Bunit.SetRendererInfo(new RendererInfo("Server", true));
        _context.Bunit.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 400));
        var page = _context.Bunit.Render<Heatmap>(p => p.Add(x => x.Name, "journeys"));
        // Three arrows: /b -> /b goes to itself and is not drawn.
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("g.diagram-link").Count), TimeSpan.FromSeconds(10));
        var shown = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            page.FindAll("g.diagram-link")[i].TriggerEvent("onmouseenter", new MouseEventArgs());
            // The diagram raises its hover through InvokeAsync: the panel follows a moment later.
            shown.Add(Squeeze(page.WaitForElement("[data-testid=edge-hover]").TextContent));
            page.FindAll("g.diagram-link")[i].TriggerEvent("onmouseleave", new MouseEventArgs());
            page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=edge-hover]")));
        }
        Assert.Equal(
            [
                "/a → /b 4 transitions, 100.0 % of those out of /a; median 15 s between the two steps",
                "/b → /a 1 transition, 33.3 % of those out of /b; median 30 s between the two steps",
                "/b → /c 1 transition, 33.3 % of those out of /b; median 20 s between the two steps",
            ],
            shown.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(1.5, "1.5 s")]
    [InlineData(15, "15 s")]
    [InlineData(60, "1 min")]
    [InlineData(105, "1 min 45 s")]
    [InlineData(3600 + 5 * 60 + 30, "1 h 5 min")]
    [InlineData(3 * 86400 + 4 * 3600, "3 d 4 h")]
    public void Durations_read_in_the_two_largest_units(double seconds, string text) => Assert.Equal(text, Durations.Readable(seconds));

    [Fact]
    public void Loops_download_the_analysis_file_unless_a_view_filter_is_on()
    {
        Assert.Equal("api/datasets/d/files/loops.csv", DatasetRoutes.LoopsCsv("d"));
        Assert.Equal("api/datasets/d/export/loops.csv?filter-from=2025-01-01",
            DatasetRoutes.LoopsCsv("d", new Slice(From: new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))));
        Assert.Equal("datasets/a%20b/paths?from=%2Fcart%3Fx%3D1", DatasetRoutes.PathsFrom("a b", "/cart?x=1"));
    }

    /// <summary>Over HTTP: the export holds the rows the filter keeps, in transition_pairs.csv's columns, and the loops export the view's loops.</summary>
    [Fact]
    public async Task The_exports_hold_the_filtered_rows()
    {
        await using var dashboard = new InProcessDashboard();
        await dashboard.UploadAsync("journeys", System.Text.Encoding.UTF8.GetBytes(JourneyTablesTests.Csv));
        var http = dashboard.Http;

        var response = await http.GetAsync("/api/datasets/journeys/export/transitions.csv?from=%2Fb&chokepoints=1");
        // /b is the chokepoint page: its three pairs out, with from_chokepoint 1, to_chokepoint 1 only for /b itself.
        Assert.Equal(
            [
                "from_page,to_page,transitions,sessions,probability,median_seconds,p95_seconds,from_chokepoint,to_chokepoint,from_score,to_score",
                "/b,/a,1,1,0.3333333333333333,30,30,1,0,0.5,0",
                "/b,/b,1,1,0.3333333333333333,1,1,1,1,0.5,0.5",
                "/b,/c,1,1,0.3333333333333333,20,20,1,0,0.5,0",
            ],
            (await response.Content.ReadAsStringAsync()).TrimEnd().Split('\n'));
        Assert.Equal("journeys-transitions-from-b-chokepoints.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        var loops = await http.GetAsync("/api/datasets/journeys/export/loops.csv?filter-from=2025-01-01");
        Assert.Equal(["page,other_page,sessions,occurrences", "/a,/b,1,1", "/b,/a,1,1"], (await loops.Content.ReadAsStringAsync()).TrimEnd().Split('\n'));
        Assert.Equal("journeys-loops-2025-01-01-to-the-end.csv", loops.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }
}
