using AngleSharp.Html.Parser;

namespace TeloMesh.Tests.Cli;

/// <summary>
/// <c>report</c> (docs/metrics.md sections 12 and 15) on the tiny fixture: one HTML file in the dataset's outputs (or where
/// <c>--output</c> says), the dataset's other files left as they are, and the latest comparison in it once one was made.
/// </summary>
public sealed class CliReportTests : IDisposable
{
    private readonly CliFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private (int Code, string Out, string Err) Run(params string[] args) => _folder.Run(args);

    private void Tiny(string name = "t") => Assert.Equal(0, Run("--input-file", TestFiles.Fixture("tiny", "events.csv"), "--dataset", name).Code);

    [Fact]
    public void Report_writes_one_html_file_and_leaves_the_other_outputs_alone()
    {
        Tiny();
        var chokepoints = _folder.Output("t", "event_chokepoints.csv");
        var (bytes, written) = (File.ReadAllBytes(chokepoints), File.GetLastWriteTimeUtc(chokepoints));
        var (code, output, error) = Run("report", "--dataset", "t", "--goal-page", "/checkout");
        Assert.True(code == 0, error);
        var file = _folder.Output("t", "report.html");
        Assert.Contains($"Report written to {file}", output, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(File.ReadAllText(file));
        Assert.Equal("TeloMesh report · t", document.QuerySelector("h1")!.TextContent);
        foreach (var section in new[] { "summary", "decisions", "friction", "heatmap", "paths", "health", "options" })
            Assert.NotNull(document.QuerySelector($"section#{section}"));
        Assert.Null(document.QuerySelector("section#comparison"));
        Assert.Contains("Goals: page /checkout.", document.QuerySelector("#summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(chokepoints));
        Assert.Equal(written, File.GetLastWriteTimeUtc(chokepoints));
    }

    [Fact]
    public void After_a_compare_the_report_shows_that_comparison()
    {
        Tiny("a");
        Tiny("b");
        var (code, _, error) = Run("compare", "--dataset", "b", "--against", "a", "--min-support", "1");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(_folder.Output("b", "comparison.json")));
        Assert.Equal(0, Run("report", "--dataset", "b").Code);
        var section = new HtmlParser().ParseDocument(File.ReadAllText(_folder.Output("b", "report.html"))).QuerySelector("#comparison")!;
        Assert.Contains("A: dataset 'a':", section.TextContent, StringComparison.Ordinal);
        Assert.Contains("B: dataset 'b':", section.TextContent, StringComparison.Ordinal);
        // The same events on both sides: nothing changed.
        Assert.Contains("0 significant (q < 0.05), 0 of them worse.", section.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_names_the_file()
    {
        Tiny();
        var file = _folder.File("shared/for-the-team.html");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var (code, _, error) = Run("report", "--dataset", "t", "--output", file);
        Assert.True(code == 0, error);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Output("t", "report.html")));
    }

    [Fact]
    public void Help_says_what_the_report_holds()
    {
        var (code, output, _) = Run("report", "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage: dotnet run --project TeloMesh.Cli -- report --dataset NAME [--output FILE]", output, StringComparison.Ordinal);
        Assert.Contains("--output, -o FILE", output, StringComparison.Ordinal);
        Assert.Contains("report --dataset NAME", Run("--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_without_events_exits_2_saying_what_to_give()
    {
        var (code, _, error) = Run("report", "--dataset", "nothing");
        Assert.Equal(2, code);
        Assert.Contains("Dataset 'nothing' has no events to report on: import a file first (--input-file PATH --dataset nothing)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_reads_the_dataset_as_it_is_and_imports_nothing()
    {
        var (code, _, error) = Run("report", "--dataset", "t", "--input-file", TestFiles.Fixture("tiny", "events.csv"));
        Assert.Equal(2, code);
        Assert.Contains("Unknown option '--input-file'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_import_drops_the_comparison_of_the_events_it_replaces()
    {
        Tiny("a");
        Tiny("b");
        Assert.Equal(0, Run("compare", "--dataset", "b", "--against", "a", "--min-support", "1").Code);
        Assert.True(File.Exists(_folder.Output("b", "comparison.json")));
        Tiny("b");
        Assert.False(File.Exists(_folder.Output("b", "comparison.json")));
        Assert.False(File.Exists(_folder.Output("b", "comparison.csv")));
    }
}
