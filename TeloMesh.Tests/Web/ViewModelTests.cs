using TeloMesh.Core.Datasets;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>
/// The pages' view models on tiny hand-made inputs: every expected value is worked out in the comments, not taken
/// from a run. Numbers are formatted with the invariant culture whatever the machine's.
/// </summary>
public class ViewModelTests
{
    private static FrictionPoint Point(string page, string @event, int occurrences, int exits, int usersLost, double betweenness, bool chokepoint) =>
        new(page, @event, occurrences, exits, (double)exits / occurrences, usersLost, betweenness, (double)exits / occurrences * betweenness, chokepoint);

    // Three pairs, by score: /cart click 2/4 = 0.5 x 0.5 = 0.25 (the chokepoint), /home view 1/10 = 0.1 x 1 = 0.1,
    // /pay submit 0/2 = 0 x 0.25 = 0.
    private static readonly FrictionReport Report = new(
        [Point("/cart", "click", 4, 2, 1, 0.5, true), Point("/home", "view", 10, 1, 1, 1, false), Point("/pay", "submit", 2, 0, 0, 0.25, false)],
        0.25, [], new Dictionary<string, double>())
    {
        // Sessions lost at the chokepoint: its 2 exits, by 1 user. Average exit rate (0.5 + 0.1 + 0) / 3 = 0.2; average
        // score (0.25 + 0.1 + 0) / 3 = 0.11666... One chokepoint.
        Summary = new FrictionSummary(SessionsLostAtChokepoints: 2, UsersLostAtChokepoints: 1, AverageExitRate: 0.2, AverageScore: 0.35 / 3, Chokepoints: 1),
    };

    [Fact]
    public void Friction_cards_and_row_count_read_as_the_page_shows_them()
    {
        var model = new FrictionViewModel(Report);
        Assert.Equal(["Users lost at chokepoints", "Average exit rate", "Average score", "Chokepoints"], model.Cards.Select(c => c.Label));
        // 0.2 as a percentage with one decimal is "20.0 %" (the invariant culture puts a space before the sign);
        // 0.11666... to four decimals is 0.1167.
        Assert.Equal(["1", "20.0 %", "0.1167", "1"], model.Cards.Select(c => c.Value));
        Assert.Contains("(2 sessions)", model.Cards[0].Help, StringComparison.Ordinal);
        Assert.Equal("3 of 3 rows", model.RowCount);
        Assert.Equal(["/cart", "/home", "/pay"], model.Pages);

        model.Filter = new FrictionFilter { ChokepointsOnly = true };
        Assert.Equal("1 of 3 rows", model.RowCount);
    }

    [Fact]
    public void Friction_cards_group_thousands()
    {
        var model = new FrictionViewModel(Report with { Summary = new FrictionSummary(12_345, 1_234, 0.125, 0.00004, 2_000) });
        // 0.125 is 12.5 %, exactly; 0.00004 to four decimals is 0.0000.
        Assert.Equal(["1,234", "12.5 %", "0.0000", "2,000"], model.Cards.Select(c => c.Value));
        Assert.Contains("(12,345 sessions)", model.Cards[0].Help, StringComparison.Ordinal);
    }

    private static FragileFlow Flow(int number, int steps, int chokepoints) =>
        new($"s{number}", "u", [.. Enumerable.Range(0, steps).Select(i => new FlowStep(i, "/p", "e", 0, 0.5, i < chokepoints))]);

    // 23 flows: s1-s13 with 2 steps, both chokepoints; s14-s23 with 5 steps, 3 of them chokepoints.
    private static readonly FrictionReport FlowReport = new([], 0.5,
        [.. Enumerable.Range(1, 13).Select(i => Flow(i, 2, 2)), .. Enumerable.Range(14, 10).Select(i => Flow(i, 5, 3))], new Dictionary<string, double>());

    [Fact]
    public void Fragile_flows_are_paged_ten_at_a_time()
    {
        var model = new FragileFlowsViewModel(FlowReport);
        // The default filter (2 steps, 2 chokepoints) keeps all 23: pages of 10, 10 and 3.
        Assert.Equal("23 of 23 fragile flows", model.FlowCount);
        Assert.Equal(3, model.PageCount);
        Assert.Equal(["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10"], model.Shown.Select(f => f.SessionId));
        model.Page = 3;
        Assert.Equal(["s21", "s22", "s23"], model.Shown.Select(f => f.SessionId));
        model.Page = 9; // past the last page: the last
        Assert.Equal(3, model.Page);
    }

