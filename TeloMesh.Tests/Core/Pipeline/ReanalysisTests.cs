using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Graph;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Pipeline;

/// <summary>
/// Re-analysing loaded events with other options reuses what those options do not change, and gives exactly the
/// numbers a fresh analysis gives.
/// </summary>
public class ReanalysisTests
{
    private static readonly IngestResult Tiny = CsvEventReader.ReadFile(TestFiles.Fixture("tiny", "events.csv"));

    [Theory]
    [InlineData(BetweennessMode.Hops, 0.9)]
    [InlineData(BetweennessMode.Reference, 0.5)]
    [InlineData(BetweennessMode.Probability, 0.75)]
    public void Another_mode_or_percentile_reuses_the_sessions_and_matches_a_fresh_analysis(BetweennessMode mode, double percentile)
    {
        var first = AnalysisPipeline.Analyze(Tiny.Events, AnalysisOptions.Default);
        var options = new AnalysisOptions { Betweenness = mode, ChokepointPercentile = percentile };

        var again = AnalysisPipeline.Analyze(Tiny.Events, options, previous: first);
        var fresh = AnalysisPipeline.Analyze(Tiny.Events, options);

        Assert.Same(first.Aggregates, again.Aggregates);
        Assert.Same(first.Graph, again.Graph);
        Assert.Equal(fresh.Betweenness, again.Betweenness);
        Assert.Equal(fresh.Friction.Points, again.Friction.Points);
        Assert.Equal(fresh.Friction.ChokepointThreshold, again.Friction.ChokepointThreshold);
        Assert.Equal(fresh.Friction.FragileFlows.Select(f => f.SessionId), again.Friction.FragileFlows.Select(f => f.SessionId));
    }

    [Fact]
    public void Another_session_gap_or_compatibility_mode_starts_again()
    {
        var first = AnalysisPipeline.Analyze(Tiny.Events, AnalysisOptions.Default);
        Assert.NotSame(first.Aggregates, AnalysisPipeline.Analyze(Tiny.Events, new AnalysisOptions { SessionGap = TimeSpan.FromMinutes(5) }, previous: first).Aggregates);
        Assert.NotSame(first.Graph, AnalysisPipeline.Analyze(Tiny.Events, new AnalysisOptions { Compat = CompatMode.TeloMesh }, previous: first).Graph);
    }

    [Fact]
    public void Rewriting_after_a_reanalysis_replaces_only_the_friction_files()
    {
        using var temp = new TestFiles.TempFolder();
        var paths = DatasetPaths.Create(temp.File("data"), temp.File("outputs"), "tiny");
        Directory.CreateDirectory(paths.DataDirectory);
        File.Copy(TestFiles.Fixture("tiny", "events.csv"), paths.EventsFile);
        var (ingest, first) = DatasetRunner.AnalyzeAndWrite(paths, AnalysisOptions.Default, TimeProvider.System);
        // Mark the files that do not depend on betweenness: a re-analysis must leave them alone.
        File.WriteAllText(paths.Output(OutputFileNames.SessionFlows), "untouched");
        File.WriteAllText(paths.Output(OutputFileNames.Metrics), "untouched");
        var hops = new AnalysisOptions { Betweenness = BetweennessMode.Hops };

        var again = DatasetRunner.AnalyzeAndWrite(paths, ingest, hops, TimeProvider.System, previous: first);

        Assert.Equal("untouched", File.ReadAllText(paths.Output(OutputFileNames.SessionFlows)));
        Assert.Equal("untouched", File.ReadAllText(paths.Output(OutputFileNames.Metrics)));
        using var fresh = new TestFiles.TempFolder();
        CsvExports.WriteChokepoints(fresh.File("expected.csv"), AnalysisPipeline.Analyze(ingest.Events, hops).Friction.Points);
        Assert.Equal(File.ReadAllText(fresh.File("expected.csv")), File.ReadAllText(paths.Output(OutputFileNames.Chokepoints)));
        var info = DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))!;
        Assert.Equal("hops", info.Options!.Betweenness);
        Assert.NotNull(info.AnalysedUtc);
        Assert.Null(info.BetweennessEstimate);
        Assert.Same(first.Aggregates, again.Aggregates);
    }
}
