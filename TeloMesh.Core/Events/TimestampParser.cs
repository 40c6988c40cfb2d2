using System.Globalization;

namespace TeloMesh.Core.Events;

/// <summary>
/// Reads the timestamp forms of docs/metrics.md section 1 and normalises them to UTC ticks:
/// <list type="bullet">
/// <item>ISO-8601 <c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]</c> with <c>Z</c>, <c>±hh:mm</c>, <c>±hhmm</c>, <c>±hh</c> or no
/// offset (no offset means UTC); a space may replace the <c>T</c>; a trailing <c> UTC</c> (BigQuery) means UTC;
/// a date alone (<c>yyyy-MM-dd</c>) is midnight UTC.</item>
/// <item>Unix epoch numbers, possibly negative or with a fraction. The unit is decided by magnitude: below 10^11 seconds
/// (10^11 s is the year 5138), below 10^14 milliseconds, below 10^17 microseconds; larger numbers are rejected.</item>
/// </list>
/// Digits beyond the seventh of a fraction are truncated (ticks are 100 ns). Hand-written rather than
/// <c>DateTimeOffset.TryParseExact</c> with a list of formats: it is strict about layout and several times faster,
/// which matters at ten million rows.
/// </summary>
public static class TimestampParser
{
    private const double SecondsLimit = 1e11, MillisecondsLimit = 1e14, MicrosecondsLimit = 1e17;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long utcTicks, out string? error)
    {
        utcTicks = 0;
        error = null;
        text = text.Trim();
        if (text.IsEmpty)
        {
            error = "empty timestamp";
            return false;
        }
        if (LooksNumeric(text))
            return TryParseEpoch(text, out utcTicks, out error);
        if (TryParseIso(text, out utcTicks, out error))
            return true;
        error ??= "unrecognised timestamp";
        return false;
    }

    private static bool LooksNumeric(ReadOnlySpan<char> s)
    {
        var start = s[0] == '-' || s[0] == '+' ? 1 : 0;
        if (start == s.Length) return false;
        var dots = 0;
        for (var i = start; i < s.Length; i++)
        {
            if (s[i] == '.') dots++;
            else if (!char.IsAsciiDigit(s[i])) return false;
        }
        return dots <= 1;
    }

    private static bool TryParseEpoch(ReadOnlySpan<char> s, out long ticks, out string? error)
    {
        ticks = 0;
        error = null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            error = "unrecognised epoch number";
            return false;
        }
        var magnitude = Math.Abs(value);
        double ticksPerUnit;
        if (magnitude < SecondsLimit) ticksPerUnit = TimeSpan.TicksPerSecond;
        else if (magnitude < MillisecondsLimit) ticksPerUnit = TimeSpan.TicksPerMillisecond;
        else if (magnitude < MicrosecondsLimit) ticksPerUnit = TimeSpan.TicksPerMicrosecond;
        else
        {
            error = "epoch number too large (seconds, milliseconds or microseconds expected)";
            return false;
        }
        // Integers are converted exactly; a fraction in decimal (1723927220.133 s is .133 s, not the double's .1329998),
        // rounded to the nearest tick.
        var offset = long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            ? whole * (long)ticksPerUnit
            : (long)Math.Round(decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) * (decimal)ticksPerUnit);
        var result = DateTime.UnixEpoch.Ticks + offset;
        if (result < DateTime.MinValue.Ticks || result > DateTime.MaxValue.Ticks)
        {
            error = "epoch number out of the representable date range";
            return false;
        }
        ticks = result;
        return true;
    }

    private static bool TryParseIso(ReadOnlySpan<char> s, out long ticks, out string? error)
    {
        ticks = 0;
        error = null;
        // yyyy-MM-dd
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day))
            return false;
        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0, offsetMinutes = 0;
        var p = 10;
        if (p < s.Length)
        {
            if (s[p] != 'T' && s[p] != 't' && s[p] != ' ')
                return false;
            p++;
            if (!Digits(s, p, 2, out hour) || p + 2 >= s.Length || s[p + 2] != ':' || !Digits(s, p + 3, 2, out minute))
                return false;
            p += 5;
            if (p < s.Length && s[p] == ':')
            {
                if (!Digits(s, p + 1, 2, out second)) return false;
                p += 3;
                if (p < s.Length && (s[p] == '.' || s[p] == ','))
                {
                    p++;
                    var digits = 0;
                    long scale = TimeSpan.TicksPerSecond;
                    while (p < s.Length && char.IsAsciiDigit(s[p]))
                    {
                        if (digits < 7)
                        {
                            scale /= 10;
                            fractionTicks += (s[p] - '0') * scale;
                        }
                        digits++;
                        p++;
                    }
                    if (digits == 0) return false;
                }
            }
            if (!TryParseOffset(s[p..], out offsetMinutes))
                return false;
        }
        if (month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            error = "date or time out of range";
            return false;
        }
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - offsetMinutes * TimeSpan.TicksPerMinute;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            error = "date out of the representable range after applying its offset";
            return false;
        }
        ticks = utc;
        return true;
    }

    private static bool TryParseOffset(ReadOnlySpan<char> s, out long minutes)
    {
        minutes = 0;
        if (s.IsEmpty || s is "Z" or "z" || s.SequenceEqual(" UTC") || s.SequenceEqual("UTC"))
            return true;
        if (s[0] == ' ') s = s[1..];
        if (s.IsEmpty || (s[0] != '+' && s[0] != '-'))
            return false;
        var sign = s[0] == '-' ? -1 : 1;
        int hh, mm = 0;
        switch (s.Length)
        {
            case 3 when Digits(s, 1, 2, out hh): break; // ±hh
            case 5 when Digits(s, 1, 2, out hh) && Digits(s, 3, 2, out mm): break; // ±hhmm
            case 6 when s[3] == ':' && Digits(s, 1, 2, out hh) && Digits(s, 4, 2, out mm): break; // ±hh:mm
            default: return false;
        }
        if (hh > 14 || mm > 59)
            return false;
        minutes = sign * (hh * 60 + mm);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }

    /// <summary>ISO-8601 UTC with a <c>Z</c>, the fraction only when it is not zero (<c>2025-03-01T09:00:00Z</c>).</summary>
    public const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Formats UTC ticks with <see cref="IsoFormat"/>.</summary>
    public static string Format(long utcTicks) =>
        new DateTime(utcTicks, DateTimeKind.Utc).ToString(IsoFormat, CultureInfo.InvariantCulture);

    /// <summary>Formats UTC ticks with <see cref="IsoFormat"/> into <paramref name="buffer"/> (40 chars is enough).</summary>
    public static ReadOnlySpan<char> Format(long utcTicks, Span<char> buffer)
    {
        new DateTime(utcTicks, DateTimeKind.Utc).TryFormat(buffer, out var written, IsoFormat, CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
