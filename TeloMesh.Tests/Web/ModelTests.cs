using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Components.Controls;
using TeloMesh.Web.Model;

namespace TeloMesh.Tests.Web;

public class ModelTests
{
    private static FragileFlow Flow(string id, int steps, int chokepoints) =>
        new(id, "u", [.. Enumerable.Range(0, steps).Select(i => new FlowStep(i, "/p", "e", 0, 0.5, i < chokepoints))]);

    [Fact]
    public void Flow_filter_keeps_long_enough_flows_with_enough_chokepoints()
    {
        var report = new FrictionReport([], 0.5, [Flow("a", 2, 2), Flow("b", 6, 2), Flow("c", 6, 4)], new Dictionary<string, double>());
        Assert.Equal(["a", "b", "c"], new FlowFilter().Apply(report).Select(f => f.SessionId));
        Assert.Equal(["b", "c"], new FlowFilter { MinLength = 5 }.Apply(report).Select(f => f.SessionId));
        Assert.Equal(["c"], new FlowFilter { MinChokepoints = 3 }.Apply(report).Select(f => f.SessionId));
        var filter = new FlowFilter { MinLength = 5, MinChokepoints = 3 };
        Assert.Equal(filter, FlowFilter.FromQuery(new Dictionary<string, string?> { ["minLength"] = "5", ["minChokepoints"] = "3" }));
        Assert.Equal("?minLength=5&minChokepoints=3", filter.ToQuery());
        Assert.Equal("-min5steps-min3chokepoints", filter.FileSuffix());
    }

    [Theory]
    [InlineData("/checkout/payment", "checkout-payment")]
    [InlineData("Add to Cart", "add-to-cart")]
    [InlineData("<script>", "script")]
    [InlineData("///", "x")]
    public void File_name_slugs_keep_letters_and_digits(string text, string slug) => Assert.Equal(slug, FileNames.Slug(text));

    [Fact]
    public void Column_guess_recognises_vendor_names_and_completeness_is_checked()
    {
        string[] header = ["distinct_id", "time", "$current_url", "event_name", "platform"];
        var guess = ColumnMapping.Guess(header);
        Assert.Equal(("distinct_id", "time", "$current_url", "event_name"), (guess.User, guess.Timestamp, guess.Page, guess.Event));
        Assert.True(ColumnMappingForm.IsComplete(guess, header));
        Assert.False(ColumnMappingForm.IsComplete(ColumnMapping.Default, ["user_id", "when", "page", "event"]));
    }

    [Fact]
    public void Dataset_rows_describe_the_range_and_options()
    {
        var info = new DatasetInfo
        {
            Name = "x",
            SourceFile = "x.csv",
            FirstEventUtc = new DateTime(2025, 3, 1, 9, 0, 0, DateTimeKind.Utc),
            LastEventUtc = new DateTime(2025, 3, 3, 10, 0, 0, DateTimeKind.Utc),
            Options = new AnalysisOptionsInfo(45, "hops", "telomesh", false, 0.9),
        };
        Assert.Equal("2025-03-01 – 2025-03-03", DatasetRow.DateRange(info));
        Assert.Equal("gap 45 min, hops, compat", DatasetRow.OptionsText(info));
        Assert.Equal("not analysed yet", DatasetRow.DateRange(null));
    }
}
