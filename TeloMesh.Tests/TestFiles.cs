using System.Text;
using TeloMesh.Core.Events;

namespace TeloMesh.Tests;

/// <summary>Helpers to read fixtures and CSV text written inside a test.</summary>
internal static class TestFiles
{
    public static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>
    /// Writes the tiny example (docs/metrics.md) to <paramref name="path"/> with every column renamed (who, when, where,
    /// what, visit) and the columns in reverse order: what a mapping has to undo.
    /// </summary>
    public static string RenamedTiny(string path)
    {
        var lines = File.ReadAllLines(Fixture("tiny", "events.csv"));
        File.WriteAllLines(path, lines.Select((line, i) =>
            i == 0 ? "visit,what,where,when,who" : string.Join(',', line.Split(',').Reverse())));
        return path;
    }

    public static IngestResult Read(string csv, IngestOptions? options = null) =>
        CsvEventReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), options);

    public static IngestResult ReadBytes(byte[] bytes, IngestOptions? options = null) =>
        CsvEventReader.Read(new MemoryStream(bytes), options);

    /// <summary>A fresh folder under the system temp folder, deleted when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "telomesh-tests-" + Guid.NewGuid().ToString("N"));

        public TempFolder() => Directory.CreateDirectory(Path);

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
