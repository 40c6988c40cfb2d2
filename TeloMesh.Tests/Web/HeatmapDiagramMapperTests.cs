using TeloMesh.Core.Heatmap;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>The mapper from the heatmap to Blazor.Diagrams models, without rendering.</summary>
public class HeatmapDiagramMapperTests
{
    private static HeatmapNode Node(string page, double x, NodeTier tier) =>
        new(page, new NodeBox(x, 10, 100, 40), tier, Traffic: 5, ExitRate: 0.2, Betweenness: 0.5, Score: 0.1);

    private static readonly FlowHeatmap Heatmap = new(
        [Node("/a", 0, NodeTier.Top10), Node("/b", 200, NodeTier.Top20), Node("/c", 400, NodeTier.Rest)],
        [
            new HeatmapEdge("/a", "/b", 10, "click", 6),
            new HeatmapEdge("/b", "/c", 1, "view", 1),
            new HeatmapEdge("/b", "/b", 3, "scroll", 2), // self-loop: not drawn
        ],
        600, 100);

    [Fact]
    public void Pages_become_locked_nodes_at_the_layout_position_and_size()
    {
        var (nodes, _) = HeatmapDiagramMapper.Map(Heatmap, movable: false);
        Assert.Equal(["/a", "/b", "/c"], nodes.Select(n => n.Data.Page));
        Assert.All(nodes, n => Assert.True(n.Locked));
        Assert.Equal(200, nodes[1].Position.X);
        Assert.Equal(10, nodes[1].Position.Y);
        Assert.Equal(100, nodes[1].Size!.Width);
        Assert.Equal(40, nodes[1].Size!.Height);
        Assert.Equal(["#e53935", "#fb8c00", "#757575"], nodes.Select(n => n.Colour));
        Assert.All(HeatmapDiagramMapper.Map(Heatmap, movable: true).Nodes, n => Assert.False(n.Locked));
    }

    [Fact]
    public void Edges_become_links_with_their_thickness_and_self_loops_are_left_out()
    {
        var (nodes, links) = HeatmapDiagramMapper.Map(Heatmap, movable: false);
        Assert.Equal(2, links.Count);
        Assert.Same(nodes[0], links[0].Source.Model);
        Assert.Same(nodes[1], links[0].Target.Model);
        Assert.Equal([6.0, 1.0], links.Select(l => l.Width));
        Assert.All(links, l => Assert.Equal(HeatmapDiagramMapper.EdgeColour, l.Color));
    }

    [Fact]
    public void Edges_take_the_colour_and_thickness_a_style_gives_them()
    {
        // The Compare page's way: /a -> /b red and 8 wide, the rest thin and grey.
        var (_, links) = HeatmapDiagramMapper.Map(Heatmap, movable: false, e => e.From == "/a" ? ("#e53935", 8) : ("#8a8fa366", 1));
        Assert.Equal([("#e53935", 8.0), ("#8a8fa366", 1.0)], links.Select(l => (l.Color, l.Width)));
    }

    [Fact]
    public void Highlight_colours_the_selected_pages_links_and_dims_the_others()
    {
        var (nodes, links) = HeatmapDiagramMapper.Map(Heatmap, movable: false);
        HeatmapDiagramMapper.Highlight(links, nodes[0]);
        Assert.Equal([HeatmapDiagramMapper.HighlightColour, HeatmapDiagramMapper.DimColour], links.Select(l => l.Color));
        HeatmapDiagramMapper.Highlight(links, nodes[1]); // /b has /a -> /b in and /b -> /c out
        Assert.All(links, l => Assert.Equal(HeatmapDiagramMapper.HighlightColour, l.Color));
        HeatmapDiagramMapper.Highlight(links, null);
        Assert.All(links, l => Assert.Equal(HeatmapDiagramMapper.EdgeColour, l.Color));
    }
}