    [Fact]
    public void A_new_flow_filter_goes_back_to_the_first_page()
    {
        var model = new FragileFlowsViewModel(FlowReport) { Page = 2 };
        model.Filter = model.Filter with { MinChokepoints = 3 };
        // s14-s23 have 3 chokepoints: 10 flows, one page.
        Assert.Equal((1, 1), (model.Page, model.PageCount));
        Assert.Equal("10 of 23 fragile flows", model.FlowCount);
        Assert.Equal("s14", model.Shown.First().SessionId);

        model.Filter = new FlowFilter { MinLength = 6 }; // no flow has 6 steps: still one (empty) page
        Assert.Equal(("0 of 23 fragile flows", 1), (model.FlowCount, model.PageCount));
        Assert.Empty(model.Shown);
    }

    private static HeatmapNode Node(string page, NodeTier tier) => new(page, new NodeBox(0, 0, 100, 40), tier, 5, 0.2, 0.5, 0.1);

    /// <summary>All pages: /cart, /home, /pay; the top tenth: /cart. Strongest edges: /home -> /cart, /cart -> /pay, and
    /// /cart -> /cart (a self-loop); every edge adds /home -> /pay.</summary>
    [Fact]
    public void Pinning_a_page_draws_again_with_it_in_every_view_and_keeps_it_selected()
    {
        var asked = new List<(HeatmapView View, string Pinned)>();
        var model = new HeatmapViewModel(Report, (view, allEdges, pinned, _) =>
        {
            asked.Add((view, string.Join(",", pinned)));
            return Build(view, allEdges, pinned);
        });
        model.Show(HeatmapView.Top10, allEdges: false);
        model.Selected = model.Heatmap.Nodes.Single(n => n.Page == "/cart");
        model.TogglePin("/home");
        model.TogglePin("/cart");
        Assert.Equal(["/cart", "/home"], model.Pinned);
        Assert.Equal((HeatmapView.Top10, "/cart,/home"), asked[^1]);
        Assert.Equal("/cart", model.Selected?.Page);
        model.Show(HeatmapView.Top20, allEdges: false);
        Assert.Equal((HeatmapView.Top20, "/cart,/home"), asked[^1]);
        model.TogglePin("/home");
        Assert.Equal(["/cart"], model.Pinned);
    }

    private static FlowHeatmap Build(HeatmapView view, bool allEdges, IReadOnlySet<string> pinned, LayoutKind layout = LayoutKind.Layered)
    {
        HeatmapNode[] nodes = view == HeatmapView.Top10
            ? [Node("/cart", NodeTier.Top10)]
            : [Node("/cart", NodeTier.Top10), Node("/home", NodeTier.Rest), Node("/pay", NodeTier.Rest)];
        HeatmapEdge[] edges = view == HeatmapView.Top10
            ? [new("/cart", "/cart", 1, "click", 1)]
            : [new("/home", "/cart", 3, "view", 3), new("/cart", "/pay", 2, "click", 2), new("/cart", "/cart", 1, "click", 1)];
        return new FlowHeatmap(nodes, allEdges ? [.. edges, new("/home", "/pay", 1, "view", 1)] : edges, 300, 100);
    }

    [Fact]
    public void Another_layout_draws_the_same_view_again_and_keeps_its_layout_for_later_views()
    {
        var asked = new List<(HeatmapView View, bool AllEdges, LayoutKind Layout)>();
        var model = new HeatmapViewModel(Report, (view, allEdges, pinned, layout) =>
        {
            asked.Add((view, allEdges, layout));
            return Build(view, allEdges, pinned, layout);
        });
        Assert.Equal(LayoutKind.Layered, model.Layout);
        model.Show(HeatmapView.Top20, allEdges: true);
        model.Selected = model.Heatmap.Nodes[0];
        model.ChangeLayout(LayoutKind.Funnel);
        Assert.Equal((HeatmapView.Top20, true, LayoutKind.Funnel), asked[^1]);
        Assert.Null(model.Selected);
        model.Show(HeatmapView.Top10, allEdges: false);
        Assert.Equal((HeatmapView.Top10, false, LayoutKind.Funnel), asked[^1]);
    }

