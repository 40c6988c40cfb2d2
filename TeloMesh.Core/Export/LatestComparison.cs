using System.Text.Json;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Export;

/// <summary>
/// The last comparison made of a dataset, from the command line's <c>compare</c> or the dashboard's Compare page, kept in
/// its outputs as <c>comparison.json</c> (every change, with the slices, the conversion test, when it was made and how its
/// sessions were counted), so the one-file report (<see cref="ReportHtmlExport"/>) can show it whichever face made it, and
/// only while it was counted as the report's analysis counts (<see cref="CountedAs"/>). A number that is not finite is
/// written as <c>null</c> and read back as NaN.
/// </summary>
/// <param name="Gap">The session gap its sessions were made with.</param>
/// <param name="Goals">The goals it counted conversions with.</param>
/// <param name="PageRules">The grouping rules its pages were renamed with (their text; empty without).</param>
public sealed record LatestComparison(ComparisonResult Result, DateTime MadeUtc, TimeSpan Gap, GoalSet Goals, string PageRules)
{
    /// <summary>The file's name in the dataset's outputs.</summary>
    public const string FileName = "comparison.json";

    /// <summary>Whether this comparison's sessions were made and counted as <paramref name="key"/>'s are (its filter aside: a comparison slices every session).</summary>
    public bool CountedAs(AggregationKey key) =>
        Gap == key.SessionGap && PageRules == key.PageRules.Text && Goals.Equals(key.Goals);

    /// <summary>The file's other name in the outputs: every test as CSV (<see cref="ComparisonCsv"/>).</summary>
    public static IEnumerable<string> FileNames => [FileName, ComparisonCsv.FileName];

    /// <param name="key">How both slices' sessions were made and counted (gap, goals, grouping rules).</param>
    public static void Write(string path, ComparisonResult r, DateTime madeUtc, AggregationKey key) => JsonExports.Write(path, json =>
    {
        json.WriteStartObject();
        json.WriteString("made_utc", madeUtc);
        json.WriteNumber("session_gap_minutes", key.SessionGap.TotalMinutes);
        json.WriteStartArray("goal_pages");
        foreach (var page in key.Goals.Pages) json.WriteStringValue(page);
        json.WriteEndArray();
        json.WriteStartArray("goal_events");
        foreach (var evt in key.Goals.Events) json.WriteStringValue(evt);
        json.WriteEndArray();
        json.WriteString("page_rules", key.PageRules.Text);
        Slice(json, "a", r.A);
        Slice(json, "b", r.B);
        json.WriteBoolean("with_goals", r.WithGoals);
        if (r.ConversionTest is { } test)
        {
            Number(json, "conversion_z", test.Z);
            Number(json, "conversion_p", test.P);
        }
        json.WriteNumber("min_support", r.MinSupport);
        json.WriteNumber("hidden", r.Hidden);
        json.WriteNumber("overlap", r.Overlap);
        json.WriteStartArray("changes");
        foreach (var c in r.Changes)
        {
            json.WriteStartObject();
            json.WriteString("kind", c.Kind.ToString().ToLowerInvariant());
            json.WriteString("page", c.Page);
            json.WriteString("event", c.Event);
            json.WriteString("to_page", c.ToPage);
            json.WriteNumber("count_a", c.CountA);
            json.WriteNumber("total_a", c.TotalA);
            json.WriteNumber("count_b", c.CountB);
            json.WriteNumber("total_b", c.TotalB);
            Number(json, "z", c.Z);
            Number(json, "p", c.P);
            Number(json, "q", c.Q);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>The comparison kept at <paramref name="path"/>; null when there is none or it cannot be read (an older or damaged file).</summary>
    public static LatestComparison? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var changes = root.GetProperty("changes").EnumerateArray().Select(c => new Change(
                Enum.Parse<ChangeKind>(c.GetProperty("kind").GetString()!, ignoreCase: true), c.GetProperty("page").GetString()!,
                c.GetProperty("event").GetString()!, c.GetProperty("to_page").GetString()!, c.GetProperty("count_a").GetInt64(),
                c.GetProperty("total_a").GetInt64(), c.GetProperty("count_b").GetInt64(), c.GetProperty("total_b").GetInt64(),
                Number(c, "z"), Number(c, "p"), Number(c, "q"))).ToList();
            (double, double)? test = root.TryGetProperty("conversion_p", out _) ? (Number(root, "conversion_z"), Number(root, "conversion_p")) : null;
            var result = new ComparisonResult(Slice(root.GetProperty("a")), Slice(root.GetProperty("b")), test, changes,
                root.GetProperty("min_support").GetInt32(), root.GetProperty("hidden").GetInt32(), root.GetProperty("with_goals").GetBoolean())
            {
                Overlap = root.GetProperty("overlap").GetInt64(),
            };
            static string[] Names(JsonElement e) => [.. e.EnumerateArray().Select(n => n.GetString()!)];
            return new LatestComparison(result, root.GetProperty("made_utc").GetDateTime().ToUniversalTime(),
                TimeSpan.FromMinutes(root.GetProperty("session_gap_minutes").GetDouble()),
                new GoalSet(Names(root.GetProperty("goal_pages")), Names(root.GetProperty("goal_events"))), root.GetProperty("page_rules").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or IOException)
        {
            return null;
        }
    }

    private static void Slice(Utf8JsonWriter json, string name, SliceSummary s)
    {
        json.WriteStartObject(name);
        json.WriteString("description", s.Description);
        json.WriteNumber("sessions", s.Sessions);
        json.WriteNumber("converted", s.Converted);
        json.WriteEndObject();
    }

    private static SliceSummary Slice(JsonElement e) =>
        new(e.GetProperty("description").GetString()!, e.GetProperty("sessions").GetInt64(), e.GetProperty("converted").GetInt64());

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static double Number(JsonElement e, string name) =>
        e.GetProperty(name) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : double.NaN;
}
