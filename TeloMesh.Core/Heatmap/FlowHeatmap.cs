using TeloMesh.Core.Pipeline;

namespace TeloMesh.Core.Heatmap;

/// <summary>Which pages the heatmap shows.</summary>
public enum HeatmapView
{
    All,
    Top50,
    Top20,
    Top10,
}

/// <summary>A page on the heatmap, with the numbers its tooltip shows.</summary>
/// <param name="Traffic">Steps on this page, in all sessions.</param>
/// <param name="ExitRate">Sessions that ended on this page / steps on it.</param>
/// <param name="Score">The node-map score: the highest friction score among the page's (page, event) pairs.</param>
public sealed record HeatmapNode(string Page, NodeBox Box, NodeTier Tier, int Traffic, double ExitRate, double Betweenness, double Score)
{
    /// <summary>The low end of the exit rate's 95 % Wilson interval (docs/metrics.md section 8).</summary>
    public double ExitRateLow { get; init; }

    /// <summary>The high end of the exit rate's 95 % Wilson interval.</summary>
    public double ExitRateHigh { get; init; }

    /// <summary>
    /// A goal page: every step on it is a goal step (its page is a goal page, or each of its events a goal event), so
    /// sessions succeed here and nobody is lost. Drawn green, whatever its tier.
    /// </summary>
    public bool IsGoal { get; init; }

    /// <summary>The colour it is drawn in: green for a goal, else its tier's.</summary>
    public string Colour => IsGoal ? FlowHeatmap.GoalColour : FlowHeatmap.Colour(Tier);

    /// <summary>The text in the box: the page, cut to 32 characters so long URLs keep the layout readable.</summary>
    public string Label => Page.Length <= 32 ? Page : Page[..31] + "…";
}

/// <summary>A transition drawn on the heatmap; <see cref="Thickness"/> grows with the logarithm of its weight.</summary>
public sealed record HeatmapEdge(string From, string To, int Weight, string Event, double Thickness);

/// <summary>What the flow heatmap draws: pages placed by <see cref="GraphLayout"/>, coloured by tier, sized by traffic.</summary>
public sealed record FlowHeatmap(IReadOnlyList<HeatmapNode> Nodes, IReadOnlyList<HeatmapEdge> Edges, double Width, double Height)
{
    /// <summary>
    /// Builds the heatmap of <paramref name="result"/> with <paramref name="layout"/> (from <see cref="GraphLayout.Compute(Pipeline.AnalysisResult)"/>),
    /// keeping the pages of <paramref name="view"/> and the edges between them. Unless <paramref name="allEdges"/>, only
    /// each page's <see cref="GraphLayout.StrongestEdgesPerPage"/> strongest outgoing transitions are drawn: a real
    /// journey graph links most pages to most others, and hundreds of faint edges hide the routes that matter.
    /// <paramref name="pinned"/> pages are always shown, whatever their tier (as the original TeloMesh let a team keep its
    /// key pages on the map).
    /// </summary>
    /// <param name="columns">The funnel layout's column headings; those with a page shown are drawn.</param>
    public static FlowHeatmap Build(AnalysisResult result, IReadOnlyDictionary<int, NodeBox> layout, HeatmapView view = HeatmapView.All,
        bool allEdges = false, IReadOnlySet<string>? pinned = null, IReadOnlyList<LayoutColumn>? columns = null)
    {
        var graph = result.Graph;
        var tiers = NodeTiers.Assign(result.Friction.NodeMap);
        var traffic = PageTotals(result.Friction);
        var goalPages = GoalPages(result.Friction);
        bool Visible(NodeTier tier) => view switch
        {
            HeatmapView.Top10 => tier == NodeTier.Top10,
            HeatmapView.Top20 => tier is NodeTier.Top10 or NodeTier.Top20,
            HeatmapView.Top50 => tier != NodeTier.Rest,
            _ => true,
        };
        var nodes = new List<HeatmapNode>();
        foreach (var id in graph.NodeOrder)
        {
            var page = graph.Pages[id];
            var tier = tiers.GetValueOrDefault(page, NodeTier.Rest);
            if (!Visible(tier) && pinned?.Contains(page) != true) continue;
            var (steps, exits) = traffic.GetValueOrDefault(page);
            var (low, high) = Friction.WilsonInterval.Of(exits, steps);
            nodes.Add(new HeatmapNode(page, layout[id], tier, steps, steps == 0 ? 0 : (double)exits / steps,
                result.Betweenness[id], result.Friction.NodeMap.GetValueOrDefault(page))
            {
                ExitRateLow = low,
                ExitRateHigh = high,
                IsGoal = goalPages.Contains(page),
            });
        }
        var shown = nodes.Select(n => n.Page).ToHashSet(StringComparer.Ordinal);
        var maxWeight = graph.Edges.Count == 0 ? 1 : graph.Edges.Max(e => e.Weight);
        var strongest = GraphLayout.Strongest(graph.Edges).ToHashSet();
        var edges = graph.Edges
            .Where(e => allEdges || strongest.Contains(e))
            .Where(e => shown.Contains(graph.Pages[e.From]) && shown.Contains(graph.Pages[e.To]))
            .Select(e => new HeatmapEdge(graph.Pages[e.From], graph.Pages[e.To], e.Weight, graph.EventNames[e.Event],
                1 + 5 * Math.Log(1 + e.Weight) / Math.Log(1 + maxWeight)))
            .ToList();
        var width = layout.Count == 0 ? 0 : layout.Values.Max(b => b.X + b.Width) + 20;
        var height = layout.Count == 0 ? 0 : layout.Values.Max(b => b.Y + b.Height) + 20;
        return new FlowHeatmap(nodes, edges, width, height)
        {
            Columns = [.. (columns ?? []).Where(c => nodes.Any(n => n.Box.CenterX >= c.X && n.Box.CenterX <= c.X + c.Width))],
        };
    }

    /// <summary>The headings of the funnel layout's columns that have a page shown ("step 2" above the pages sessions typically reach second); none in layers.</summary>
    public IReadOnlyList<LayoutColumn> Columns { get; init; } = [];

    /// <summary>Steps on each page and sessions that ended there: the sums of its (page, event) pairs.</summary>
    public static Dictionary<string, (int Steps, int Exits)> PageTotals(Friction.FrictionReport report)
    {
        var totals = new Dictionary<string, (int Steps, int Exits)>(StringComparer.Ordinal);
        foreach (var p in report.Points)
        {
            var (steps, exits) = totals.GetValueOrDefault(p.Page);
            totals[p.Page] = (steps + p.Occurrences, exits + p.Exits);
        }
        return totals;
    }

    /// <summary>The pages every one of whose (page, event) pairs is a goal (none without goals).</summary>
    public static HashSet<string> GoalPages(Friction.FrictionReport report)
    {
        var notGoal = report.Points.Where(p => !p.IsGoal).Select(p => p.Page).ToHashSet(StringComparer.Ordinal);
        return report.Points.Where(p => p.IsGoal && !notGoal.Contains(p.Page)).Select(p => p.Page).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The colour of a goal page, shared by the dashboard and the HTML export.</summary>
    public const string GoalColour = "#43a047";

    /// <summary>The colour of a tier, shared by the dashboard and the HTML export.</summary>
    public static string Colour(NodeTier tier) => tier switch
    {
        NodeTier.Top10 => "#e53935",
        NodeTier.Top20 => "#fb8c00",
        NodeTier.Top50 => "#9e9d24",
        _ => "#757575",
    };
}
