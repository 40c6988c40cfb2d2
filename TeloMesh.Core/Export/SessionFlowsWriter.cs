using System.Buffers.Text;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Export;

/// <summary>
/// Writes <c>session_flows.csv</c>, the largest output (a row per event), straight as UTF-8: cells come from
/// <see cref="Utf8CsvCells"/>, numbers and times are formatted into the buffer. The text is the same as
/// <see cref="SafeCsv"/> would write, at several times the speed.
/// </summary>
public static class SessionFlowsWriter
{
    private static readonly byte[] Header = "user_id,session_id,step_index,page,event,timestamp\n"u8.ToArray();

    public static void Write(string path, SessionSet sessions) => AtomicFile.Write(path, stream => Write(stream, sessions));

    public static void Write(Stream stream, SessionSet sessions)
    {
        var events = sessions.Events;
        var users = new Utf8CsvCells(events.Users);
        var pages = new Utf8CsvCells(events.Pages);
        var names = new Utf8CsvCells(events.Events);
        var userIds = events.UserIds;
        var pageIds = events.PageIds;
        var eventIds = events.EventIds;
        var ticks = events.Ticks;
        var buffer = new byte[1 << 20];
        var position = 0;
        void Flush()
        {
            stream.Write(buffer, 0, position);
            position = 0;
        }
        void Put(ReadOnlySpan<byte> bytes)
        {
            if (position + bytes.Length > buffer.Length)
            {
                Flush();
                if (bytes.Length > buffer.Length)
                {
                    stream.Write(bytes);
                    return;
                }
            }
            bytes.CopyTo(buffer.AsSpan(position));
            position += bytes.Length;
        }

        Put(Header);
        for (var s = 0; s < sessions.Count; s++)
        {
            var session = Utf8CsvCells.Encode(sessions.Ids[s]);
            var steps = sessions.Steps(s);
            for (var i = 0; i < steps.Length; i++)
            {
                var row = steps[i];
                if (buffer.Length - position < 64) Flush();
                Put(users[userIds[row]]);
                Put(","u8);
                Put(session);
                Put(","u8);
                if (buffer.Length - position < 64) Flush();
                Utf8Formatter.TryFormat(i, buffer.AsSpan(position), out var written);
                position += written;
                Put(","u8);
                Put(pages[pageIds[row]]);
                Put(","u8);
                Put(names[eventIds[row]]);
                Put(","u8);
                if (buffer.Length - position < 64) Flush();
                position += FormatTime(ticks[row], buffer.AsSpan(position));
                Put("\n"u8);
            }
        }
        Flush();
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
