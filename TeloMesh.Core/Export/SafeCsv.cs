using CsvHelper;

namespace TeloMesh.Core.Export;

/// <summary>
/// The CSV dialect of every file TeloMesh writes: comma separated, LF line ends, UTF-8 without BOM, numbers in the
/// invariant culture as the shortest text that round-trips, and text cells that start with <c>= + - @</c>, tab or CR
/// prefixed with <c>'</c> so a spreadsheet shows them as text instead of running them (formula injection).
/// </summary>
public static class SafeCsv
{
    public static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\n",
        Injection = CsvInjection.Escape,
    };

    public static CsvWriter Create(Stream stream) => CsvWriter.Create(stream, Options, leaveOpen: true);

    /// <summary>Writes a CSV file atomically.</summary>
    public static void WriteFile(string path, Action<CsvWriter> write) =>
        AtomicFile.Write(path, stream =>
        {
            using var csv = Create(stream);
            write(csv);
            csv.Flush();
        });
}
