using System.Text;
using CsvHelper;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Text;

namespace TeloMesh.Core.Export;

/// <summary>
/// The evidence of one (page, event) pair (docs/metrics.md section 15), as CSV in two blocks a spreadsheet shows one under the
/// other: first <c>metric,value</c> rows with the pair's numbers, then an empty line, then the steps of the sessions shown
/// (<c>session_id,user_id,ended_here,step,timestamp,page,event,on_pair</c>), session by session in the sample's order.
/// </summary>
public static class EvidenceCsv
{
    public static readonly string[] StepHeader = ["session_id", "user_id", "ended_here", "step", "timestamp", "page", "event", "on_pair"];

    /// <param name="point">The pair's friction numbers.</param>
    /// <param name="rank">Its place among every (page, event) pair by score, from 1.</param>
    /// <param name="sample">The sessions through it.</param>
    public static void Write(Stream stream, FrictionPoint point, int rank, EvidenceSample sample)
    {
        using (var numbers = SafeCsv.Create(stream))
        {
            Numbers(numbers, point, rank, sample);
            numbers.Flush();
        }
        stream.WriteByte((byte)'\n');
        using var steps = SafeCsv.Create(stream);
        Steps(steps, point, sample);
        steps.Flush();
    }

    private static void Numbers(CsvWriter csv, FrictionPoint point, int rank, EvidenceSample sample)
    {
        csv.WriteHeader(["metric", "value"]);
        void Row(string metric, string value)
        {
            csv.WriteField(metric);
            csv.WriteField(value);
            csv.EndRecord();
        }
        void Number<T>(string metric, T value) where T : IUtf8SpanFormattable
        {
            csv.WriteField(metric);
            csv.WriteField(value, default);
            csv.EndRecord();
        }
        Row("page", Bidi.Isolate(point.Page));
        Row("event", Bidi.Isolate(point.Event));
        Number("is_chokepoint", point.IsChokepoint ? 1 : 0);
        Number("rank", rank);
        Number("occurrences", point.Occurrences);
        Number("exits", point.Exits);
        Number("exit_rate", point.ExitRate);
        Number("exit_rate_low", point.ExitRateLow);
        Number("exit_rate_high", point.ExitRateHigh);
        Number("betweenness", point.Betweenness);
        Number("score", point.Score);
        Number("score_low", point.ScoreLow);
        if (point.Goal is { } goal)
        {
            Number("sessions", goal.Sessions);
            Number("conversions", goal.Conversions);
            Number("conversion_rate", goal.ConversionRate);
            if (goal.HasGain) Number("projected_gain", goal.ProjectedGain);
        }
        Number("sessions_through", sample.SessionsThrough);
        Number("sessions_ended_there", sample.EndedThere);
        Number("sessions_shown", sample.Sessions.Count);
    }

    private static void Steps(CsvWriter csv, FrictionPoint point, EvidenceSample sample)
    {
        csv.WriteHeader(StepHeader);
        foreach (var session in sample.Sessions)
        {
            foreach (var step in session.Steps)
            {
                csv.WriteField(Bidi.Isolate(session.SessionId));
                csv.WriteField(Bidi.Isolate(session.UserId));
                csv.WriteField(session.EndedThere ? 1 : 0, default);
                csv.WriteField(step.Step, default);
                csv.WriteField(Time(step.Ticks));
                csv.WriteField(Bidi.Isolate(step.Page));
                csv.WriteField(Bidi.Isolate(step.Event));
                csv.WriteField(step.Page == point.Page && step.Event == point.Event ? 1 : 0, default);
                csv.EndRecord();
            }
        }
    }

    private static string Time(long ticks)
    {
        Span<byte> buffer = stackalloc byte[32];
        return Encoding.ASCII.GetString(buffer[..SessionFlowsWriter.FormatTime(ticks, buffer)]);
    }
}
