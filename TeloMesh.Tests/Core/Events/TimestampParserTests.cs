using TeloMesh.Core.Events;

namespace TeloMesh.Tests.Core.Events;

public class TimestampParserTests
{
    private static DateTime Utc(int y, int mo, int d, int h, int mi, int s, int ms = 0) => new(y, mo, d, h, mi, s, ms, DateTimeKind.Utc);

    public static TheoryData<string, DateTime> Forms => new()
    {
        { "2025-03-01T09:00:00Z", Utc(2025, 3, 1, 9, 0, 0) },
        { "2025-03-01T09:00:00", Utc(2025, 3, 1, 9, 0, 0) }, // no offset means UTC
        { "2025-03-01T09:00:00.250Z", Utc(2025, 3, 1, 9, 0, 0, 250) },
        { "2025-03-01T11:00:00+02:00", Utc(2025, 3, 1, 9, 0, 0) },
        { "2025-03-01T04:00:00-05:00", Utc(2025, 3, 1, 9, 0, 0) },
        { "2025-03-01T11:00:00+0200", Utc(2025, 3, 1, 9, 0, 0) },
        { "2025-03-01 09:00:00", Utc(2025, 3, 1, 9, 0, 0) },
        { "2025-03-01 09:00:00.123456", Utc(2025, 3, 1, 9, 0, 0).AddTicks(1234560) },
        { "2025-03-01 09:00:00 UTC", Utc(2025, 3, 1, 9, 0, 0) },
        { "2025-03-01T09:00Z", Utc(2025, 3, 1, 9, 0, 0) },
        { "2025-03-01", Utc(2025, 3, 1, 0, 0, 0) },
        // 2025-03-01T09:00:00Z is 1740819600 s after the epoch (55 years incl. 14 leap days = 20,148 days + 59 days + 9 h).
        { "1740819600", Utc(2025, 3, 1, 9, 0, 0) },
        { "1740819600000", Utc(2025, 3, 1, 9, 0, 0) },
        { "1740819600000000", Utc(2025, 3, 1, 9, 0, 0) },
        { "1740819600.5", Utc(2025, 3, 1, 9, 0, 0, 500) },
        // Fractions are read in decimal: .133 s is 1,330,000 ticks (as a double, 1740819600.133 × 10⁷ is 2 ticks short).
        { "1740819600.133", Utc(2025, 3, 1, 9, 0, 0, 133) },
        { "1740819600123.456", Utc(2025, 3, 1, 9, 0, 0, 123).AddTicks(4560) },
        { "1740819600.1234567", Utc(2025, 3, 1, 9, 0, 0).AddTicks(1234567) },
        { "-86400", Utc(1969, 12, 31, 0, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Every_form_normalises_to_utc(string text, DateTime expected)
    {
        Assert.True(TimestampParser.TryParse(text, out var ticks, out var error), error);
        Assert.Equal(expected.Ticks, ticks);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-02-30T00:00:00Z")]
    [InlineData("2025-03-01T25:00:00Z")]
    [InlineData("2025-03-01T09:00:00+25:00")]
    [InlineData("01/03/2025")]
    [InlineData("1e30")]
    [InlineData("")]
    public void Unparsable_text_is_refused_with_a_reason(string text)
    {
        Assert.False(TimestampParser.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Format_writes_iso_utc_and_drops_a_zero_fraction()
    {
        Assert.Equal("2025-03-01T09:00:00Z", TimestampParser.Format(Utc(2025, 3, 1, 9, 0, 0).Ticks));
        Assert.Equal("2025-03-01T09:00:00.25Z", TimestampParser.Format(Utc(2025, 3, 1, 9, 0, 0, 250).Ticks));
    }
}
