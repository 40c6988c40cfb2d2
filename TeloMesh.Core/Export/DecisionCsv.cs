using TeloMesh.Core.Friction;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary><c>decision_table.csv</c> (docs/metrics.md section 13): <c>page,role,action,reason</c> first, then the numbers the rules read.</summary>
public static class DecisionCsv
{
    public static readonly string[] Header =
    [
        "page", "role", "action", "reason", "traffic", "exits", "sessions_starting", "exit_rate", "exit_rate_low", "exit_rate_high",
        "site_exit_rate", "betweenness", "score", "is_chokepoint", "projected_gain", "converting_share",
    ];

    public static void Write(string path, IEnumerable<DecisionRow> rows, double siteExitRate) =>
        SafeCsv.WriteFile(path, csv => Write(csv, rows, siteExitRate));

    /// <summary>The rows in their order; a gain or share that does not apply (no goals) is an empty cell.</summary>
    public static void Write(CsvHelper.CsvWriter csv, IEnumerable<DecisionRow> rows, double siteExitRate)
    {
        csv.WriteHeader(Header);
        foreach (var r in rows)
        {
            csv.WriteField(Bidi.Isolate(r.Page));
            csv.WriteField(DecisionTable.Name(r.Role));
            csv.WriteField(DecisionTable.Name(r.Action));
            csv.WriteField(Bidi.Isolate(r.Reason));
            csv.WriteField(r.Traffic, default);
            csv.WriteField(r.Exits, default);
            csv.WriteField(r.Starts, default);
            csv.WriteField(r.ExitRate, default);
            csv.WriteField(r.ExitRateLow, default);
            csv.WriteField(r.ExitRateHigh, default);
            csv.WriteField(siteExitRate, default);
            csv.WriteField(r.Betweenness, default);
            csv.WriteField(r.Score, default);
            csv.WriteField(r.IsChokepoint ? 1 : 0, default);
            if (double.IsNaN(r.Gain)) csv.WriteField("");
            else csv.WriteField(r.Gain, default);
            if (double.IsNaN(r.ConvertingShare)) csv.WriteField("");
            else csv.WriteField(r.ConvertingShare, default);
            csv.EndRecord();
        }
    }
}
