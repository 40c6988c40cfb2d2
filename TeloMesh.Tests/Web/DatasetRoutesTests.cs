using System.Reflection;
using Microsoft.AspNetCore.Components;
using TeloMesh.Core.Heatmap;
using TeloMesh.Web.Components.Pages;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

/// <summary>Every URL of the dashboard comes from <see cref="DatasetRoutes"/>; the expected strings are written out by hand.</summary>
public class DatasetRoutesTests
{
    [Fact]
    public void Page_links_are_relative_to_the_base_and_escape_the_name()
    {
        // ' ' is %20 in a path segment (Uri.EscapeDataString), not '+'.
        Assert.Equal("datasets/my%20shop/friction", DatasetRoutes.Friction("my shop"));
        Assert.Equal("datasets/my%20shop/heatmap", DatasetRoutes.Heatmap("my shop"));
        Assert.Equal("datasets/my%20shop/flows", DatasetRoutes.Flows("my shop"));
        Assert.Equal("datasets/my%20shop/compare", DatasetRoutes.Compare("my shop"));
        Assert.Equal("/datasets/shop/friction", DatasetRoutes.Rooted(DatasetRoutes.Friction("shop")));
        Assert.Equal(("datasets", "upload", "clickhouse"), (DatasetRoutes.Datasets, DatasetRoutes.Upload, DatasetRoutes.ClickHouse));
    }

    [Fact]
    public void The_tabs_are_the_seven_dataset_pages_in_order()
    {
        Assert.Equal([new("Friction points", "friction"), new("Decisions", "decisions"), new("Flow heatmap", "heatmap"), new("Fragile flows", "flows"), new("Transitions", "transitions"),
            new("Paths", "paths"), new DatasetTab("Compare", "compare")],
            DatasetRoutes.Tabs);
        Assert.Equal("datasets/a.b/heatmap", DatasetRoutes.Page("a.b", DatasetRoutes.Tabs[2].Slug));
    }

    [Theory]
    [InlineData(typeof(Datasets), new[] { "/", "/datasets" })]
    [InlineData(typeof(Upload), new[] { "/upload" })]
    [InlineData(typeof(ClickHouseSource), new[] { "/clickhouse" })]
    [InlineData(typeof(Friction), new[] { "/datasets/{Name}/friction" })]
    [InlineData(typeof(Heatmap), new[] { "/datasets/{Name}/heatmap" })]
    [InlineData(typeof(FragileFlows), new[] { "/datasets/{Name}/flows" })]
    [InlineData(typeof(Transitions), new[] { "/datasets/{Name}/transitions" })]
    [InlineData(typeof(Decisions), new[] { "/datasets/{Name}/decisions" })]
    [InlineData(typeof(Compare), new[] { "/datasets/{Name}/compare" })]
    [InlineData(typeof(TeloMesh.Web.Components.Pages.Paths), new[] { "/datasets/{Name}/paths" })]
    public void The_pages_keep_their_addresses(Type page, string[] templates) =>
        Assert.Equal(templates, page.GetCustomAttributes<RouteAttribute>().Select(r => r.Template).Order(StringComparer.Ordinal));

    [Fact]
    public void Each_tab_link_is_its_pages_route_with_the_name_filled_in()
    {
        var pages = new Dictionary<string, Type>
        {
            ["friction"] = typeof(Friction),
            ["heatmap"] = typeof(Heatmap),
            ["flows"] = typeof(FragileFlows),
            ["transitions"] = typeof(Transitions),
            ["decisions"] = typeof(Decisions),
            ["compare"] = typeof(Compare),
            ["paths"] = typeof(TeloMesh.Web.Components.Pages.Paths),
        };
        foreach (var tab in DatasetRoutes.Tabs)
        {
            var template = pages[tab.Slug].GetCustomAttribute<RouteAttribute>()!.Template;
            Assert.Equal(template.Replace("{Name}", "my%20shop", StringComparison.Ordinal), DatasetRoutes.Rooted(DatasetRoutes.Page("my shop", tab.Slug)));
        }
    }

    [Fact]
    public void Endpoint_links_escape_names_files_and_sessions()
    {
        Assert.Equal("api/datasets/shop/source", DatasetRoutes.Source("shop"));
        Assert.Equal("api/datasets/my%20shop/files/rejected_rows.csv", DatasetRoutes.OutputFile("my shop", "rejected_rows.csv"));
        // A session id that is a URL: ':' is %3A, '/' is %2F (which the endpoint reads back), ' ' is %20.
        Assert.Equal("api/datasets/shop/export/fragile-flows/https%3A%2F%2Fx%2Fs%201.csv", DatasetRoutes.FlowCsv("shop", "https://x/s 1"));
    }

    [Fact]
    public void Export_links_carry_the_filter_as_the_page_shows_it()
    {
        Assert.Equal("api/datasets/shop/export/friction.csv", DatasetRoutes.FrictionCsv("shop", new FrictionFilter()));
        // '&' inside a value is %26, so it cannot start another parameter; 0.1 is written with a point whatever the culture.
        Assert.Equal("api/datasets/shop/export/friction.csv?q=a%26b&top=0.1&chokepoints=1&page=%2Fcart",
            DatasetRoutes.FrictionCsv("shop", new FrictionFilter { Search = "a&b", TopShare = 0.1, ChokepointsOnly = true, Page = "/cart" }));
        Assert.Equal("api/datasets/shop/export/fragile-flows.csv?minLength=2&minChokepoints=3",
            DatasetRoutes.FlowsCsv("shop", new FlowFilter { MinChokepoints = 3 }));
        Assert.Equal("api/datasets/shop/export/heatmap.html?view=all", DatasetRoutes.HeatmapHtml("shop", HeatmapView.All, allEdges: false));
        Assert.Equal("api/datasets/shop/export/heatmap.html?view=top10&edges=all", DatasetRoutes.HeatmapHtml("shop", HeatmapView.Top10, allEdges: true));
        Assert.Equal("api/datasets/shop/export/heatmap.html?view=top50&pin=%2Fa%20b&pin=%2Fc",
            DatasetRoutes.HeatmapHtml("shop", HeatmapView.Top50, allEdges: false, pinned: ["/a b", "/c"]));
    }

    [Fact]
    public void The_report_and_evidence_links_carry_the_pair_and_the_view()
    {
        Assert.Equal("api/datasets/my%20shop/export/report.html", DatasetRoutes.ReportHtml("my shop"));
        var ios = new TeloMesh.Core.Journeys.Slice(Column: "platform", Value: "ios");
        Assert.Equal("api/datasets/shop/export/report.html?filter-column=platform&filter-value=ios", DatasetRoutes.ReportHtml("shop", ios));
        // The page and event as query values: '&' is %26 and '/' %2F, so a name cannot start another parameter.
        Assert.Equal("api/datasets/shop/export/evidence.csv?page=%2Fcart&event=Add%20%26%20pay", DatasetRoutes.EvidenceCsv("shop", "/cart", "Add & pay"));
        Assert.Equal("api/datasets/shop/export/evidence.csv?page=%2Fcart&event=View&filter-column=platform&filter-value=ios",
            DatasetRoutes.EvidenceCsv("shop", "/cart", "View", ios));
    }
}
