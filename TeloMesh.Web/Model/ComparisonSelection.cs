using System.Globalization;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Web.Services;

namespace TeloMesh.Web.Model;

/// <summary>The three ways the Compare page chooses A and B, as the command line's <c>compare</c> does.</summary>
public enum ComparisonMode
{
    /// <summary>Two time windows of this dataset (<c>a-from</c>, <c>a-to</c>, <c>b-from</c>, <c>b-to</c>).</summary>
    Periods,

    /// <summary>Two values of one segment column (<c>segment</c>, <c>a</c>, <c>b</c>), optionally within one window (<c>from</c>, <c>to</c>).</summary>
    Segments,

    /// <summary>Every session of another dataset (A, <c>against</c>) against every session of this one (B).</summary>
    Datasets,
}

/// <summary>
/// What the Compare page compares (docs/metrics.md section 9): A is the baseline, B the slice looked at, and a change is B
/// minus A. It lives in the page's URL, so a comparison can be shared and the download links carry it; the form edits a
/// copy with <c>with</c>. Times are UTC; a window is <c>[from, to)</c> on each session's first step.
/// </summary>
public sealed record ComparisonSelection
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public ComparisonMode Mode { get; init; }

    public DateTime? AFrom { get; init; }
    public DateTime? ATo { get; init; }
    public DateTime? BFrom { get; init; }
    public DateTime? BTo { get; init; }

    /// <summary>The segment column (a column of the events besides user, time, page, event and session).</summary>
    public string? Segment { get; init; }
    public string? AValue { get; init; }
    public string? BValue { get; init; }

    /// <summary>The window both segment slices are narrowed to, when given.</summary>
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }

    /// <summary>The other dataset, the baseline A.</summary>
    public string? Against { get; init; }

    /// <summary>A rate is tested only when it has at least this many observations in both slices.</summary>
    public int MinSupport { get; init; } = Comparator.DefaultMinSupport;

    /// <summary>Nothing chosen yet (a bare URL): the page shows the form and waits.</summary>
    public bool IsEmpty => AFrom is null && ATo is null && BFrom is null && BTo is null && Segment is null && AValue is null && BValue is null
        && From is null && To is null && Against is null;

    /// <summary>What is missing or contradictory, in words, for the form and a hand-typed URL; empty when it can run.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MinSupport < 1) problems.Add("The minimum support must be a whole number of at least 1.");
        switch (Mode)
        {
            case ComparisonMode.Periods:
                if (AFrom is null && ATo is null) problems.Add("Give A a period: a from date, a to date or both.");
                if (BFrom is null && BTo is null) problems.Add("Give B a period: a from date, a to date or both.");
                Order(problems, "A", AFrom, ATo);
                Order(problems, "B", BFrom, BTo);
                break;
            case ComparisonMode.Segments:
                if (string.IsNullOrEmpty(Segment)) problems.Add("Choose a segment column.");
                if (string.IsNullOrEmpty(AValue)) problems.Add("Choose the value of A.");
                if (string.IsNullOrEmpty(BValue)) problems.Add("Choose the value of B.");
                Order(problems, "The window", From, To);
                break;
            default:
                if (string.IsNullOrEmpty(Against)) problems.Add("Choose the dataset to compare with.");
                break;
        }
        return problems;
    }

    private static void Order(List<string> problems, string what, DateTime? from, DateTime? to)
    {
        if (from is { } f && to is { } t && f >= t) problems.Add($"{what} ends before it starts: its to date must come after its from date.");
    }

    /// <summary>The two slices of this dataset (every session for two datasets).</summary>
    public (Slice A, Slice B) Slices() => Mode switch
    {
        ComparisonMode.Periods => (new Slice(AFrom, ATo), new Slice(BFrom, BTo)),
        ComparisonMode.Segments => (new Slice(From, To, Segment, AValue), new Slice(From, To, Segment, BValue)),
        _ => (Slice.All, Slice.All),
    };

    /// <summary>Runs the comparison of dataset <paramref name="name"/> in the store (which keeps the last one per dataset).</summary>
    public Task<ComparisonResult> RunAsync(AnalysisStore store, string name, CancellationToken cancellationToken)
    {
        if (Mode == ComparisonMode.Datasets) return store.CompareDatasetsAsync(name, Against!, MinSupport, cancellationToken);
        var (a, b) = Slices();
        return store.CompareSlicesAsync(name, a, b, MinSupport, cancellationToken);
    }

    // ---- Presets: each fills the form; the page runs nothing until Compare is pressed ----

    /// <summary>
    /// The last seven days of data against the seven before, in whole UTC days up to the day of the dataset's last event:
    /// a last event on Sunday 16 March gives B = [10 March, 17 March) and A = [3 March, 10 March).
    /// </summary>
    public static ComparisonSelection LastWeek(DateTime lastEventUtc, int minSupport = Comparator.DefaultMinSupport)
    {
        var end = lastEventUtc.Date.AddDays(1);
        return new ComparisonSelection
        {
            AFrom = Utc(end.AddDays(-14)),
            ATo = Utc(end.AddDays(-7)),
            BFrom = Utc(end.AddDays(-7)),
            BTo = Utc(end),
            MinSupport = minSupport,
        };
    }

    /// <summary>The four weeks before a date (A) against the four weeks from it (B): a release day, say.</summary>
    public static ComparisonSelection AroundDate(DateTime date, int minSupport = Comparator.DefaultMinSupport)
    {
        var day = date.Date;
        return new ComparisonSelection
        {
            AFrom = Utc(day.AddDays(-28)),
            ATo = Utc(day),
            BFrom = Utc(day),
            BTo = Utc(day.AddDays(28)),
            MinSupport = minSupport,
        };
    }

    /// <summary>A segment column's two most frequent values, A the most frequent, keeping the window and support of <paramref name="current"/>.</summary>
    public static ComparisonSelection TopValues(SegmentColumn column, ComparisonSelection current) => current with
    {
        Mode = ComparisonMode.Segments,
        Segment = column.Name,
        AValue = column.Values.Count > 0 ? column.Values[0].Value : null,
        BValue = column.Values.Count > 1 ? column.Values[1].Value : null,
    };

    /// <summary>A date picked in the form (no kind) as the UTC instant it names; null stays null.</summary>
    public static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    // ---- The URL ----

    private static readonly string[] PeriodKeys = ["a-from", "a-to", "b-from", "b-to"];
    private static readonly string[] SegmentKeys = ["segment", "a", "b", "from", "to"];

    /// <summary>The query parameters of this selection (only its mode's; empty ones left out), for <see cref="QueryText.Build"/>.</summary>
    public IEnumerable<(string Key, string? Value)> QueryPairs()
    {
        switch (Mode)
        {
            case ComparisonMode.Periods:
                yield return ("a-from", Time(AFrom));
                yield return ("a-to", Time(ATo));
                yield return ("b-from", Time(BFrom));
                yield return ("b-to", Time(BTo));
                break;
            case ComparisonMode.Segments:
                yield return ("segment", Segment);
                yield return ("a", AValue);
                yield return ("b", BValue);
                yield return ("from", Time(From));
                yield return ("to", Time(To));
                break;
            default:
                yield return ("against", Against);
                break;
        }
        if (MinSupport != Comparator.DefaultMinSupport) yield return ("min-support", MinSupport.ToString(C));
    }

    /// <summary>
    /// Reads a selection from a query (the page's URL or a download link). <paramref name="problems"/> says what could not
    /// be read: a time that is not one, a minimum support that is not a whole number, or a parameter of another mode
    /// (<c>against</c> with <c>a-from</c>, say), which would otherwise be ignored without a word.
    /// </summary>
    public static ComparisonSelection FromQuery(IReadOnlyDictionary<string, string?> query, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        string? Text(string key) => query.GetValueOrDefault(key) is { Length: > 0 } value ? value : null;
        DateTime? When(string key)
        {
            if (Text(key) is not { } text) return null;
            if (TimestampParser.TryParse(text, out var ticks, out _)) return new DateTime(ticks, DateTimeKind.Utc);
            found.Add($"{key} must be a time such as 2025-03-01 or 2025-03-01T09:00:00Z; got '{text}'.");
            return null;
        }
        var mode = Text("against") is not null ? ComparisonMode.Datasets
            : Text("segment") is not null ? ComparisonMode.Segments
            : ComparisonMode.Periods;
        var foreign = mode switch
        {
            ComparisonMode.Datasets => PeriodKeys.Concat(SegmentKeys),
            ComparisonMode.Segments => PeriodKeys,
            _ => SegmentKeys,
        };
        foreach (var key in foreign.Where(k => Text(k) is not null))
            found.Add($"{key} does not apply to a comparison of {Words(mode)}.");
        var minSupport = Comparator.DefaultMinSupport;
        if (Text("min-support") is { } support && !(int.TryParse(support, NumberStyles.None, C, out minSupport) && minSupport >= 1))
        {
            found.Add($"min-support must be a whole number of at least 1; got '{support}'.");
            minSupport = Comparator.DefaultMinSupport;
        }
        var selection = mode switch
        {
            ComparisonMode.Periods => new ComparisonSelection { AFrom = When("a-from"), ATo = When("a-to"), BFrom = When("b-from"), BTo = When("b-to") },
            ComparisonMode.Segments => new ComparisonSelection
            {
                Mode = mode,
                Segment = Text("segment"),
                AValue = Text("a"),
                BValue = Text("b"),
                From = When("from"),
                To = When("to"),
            },
            _ => new ComparisonSelection { Mode = mode, Against = Text("against") },
        };
        problems = found;
        return selection with { MinSupport = minSupport };
    }

    /// <summary>What a mode compares, in words: "two periods", "two segment values", "two datasets".</summary>
    public static string Words(ComparisonMode mode) => mode switch
    {
        ComparisonMode.Periods => "two periods",
        ComparisonMode.Segments => "two segment values",
        _ => "two datasets",
    };

    /// <summary>A time as the URL writes it: <c>2025-03-01</c> at midnight, else <c>2025-03-01T09:30:00Z</c>.</summary>
    public static string? Time(DateTime? value) => value is not { } t ? null
        : t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", C)
        : t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", C);
}