    [Fact]
    public void The_heatmap_counts_what_it_draws_and_a_new_view_clears_the_selection()
    {
        var model = new HeatmapViewModel(Report, (view, allEdges, pinned, layout) => Build(view, allEdges, pinned, layout));
        // 3 pages; 3 edges of which one is a self-loop, which is not drawn: 2.
        Assert.Equal("3 pages, 2 edges", model.NodeCount);
        Assert.Empty(model.SelectedRows);

        model.Selected = model.Heatmap.Nodes[0]; // /cart: its one (page, event) row
        model.Hovered = model.Heatmap.Nodes[1];
        Assert.Equal([("/cart", "click")], model.SelectedRows.Select(p => (p.Page, p.Event)));

        model.Show(HeatmapView.All, allEdges: true); // + /home -> /pay
        Assert.Equal("3 pages, 3 edges", model.NodeCount);
        Assert.Null(model.Selected);
        Assert.Null(model.Hovered);

        model.Show(HeatmapView.Top10, model.AllEdges); // /cart and its self-loop, + /home -> /pay from "every edge"
        Assert.Equal((HeatmapView.Top10, true), (model.View, model.AllEdges));
        Assert.Equal("1 pages, 1 edges", model.NodeCount);
    }

    [Fact]
    public void A_dataset_row_shows_its_numbers_or_dashes_before_an_analysis()
    {
        var analysed = new DatasetEntry(new DatasetPaths("data", "outputs", "my shop"), new DatasetInfo
        {
            Name = "my shop",
            SourceFile = "events.csv",
            Users = 1_234,
            Sessions = 2_000,
            Events = 15_000,
            RowsRejected = 0,
            FirstEventUtc = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc),
            LastEventUtc = new DateTime(2025, 3, 3, 10, 0, 0, DateTimeKind.Utc),
            CreatedUtc = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc),
            AnalysedUtc = new DateTime(2025, 3, 4, 5, 6, 8, DateTimeKind.Utc),
            Options = new AnalysisOptionsInfo(45, "hops", "none", false, 0.9),
        });
        var model = new DatasetsViewModel([analysed, new DatasetEntry(new DatasetPaths("data", "outputs", "fresh"), null)]);

        var row = model.Rows[0];
        Assert.Equal(("1,234", "2,000", "15,000", "0"), (row.Users, row.Sessions, row.Events, row.RejectedRows));
        Assert.Equal(("2025-03-01 – 2025-03-03", "2025-03-04 05:06", "gap 45 min, hops"), (row.DateRange, row.Created, row.OptionsText));
        Assert.Equal(("analysed", true), (row.State, row.IsAnalysed));
        Assert.Equal("datasets/my%20shop/friction", row.Open);
        Assert.Equal((TimeSpan.FromMinutes(45), BetweennessMode.Hops), (row.Options.SessionGap, row.Options.Betweenness));

        var fresh = model.Rows[1];
        Assert.Equal(("–", "–", "–", "–", "–"), (fresh.Users, fresh.Sessions, fresh.Events, fresh.RejectedRows, fresh.Created));
        Assert.Equal(("not analysed yet", false), (fresh.State, fresh.IsAnalysed));
        Assert.Equal(AnalysisOptions.Default, fresh.Options);
    }

    [Fact]
    public void Busy_datasets_stay_busy_when_the_list_is_read_again()
    {
        var model = new DatasetsViewModel([]);
        model.SetBusy("shop", true);
        model.Refresh([new DatasetEntry(new DatasetPaths("data", "outputs", "shop"), null)]);
        Assert.Equal(["shop"], model.Rows.Select(r => r.Name));
        Assert.True(model.IsBusy("shop"));
        model.SetBusy("shop", false);
        Assert.False(model.IsBusy("shop"));
        Assert.Equal("shop re-analysed: open it now; its files are being saved.", DatasetsViewModel.Reanalysed("shop", filesWritten: false));
    }
}
