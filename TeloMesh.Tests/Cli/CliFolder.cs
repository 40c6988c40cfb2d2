using TeloMesh.Cli;

namespace TeloMesh.Tests.Cli;

/// <summary>The command line run in-process, with its data and outputs roots in a temporary folder of real files.</summary>
internal sealed class CliFolder : IDisposable
{
    private readonly TestFiles.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A path inside the folder.</summary>
    public string File(string name) => _folder.File(name);

    /// <summary>Runs the command line with <paramref name="args"/> and the folder's roots; its exit code and what it wrote.</summary>
    public (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run([.. args, "--data-dir", File("data"), "--outputs-dir", File("outputs")], output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>An output file of a dataset.</summary>
    public string Output(string dataset, string file) => Path.Combine(File("outputs"), dataset, file);
}
