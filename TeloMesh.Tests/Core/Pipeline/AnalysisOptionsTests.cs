using TeloMesh.Core.Events;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Pipeline;

/// <summary>One validator for the options every face sets: its bounds are the ones written in AnalysisLimits' docs.</summary>
public class AnalysisOptionsTests
{
    [Theory]
    [InlineData(0.5, true)]
    [InlineData(10080, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(10080.5, false)]
    public void The_session_gap_is_more_than_0_and_at_most_a_week(double minutes, bool fine) =>
        Assert.Equal(fine, new AnalysisOptions { SessionGap = TimeSpan.FromMinutes(minutes) }.Problems().Count == 0);

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.999, true)]
    [InlineData(0.4999, false)]
    [InlineData(1.0, false)]
    public void The_percentile_is_from_50_to_99_9(double percentile, bool fine) =>
        Assert.Equal(fine, new AnalysisOptions { ChokepointPercentile = percentile }.Problems().Count == 0);

    [Fact]
    public void Every_problem_is_named_with_what_is_expected()
    {
        var options = new AnalysisOptions { ChokepointPercentile = 0.3, BetweennessSampleAbove = 2, BetweennessSamples = 1 };

        var e = Assert.Throws<InvalidInputException>(() => options.Validated());

        Assert.Equal("The chokepoint percentile must be a percentile from 50 to 99.9 (90 = the worst tenth); got 30. " +
            "The page count above which betweenness is estimated must be a whole number of at least 3; got 2. " +
            "The number of sampled source pages must be a whole number of at least 2; got 1.", e.Message);
        Assert.Same(AnalysisOptions.Default, AnalysisOptions.Default.Validated());
        Assert.Equal(0.9, AnalysisOptions.Default.ChokepointPercentile);
    }
}
