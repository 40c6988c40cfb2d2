using System.Globalization;

namespace TeloMesh.Web.Model;

/// <summary>Seconds as a person reads them: "45 s", "1 min 45 s", "2 h 5 min", "3 d 4 h" (the two largest units, rounded to the second).</summary>
public static class Durations
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Readable(double seconds)
    {
        if (seconds < 10 && seconds != Math.Floor(seconds)) return string.Create(C, $"{seconds:0.#} s"); // a click 1.5 s after a view
        var whole = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
        var (days, hours, minutes, rest) = (whole / 86_400, whole / 3_600 % 24, whole / 60 % 60, whole % 60);
        return (days, hours, minutes) switch
        {
            ( > 0, _, _) => Two(days, "d", hours, "h"),
            (_, > 0, _) => Two(hours, "h", minutes, "min"),
            (_, _, > 0) => Two(minutes, "min", rest, "s"),
            _ => string.Create(C, $"{rest} s"),
        };
    }

    /// <summary>The time since the step before, as a flow's step shows it: "+1 min 45 s".</summary>
    public static string Since(double seconds) => "+" + Readable(seconds);

    private static string Two(long big, string bigUnit, long small, string smallUnit) =>
        small == 0 ? string.Create(C, $"{big} {bigUnit}") : string.Create(C, $"{big} {bigUnit} {small} {smallUnit}");
}
