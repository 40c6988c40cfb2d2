using TeloMesh.Core.Events;
using TeloMesh.Core.Heatmap;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Tests.Core.Heatmap;

/// <summary>
/// The path diagram's layout on the tiny fixture's paths from /product, 3 steps (worked out in PathsTests): 7 sessions;
/// step 1 /cart 3, /help 1, (end) 3. The tallest column holds 7 sessions in 480 px, so a session is 480/7 px.
/// </summary>
public class PathDiagramTests
{
    private static readonly PathResult FromProduct = Paths.Compute(
        Sessionizer.Build(CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events, SessionOptions.Default), GoalSet.None,
        new PathQuery("/product", Steps: 3));

    private const double Session = 480.0 / 7;

    [Fact]
    public void Nodes_stand_in_columns_pages_first_by_sessions_then_the_ends_with_heights_by_sessions()
    {
        var diagram = new PathDiagram(FromProduct);
        var step1 = diagram.Nodes.Where(n => n.Step == 1).ToList();
        Assert.Equal(["/cart", "/help", "(end)"], step1.Select(n => n.Name));
        Assert.All(step1, n => Assert.Equal(20 + 200, n.X));
        // y: 20, then 20 + 3 sessions + the 10 px gap, then that + 1 session + 10.
        Assert.Equal([20, 20 + 3 * Session + 10, 20 + 4 * Session + 20], step1.Select(n => n.Y), new Tolerance());
        Assert.Equal([3 * Session, Session, 3 * Session], step1.Select(n => n.Height), new Tolerance());
        var start = Assert.Single(diagram.Nodes, n => n.Step == 0);
        Assert.Equal(("/product", 7, 1.0, 480.0), (start.Name, start.Sessions, start.Share, start.Height));
        Assert.Equal(3.0 / 7, step1[0].Share, 12);
        // Width: two margins, three columns of 200 px, the last node and its label's room; height: margins and 7 sessions with two gaps.
        Assert.Equal((2 * 20 + 3 * 200 + 14 + 140.0, 2 * 20 + 480 + 2 * 10.0), (diagram.Width, diagram.Height));
    }

    [Fact]
    public void A_band_leaves_its_source_in_its_targets_order_and_keeps_its_thickness()
    {
        var bands = new PathDiagram(FromProduct).Bands.Where(b => b.Link.Step == 1).ToList();
        Assert.Equal(["/cart", "/help", "(end)"], bands.Select(b => b.Link.To));
        // Out of /product (y 20): /cart's 3 sessions first, then /help's one, then (end)'s 3; each lands at its target's top.
        Assert.Equal([20, 20 + 3 * Session, 20 + 4 * Session], bands.Select(b => b.Y0), new Tolerance());
        Assert.Equal([20, 20 + 3 * Session + 10, 20 + 4 * Session + 20], bands.Select(b => b.Y1), new Tolerance());
        Assert.Equal([3 * Session, Session, 3 * Session], bands.Select(b => b.Thickness), new Tolerance());
        Assert.All(bands, b => Assert.Equal((20 + 14.0, 220.0), (b.X0, b.X1)));
        Assert.Equal(3.0 / 7, bands[0].Share, 12);
        Assert.StartsWith("M34,20 C127,20 127,20 220,20 L220,225.71 ", bands[0].Svg(), StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_to_a_page_read_left_to_right_with_the_page_last()
    {
        var to = Paths.Compute(Sessionizer.Build(CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv")).Events, SessionOptions.Default),
            GoalSet.None, new PathQuery("/cart", PathDirection.To, Steps: 2));
        var diagram = new PathDiagram(to);
        // /cart (n0) on the right, /search (n2) on the left; the band /cart <- /product runs from /product (left) to /cart.
        Assert.Equal([(0, 420.0), (1, 220.0), (2, 20.0)], diagram.Nodes.Select(n => (n.Step, n.X)));
        var band = diagram.Bands.Single(b => b.Link.Step == 1);
        Assert.Equal((220 + 14.0, 420.0), (band.X0, band.X1));
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double obj) => 0;
    }
}
