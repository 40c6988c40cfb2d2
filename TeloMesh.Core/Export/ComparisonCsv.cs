using CsvHelper;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary><c>comparison.csv</c> (docs/metrics.md section 9): one row per test, in the comparison's order.</summary>
public static class ComparisonCsv
{
    /// <summary>The file's name in the dataset's outputs.</summary>
    public const string FileName = "comparison.csv";

    public static readonly string[] Header =
        ["kind", "page", "event", "to_page", "count_a", "total_a", "count_b", "total_b", "rate_a", "rate_b", "difference", "z", "p", "q", "impact"];

    public static void Write(string path, IEnumerable<Change> changes) => SafeCsv.WriteFile(path, csv => Write(csv, changes));

    /// <summary>Writes the header and one row per change to <paramref name="csv"/> (the dashboard's download streams it).</summary>
    public static void Write(CsvWriter csv, IEnumerable<Change> changes)
    {
        csv.WriteHeader(Header);
        foreach (var c in changes)
        {
            csv.WriteField(c.Kind.ToString().ToLowerInvariant());
            csv.WriteField(Bidi.Isolate(c.Page));
            csv.WriteField(Bidi.Isolate(c.Event));
            csv.WriteField(Bidi.Isolate(c.ToPage));
            csv.WriteField(c.CountA, default);
            csv.WriteField(c.TotalA, default);
            csv.WriteField(c.CountB, default);
            csv.WriteField(c.TotalB, default);
            csv.WriteField(c.RateA, default);
            csv.WriteField(c.RateB, default);
            csv.WriteField(c.Difference, default);
            csv.WriteField(c.Z, default);
            csv.WriteField(c.P, default);
            csv.WriteField(c.Q, default);
            csv.WriteField(c.Impact, default);
            csv.EndRecord();
        }
    }
}
