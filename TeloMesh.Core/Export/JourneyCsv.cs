using TeloMesh.Core.Friction;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary><c>transition_pairs.csv</c> and <c>loops.csv</c> (docs/metrics.md section 10).</summary>
public static class JourneyCsv
{
    public static readonly string[] TransitionPairsHeader =
    [
        "from_page", "to_page", "transitions", "sessions", "probability", "median_seconds", "p95_seconds", "from_chokepoint", "to_chokepoint",
        "from_score", "to_score",
    ];

    public static readonly string[] LoopsHeader = ["page", "other_page", "sessions", "occurrences"];

    public static readonly string[] PathsHeader = ["step", "from", "to", "sessions"];

    /// <summary><c>paths_from.csv</c> or <c>paths_to.csv</c>: the links in their order.</summary>
    public static void WritePaths(string path, IEnumerable<Journeys.PathLink> links) => SafeCsv.WriteFile(path, csv => WritePaths(csv, links));

    public static void WritePaths(CsvHelper.CsvWriter csv, IEnumerable<Journeys.PathLink> links)
    {
        csv.WriteHeader(PathsHeader);
        foreach (var l in links)
        {
            csv.WriteField(l.Step, default);
            csv.WriteField(Bidi.Isolate(l.From));
            csv.WriteField(Bidi.Isolate(l.To));
            csv.WriteField(l.Sessions, default);
            csv.EndRecord();
        }
    }

    public static void WriteTransitionPairs(string path, IEnumerable<TransitionPair> rows) =>
        SafeCsv.WriteFile(path, csv => WriteTransitionPairs(csv, rows));

    public static void WriteTransitionPairs(CsvHelper.CsvWriter csv, IEnumerable<TransitionPair> rows)
    {
        csv.WriteHeader(TransitionPairsHeader);
        foreach (var r in rows)
        {
            csv.WriteField(Bidi.Isolate(r.FromPage));
            csv.WriteField(Bidi.Isolate(r.ToPage));
            csv.WriteField(r.Transitions, default);
            csv.WriteField(r.Sessions, default);
            csv.WriteField(r.Probability, default);
            csv.WriteField(r.MedianSeconds, default);
            csv.WriteField(r.P95Seconds, default);
            csv.WriteField(r.FromChokepoint ? 1 : 0, default);
            csv.WriteField(r.ToChokepoint ? 1 : 0, default);
            csv.WriteField(r.FromScore, default);
            csv.WriteField(r.ToScore, default);
            csv.EndRecord();
        }
    }

    public static void WriteLoops(string path, IEnumerable<Loop> rows) =>
        SafeCsv.WriteFile(path, csv => WriteLoops(csv, rows));

    public static void WriteLoops(CsvHelper.CsvWriter csv, IEnumerable<Loop> rows)
    {
        csv.WriteHeader(LoopsHeader);
        foreach (var r in rows)
        {
            csv.WriteField(Bidi.Isolate(r.Page));
            csv.WriteField(Bidi.Isolate(r.OtherPage));
            csv.WriteField(r.Sessions, default);
            csv.WriteField(r.Occurrences, default);
            csv.EndRecord();
        }
    }
}
