using System.Text;
using CsvHelper;

namespace TeloMesh.Core.Events;

/// <summary>The start of a CSV file, for the column-mapping step: its header, first rows and the columns it lacks.</summary>
public sealed record CsvPreview(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, char Delimiter, IReadOnlyList<string> MissingColumns)
{
    /// <summary>Reads the header and up to <paramref name="rows"/> records of <paramref name="path"/>.</summary>
    public static CsvPreview Read(string path, int rows = 10, ColumnMapping? columns = null)
    {
        using var stream = File.OpenRead(path);
        var separator = HeaderSeparator.Detect(stream, out var input);
        using var reader = CsvReader.Create(input, new CsvReaderOptions { Separator = separator, SkipEmptyLines = true, MalformedData = CsvMalformedDataHandling.Recover }, leaveOpen: true);
        reader.ReadHeader();
        var header = reader.Headers.ToList();
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new InvalidInputException("The file is empty: expected a header line with user_id, timestamp, page, event.");
        CsvEventReader.CheckHeader(header);
        var preview = new List<IReadOnlyList<string>>();
        while (preview.Count < rows && reader.Read())
            preview.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.GetSpan(i)))]);
        var missing = ColumnPositions.Missing(header, columns ?? ColumnMapping.Default);
        return new CsvPreview(header, preview, reader.Separator, missing);
    }
}
