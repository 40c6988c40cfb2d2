using TeloMesh.Core.Comparison;
using TeloMesh.Core.Export;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Tests.Core.Export;

/// <summary>The latest comparison kept as <c>comparison.json</c> reads back as it was written, numbers to the last bit.</summary>
public sealed class LatestComparisonTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("telomesh-latest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_comparison_reads_back_as_written_with_a_z_test_of_no_spread_as_NaN()
    {
        var written = new ComparisonResult(new SliceSummary("platform = <b>ios</b>", 41, 7), new SliceSummary("platform = web", 39, 12), (0.1 + 0.2, 1.0 / 3),
            [
                new Change(ChangeKind.Exit, "/pay", "Click \"now\"", "", 4, 40, 8, 40, 1.2345678901234567, 0.005, 0.01),
                // Both rates 0: the pooled spread is 0, z and p are not numbers.
                new Change(ChangeKind.Transition, "/cart", "", "/gift", 0, 36, 0, 32, double.NaN, double.NaN, double.NaN),
                new Change(ChangeKind.Conversion, "/cart", "View", "", 20, 30, 10, 30, -2.5, 0.0124, 0.0186),
            ], MinSupport: 30, Hidden: 4, WithGoals: true)
        { Overlap = 3 };
        var path = Path.Combine(_folder, LatestComparison.FileName);
        var made = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        var key = new AggregationKey(TimeSpan.FromMinutes(45), new GoalSet(["/thanks"], ["Purchase"]), PageRules: TeloMesh.Core.Grouping.PageRules.Parse("/p/* => /p/:id"));
        LatestComparison.Write(path, written, made, key);
        var read = LatestComparison.TryRead(path)!;
        Assert.Equal(made, read.MadeUtc);
        Assert.True(read.CountedAs(key));
        Assert.True(read.CountedAs(key with { Filter = new Slice(Column: "platform", Value: "ios") }), "a comparison slices every session: a view's filter does not matter");
        Assert.False(read.CountedAs(key with { SessionGap = TimeSpan.FromMinutes(30) }));
        Assert.False(read.CountedAs(key with { Goals = new GoalSet(["/thanks"], []) }));
        Assert.False(read.CountedAs(key with { PageRules = TeloMesh.Core.Grouping.PageRules.None }));
        Assert.Equal(DateTimeKind.Utc, read.MadeUtc.Kind);
        var r = read.Result;
        Assert.Equal((written.A, written.B, written.MinSupport, written.Hidden, written.WithGoals, written.Overlap), (r.A, r.B, r.MinSupport, r.Hidden, r.WithGoals, r.Overlap));
        Assert.Equal(written.ConversionTest, r.ConversionTest);
        Assert.Equal(written.Changes.Count, r.Changes.Count);
        Assert.Equal(written.Changes[0], r.Changes[0]);
        Assert.Equal(written.Changes[2], r.Changes[2]);
        Assert.True(double.IsNaN(r.Changes[1].Z) && double.IsNaN(r.Changes[1].Q));
        Assert.False(r.Changes[1].Significant);
    }

    [Fact]
    public void Without_goals_there_is_no_conversion_test()
    {
        var path = Path.Combine(_folder, LatestComparison.FileName);
        LatestComparison.Write(path, new ComparisonResult(new SliceSummary("A", 1, 0), new SliceSummary("B", 1, 0), null, [], 30, 0, false), DateTime.UnixEpoch,
            new AggregationKey(TimeSpan.FromMinutes(30)));
        Assert.Null(LatestComparison.TryRead(path)!.Result.ConversionTest);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{\"made_utc\": \"2026-12-01T08:00:00Z\"}")]
    [InlineData("not json")]
    public void A_missing_or_unreadable_file_is_no_comparison(string? text)
    {
        var path = Path.Combine(_folder, LatestComparison.FileName);
        if (text is not null) File.WriteAllText(path, text);
        Assert.Null(LatestComparison.TryRead(path));
    }
}
