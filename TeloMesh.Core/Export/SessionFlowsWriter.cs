using System.Buffers.Text;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Export;

/// <summary>
/// Writes the two outputs with a row per step, <c>session_flows.csv</c> and <c>high_friction_flows.csv</c>, straight
/// as UTF-8: cells come from <see cref="Utf8CsvCells"/>, numbers and times are formatted into the buffer. The text is
/// the same as <see cref="SafeCsv"/> would write, at several times the speed.
/// </summary>
public static class SessionFlowsWriter
{
    private static readonly byte[] Header = "user_id,session_id,step_index,page,event,timestamp\n"u8.ToArray();
    private static readonly byte[] GroupedHeader = "user_id,session_id,step_index,page,event,timestamp,page_raw\n"u8.ToArray();
    private static readonly byte[] FlowsHeader = "session_id,step_index,page,event,WSJF_Friction_Score,is_chokepoint,user_id\n"u8.ToArray();

    public static void Write(string path, SessionSet sessions) => AtomicFile.Write(path, stream => Write(stream, sessions));

    /// <summary>
    /// One row per step. With grouping rules (docs/metrics.md section 11) <c>page</c> is the page type and a last column,
    /// <c>page_raw</c>, the page as read.
    /// </summary>
    public static void Write(Stream stream, SessionSet sessions)
    {
        var events = sessions.Events;
        var raw = events.RawPages is null ? null : new Utf8CsvCells(events.RawPages);
        var rawIds = events.RawPageIds;
        var users = new Utf8CsvCells(events.Users);
        var pages = new Utf8CsvCells(events.Pages);
        var names = new Utf8CsvCells(events.Events);
        var userIds = events.UserIds;
        var pageIds = events.PageIds;
        var eventIds = events.EventIds;
        var ticks = events.Ticks;
        var output = new RowBuffer(stream);
        output.Put(raw is null ? Header : GroupedHeader);
        for (var s = 0; s < sessions.Count; s++)
        {
            var session = Utf8CsvCells.Encode(sessions.Ids[s]);
            var steps = sessions.Steps(s);
            for (var i = 0; i < steps.Length; i++)
            {
                var row = steps[i];
                output.Put(users[userIds[row]]);
                output.Comma();
                output.Put(session);
                output.Comma();
                output.Number(i);
                output.Comma();
                output.Put(pages[pageIds[row]]);
                output.Comma();
                output.Put(names[eventIds[row]]);
                output.Comma();
                output.Time(ticks[row]);
                if (raw is not null)
                {
                    output.Comma();
                    output.Put(raw[rawIds[row]]);
                }
                output.EndRow();
            }
        }
        output.Flush();
    }

    /// <summary><c>high_friction_flows.csv</c>: every step of every fragile flow, sessions in order.</summary>
    public static void WriteFragileFlows(string path, IEnumerable<Journeys.FragileFlow> flows) =>
        AtomicFile.Write(path, stream => WriteFragileFlows(stream, flows));

    public static void WriteFragileFlows(Stream stream, IEnumerable<Journeys.FragileFlow> flows)
    {
        var cells = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        byte[] Cell(string text) => cells.TryGetValue(text, out var bytes) ? bytes : cells[text] = Utf8CsvCells.Encode(text, isolate: true);
        // A score belongs to a (page, event) pair, so a few hundred values fill millions of rows: format each once.
        var numbers = new Dictionary<double, byte[]>();
        byte[] Score(double value) => numbers.TryGetValue(value, out var bytes) ? bytes
            : numbers[value] = System.Text.Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var output = new RowBuffer(stream);
        output.Put(FlowsHeader);
        foreach (var flow in flows)
        {
            var session = Utf8CsvCells.Encode(flow.SessionId, isolate: true);
            var user = Cell(flow.UserId);
            foreach (var step in flow.Steps)
            {
                output.Put(session);
                output.Comma();
                output.Number(step.StepIndex);
                output.Comma();
                output.Put(Cell(step.Page));
                output.Comma();
                output.Put(Cell(step.Event));
                output.Comma();
                output.Put(Score(step.Score));
                output.Comma();
                output.Put(step.IsChokepoint ? "1"u8 : "0"u8);
                output.Comma();
                output.Put(user);
                output.EndRow();
            }
        }
        output.Flush();
    }

    /// <summary>A 1 MB output buffer with the few writes the row writers need.</summary>
    private sealed class RowBuffer(Stream stream)
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _position;

        public void Put(ReadOnlySpan<byte> bytes)
        {
            if (_position + bytes.Length > _buffer.Length)
            {
                Flush();
                if (bytes.Length > _buffer.Length)
                {
                    stream.Write(bytes);
                    return;
                }
            }
            bytes.CopyTo(_buffer.AsSpan(_position));
            _position += bytes.Length;
        }

        public void Comma() => Put(","u8);

        public void EndRow() => Put("\n"u8);

        public void Number(int value)
        {
            Room();
            Utf8Formatter.TryFormat(value, _buffer.AsSpan(_position), out var written);
            _position += written;
        }

        /// <summary>The shortest text that round-trips, as <c>double.ToString()</c> and the CSV writer give.</summary>
        public void Number(double value)
        {
            Room();
            value.TryFormat(_buffer.AsSpan(_position), out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            _position += written;
        }

        public void Time(long ticks)
        {
            Room();
            _position += FormatTime(ticks, _buffer.AsSpan(_position));
        }

        public void Flush()
        {
            stream.Write(_buffer, 0, _position);
            _position = 0;
        }

        private void Room()
        {
            if (_buffer.Length - _position < 64) Flush();
        }
    }

    /// <summary>ISO-8601 UTC, <c>yyyy-MM-ddTHH:mm:ss[.fffffff]Z</c> with trailing zeros of the fraction dropped.</summary>
    public static int FormatTime(long utcTicks, Span<byte> output)
    {
        var time = new DateTime(utcTicks, DateTimeKind.Utc);
        var p = Digits(output, 0, time.Year, 4);
        output[p++] = (byte)'-';
        p = Digits(output, p, time.Month, 2);
        output[p++] = (byte)'-';
        p = Digits(output, p, time.Day, 2);
        output[p++] = (byte)'T';
        p = Digits(output, p, time.Hour, 2);
        output[p++] = (byte)':';
        p = Digits(output, p, time.Minute, 2);
        output[p++] = (byte)':';
        p = Digits(output, p, time.Second, 2);
        var fraction = (int)(utcTicks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            output[p++] = (byte)'.';
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            p = Digits(output, p, fraction, digits);
        }
        output[p++] = (byte)'Z';
        return p;
    }

    private static int Digits(Span<byte> output, int p, int value, int count)
    {
        for (var k = count - 1; k >= 0; k--)
        {
            output[p + k] = (byte)('0' + value % 10);
            value /= 10;
        }
        return p + count;
    }
}
