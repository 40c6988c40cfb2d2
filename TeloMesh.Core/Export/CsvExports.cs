using CsvHelper;
using TeloMesh.Core.Events;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary>Writes the CSV outputs of docs/metrics.md section 6 (see <see cref="SafeCsv"/> for the dialect).</summary>
public static class CsvExports
{
    /// <summary><c>session_flows.csv</c>: a row per step, sessions in id order (see <see cref="SessionFlowsWriter"/>).</summary>
    public static void WriteSessionFlows(string path, SessionSet sessions) => SessionFlowsWriter.Write(path, sessions);

    /// <summary>
    /// The friction table: docs/metrics.md's six columns first, then occurrences, exits, unique users lost and the flag,
    /// the exit rate's Wilson interval and the cautious score (section 8) and, when the points were scored with goals, each
    /// pair's sessions, conversions, conversion rate and projected gain (empty where it was not computed).
    /// </summary>
    public static void WriteChokepoints(string path, IReadOnlyCollection<FrictionPoint> points) =>
        SafeCsv.WriteFile(path, csv => WriteChokepoints(csv, points));

    public static void WriteChokepoints(CsvWriter csv, IReadOnlyCollection<FrictionPoint> points)
    {
        var goals = points.Any(p => p.Goal is not null);
        string[] header = ["page", "event", "exit_rate", "betweenness", "users_lost", "WSJF_Friction_Score",
            "occurrences", "exits", "unique_users_lost", "is_chokepoint", "exit_rate_low", "exit_rate_high", "score_low"];
        csv.WriteHeader(goals ? [.. header, "sessions", "conversions", "conversion_rate", "projected_gain", "projected_conversions"] : header);
        foreach (var p in points)
        {
            csv.WriteField(Bidi.Isolate(p.Page));
            csv.WriteField(Bidi.Isolate(p.Event));
            csv.WriteField(p.ExitRate, default);
            csv.WriteField(p.Betweenness, default);
            csv.WriteField(p.UsersLost, default);
            csv.WriteField(p.Score, default);
            csv.WriteField(p.Occurrences, default);
            csv.WriteField(p.Exits, default);
            csv.WriteField(p.UniqueUsersLost, default);
            csv.WriteField(p.IsChokepoint ? 1 : 0, default);
            csv.WriteField(p.ExitRateLow, default);
            csv.WriteField(p.ExitRateHigh, default);
            csv.WriteField(p.ScoreLow, default);
            if (goals && p.Goal is { } goal)
            {
                csv.WriteField(goal.Sessions, default);
                csv.WriteField(goal.Conversions, default);
                csv.WriteField(goal.ConversionRate, default);
                if (goal.HasGain)
                {
                    csv.WriteField(goal.ProjectedGain, default);
                    csv.WriteField(goal.ProjectedConversions, default);
                }
                else
                {
                    csv.WriteField("");
                    csv.WriteField("");
                }
            }
            csv.EndRecord();
        }
    }

    /// <summary>Every step of every fragile flow, sorted by session then step; <c>is_chokepoint</c> is 1 or 0 (see <see cref="SessionFlowsWriter"/>).</summary>
    public static void WriteFragileFlows(string path, IEnumerable<FragileFlow> flows) =>
        SessionFlowsWriter.WriteFragileFlows(path, flows);

    /// <summary>
    /// Rejected input rows: line number, reason and the row's text as read. The text is neutralised like every other
    /// cell, so a row that starts with <c>=</c> gains a leading <c>'</c>: safety over byte-exactness, since the source
    /// file itself is kept unchanged.
    /// </summary>
    public static void WriteRejectedRows(string path, IEnumerable<RejectedRow> rows) =>
        SafeCsv.WriteFile(path, csv =>
        {
            csv.WriteHeader(["line_number", "reason", "raw_row"]);
            foreach (var row in rows)
            {
                csv.WriteField(row.LineNumber, default);
                csv.WriteField(row.Reason);
                csv.WriteField(Bidi.Isolate(row.RawText));
                csv.EndRecord();
            }
        });
}
