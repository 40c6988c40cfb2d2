using CsvHelper;
using TeloMesh.Cli;
using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Export;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Tests.Core.Hostile;

/// <summary>
/// Real data and outputs folders in a temporary folder: puts a file in place as a dataset's source, runs it through
/// <see cref="DatasetRunner"/> (what the dashboard runs) or the command line, and checks what was left on disk.
/// </summary>
internal sealed class HostileDatasets : IDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public string DataRoot => _folder.File("data");
    public string OutputsRoot => _folder.File("outputs");

    /// <summary>Every output of a finished analysis (rejected_rows.csv only when rows were rejected).</summary>
    public static readonly string[] AnalysisFiles =
    [
        OutputFileNames.SessionFlows, OutputFileNames.GraphMl, OutputFileNames.GraphJson, OutputFileNames.Chokepoints,
        OutputFileNames.FragileFlows, OutputFileNames.NodeMap, OutputFileNames.Metrics, OutputFileNames.SessionStats,
        OutputFileNames.DatasetInfo,
    ];

    public string File(string name) => _folder.File(name);

    public DatasetPaths Paths(string name) => DatasetPaths.Create(DataRoot, OutputsRoot, name);

    /// <summary>Stores <paramref name="bytes"/> as the source of dataset <paramref name="name"/>.</summary>
    public DatasetPaths Add(string name, byte[] bytes)
    {
        var paths = Paths(name);
        Directory.CreateDirectory(paths.DataDirectory);
        System.IO.File.WriteAllBytes(paths.EventsFile, bytes);
        return paths;
    }

    /// <summary>Stores fixture <c>Fixtures/hostile/{fixture}</c> as the source of dataset <paramref name="name"/>.</summary>
    public DatasetPaths AddFixture(string name, string fixture) =>
        Add(name, System.IO.File.ReadAllBytes(Fixture(fixture)));

    public static string Fixture(string name) => TestFiles.Fixture("hostile", name);

    public (IngestResult Ingest, AnalysisResult Result) Analyze(string name, AnalysisOptions? options = null, CancellationToken cancellationToken = default) =>
        DatasetRunner.AnalyzeAndWrite(Paths(name), options ?? AnalysisOptions.Default, TimeProvider.System, cancellationToken: cancellationToken);

    /// <summary>Analysing dataset <paramref name="name"/> fails with bad input; returns the message.</summary>
    public string Refused(string name) => Assert.Throws<InvalidInputException>(() => Analyze(name)).Message;

    /// <summary>Runs the command line against these folders.</summary>
    public (int Code, string Out, string Err) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run([.. args, "--data-dir", DataRoot, "--outputs-dir", OutputsRoot], output, error);
        return (code, output.ToString(), error.ToString());
    }

    public DatasetEntry Entry(string name) => Assert.Single(DatasetCatalog.List(DataRoot, OutputsRoot), d => d.Name == name);

    /// <summary>Nothing was written for the dataset: no output folder (or an empty one), and it does not read as analysed.</summary>
    public void AssertNothingWritten(string name)
    {
        var output = Paths(name).OutputDirectory;
        Assert.True(!Directory.Exists(output) || Directory.GetFileSystemEntries(output).Length == 0,
            $"outputs were written: {string.Join(", ", Directory.Exists(output) ? Directory.GetFileSystemEntries(output) : [])}");
        if (Paths(name).FindSource() is not null) Assert.False(Entry(name).IsAnalysed);
    }

    /// <summary>Every output is in place, dataset_info.json says the analysis finished, and no temporary file is left.</summary>
    public DatasetInfo AssertComplete(string name, bool withRejected)
    {
        var paths = Paths(name);
        Assert.True(Entry(name).IsAnalysed);
        foreach (var file in AnalysisFiles) Assert.True(System.IO.File.Exists(paths.Output(file)), file);
        Assert.Equal(withRejected, System.IO.File.Exists(paths.Output(OutputFileNames.RejectedRows)));
        Assert.Empty(Directory.GetFiles(paths.OutputDirectory, ".*"));
        return DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))!;
    }

    /// <summary>
    /// Like <see cref="AssertComplete"/>, but a killed process may have left temporary files (<c>.name.host.process-id.guid.tmp</c>): they
    /// never read as outputs, so they are allowed here.
    /// </summary>
    public DatasetInfo AssertCompleteIgnoringTemporaries(string name)
    {
        var paths = Paths(name);
        Assert.True(Entry(name).IsAnalysed);
        foreach (var file in AnalysisFiles) Assert.True(System.IO.File.Exists(paths.Output(file)), file);
        Assert.All(Directory.GetFiles(paths.OutputDirectory, ".*"), f => Assert.EndsWith(".tmp", f, StringComparison.Ordinal));
        return DatasetInfo.TryRead(paths.Output(OutputFileNames.DatasetInfo))!;
    }

    public string Output(string name, string file) => Paths(name).Output(file);

    /// <summary>The records of a CSV file TeloMesh wrote, header first, each cell as written (escapes kept).</summary>
    public static List<string[]> ReadCsv(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return ReadCsv(stream);
    }

    public static List<string[]> ReadCsv(Stream stream)
    {
        using var csv = CsvReader.Create(stream, new CsvReaderOptions { HasHeader = false, Separator = ',' }, leaveOpen: true);
        var rows = new List<string[]>();
        while (csv.Read())
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i) ?? "")]);
        return rows;
    }

    /// <summary>rejected_rows.csv as (line, reason, raw text) records.</summary>
    public List<(long Line, string Reason, string Raw)> Rejected(string name) =>
        [.. ReadCsv(Output(name, OutputFileNames.RejectedRows)).Skip(1).Select(r => (long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r[1], r[2]))];

    public void Dispose() => _folder.Dispose();
}
