using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeloMesh.Core.Datasets;

/// <summary>
/// <c>dataset_info.json</c>: what a dataset is and how its results were made. Written last, after every other output,
/// so its presence with <see cref="AnalysedUtc"/> set means the outputs beside it are complete.
/// </summary>
public sealed record DatasetInfo
{
    public required string Name { get; init; }
    public required string SourceFile { get; init; }
    public string Format { get; init; } = "telomesh";
    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }

    /// <summary>Events dropped as repeats (Mixpanel's <c>$insert_id</c>), not counted as rejected.</summary>
    public int DuplicatesDropped { get; init; }

    /// <summary>Events of a vendor export without a page, whose event name stands for the page (docs/metrics.md section 11).</summary>
    public int PagesFromEvents { get; init; }

    /// <summary>Accepted events identical to an earlier one in every column: kept and analysed, counted here (see <see cref="Sessions.SessionSet.DuplicateEvents"/>).</summary>
    public int DuplicateRows { get; init; }
    public int Users { get; init; }
    public int Sessions { get; init; }
    public int Events { get; init; }
    public DateTime? FirstEventUtc { get; init; }
    public DateTime? LastEventUtc { get; init; }
    public AnalysisOptionsInfo? Options { get; init; }

    /// <summary>With goals: the site's conversion numbers (docs/metrics.md section 8); null without goals.</summary>
    public GoalsInfo? Goals { get; init; }

    /// <summary>Set when betweenness was a sampled estimate (large graphs): sources used and the error bound.</summary>
    public Graph.BetweennessEstimate? BetweennessEstimate { get; init; }

    /// <summary>The column mapping chosen for a file whose headers differ from docs/metrics.md's; null for the default.</summary>
    public Events.ColumnMapping? Columns { get; init; }
    public DateTime CreatedUtc { get; init; }
    public DateTime? AnalysedUtc { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // A file for people and scripts, served as JSON, never inside HTML: grouping rules keep their "=>" readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Generated at build time: the reflection-based serializer's first use cost a small file's run about 50 ms.
        TypeInfoResolver = DatasetInfoJson.Default,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>What the one-file report says of the rows read (a table's mapping is its own, so none is given for it).</summary>
    public Export.ReportRows ReportRows(Events.ColumnMapping? fallback = null) => new(RowsRead, RowsAccepted, RowsRejected, DuplicatesDropped,
        PagesFromEvents, Format == ClickHouseFormat ? null : Columns ?? fallback);

    /// <summary>Where the events are, in words: a table's description, or a file's name and format (<see cref="DescribeFile"/>).</summary>
    public string SourceDescription => Format == ClickHouseFormat ? SourceFile : DescribeFile(SourceFile, Format);

    /// <summary>A source file in words for the report: <c>events.csv (mixpanel)</c>.</summary>
    public static string DescribeFile(string path, string format) => $"{Path.GetFileName(path)} ({format})";

    /// <summary>The format a ClickHouse dataset records (<see cref="DatasetSource.Warehouse"/>).</summary>
    public const string ClickHouseFormat = "clickhouse";

    /// <summary>
    /// Serializes a sample with every nested part once, so that the serializer's code is compiled (about 60 ms where the
    /// command line compiles each method fully, once) on a spare core while the events are read, not at the end of the run.
    /// </summary>
    public static void WarmUp() => _ = new DatasetInfo
    {
        Name = "",
        SourceFile = "",
        Options = AnalysisOptionsInfo.From(Pipeline.AnalysisOptions.Default),
        Goals = new GoalsInfo([], [], 0, 0, 0, 0, 0),
        BetweennessEstimate = new Graph.BetweennessEstimate(0, 0, 0, 0),
        Columns = TeloMesh.Core.Events.ColumnMapping.Default,
        FirstEventUtc = DateTime.UnixEpoch,
    }.ToJson();

    public static DatasetInfo? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<DatasetInfo>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The <c>goals</c> block of <c>dataset_info.json</c> (docs/metrics.md section 8): the goals, the sessions and those that
/// converted, the observed and the model's conversion rate, and the reduction the projected gains assume.
/// </summary>
/// <param name="GainsComputed">Null when every pair has its projected gain; otherwise how many pairs have one (large chains).</param>
public sealed record GoalsInfo(IReadOnlyList<string> Pages, IReadOnlyList<string> Events, int Sessions, int Converted, double ConversionRate,
    double ModelConversionRate, double GainReduction, int? GainsComputed = null)
{
    public static GoalsInfo From(Friction.GoalSummary g) => new(g.Goals.Pages, g.Goals.Events, g.Sessions, g.Converted, g.ConversionRate,
        g.ModelConversionRate, g.GainReduction, g.GainsComputed);
}

/// <summary>The analysis options as written in <c>dataset_info.json</c>.</summary>
public sealed record AnalysisOptionsInfo(double SessionGapMinutes, string Betweenness, string Compat, bool Strict, double ChokepointPercentile,
    bool KeepQuery = false, int? BetweennessSampleAbove = null,
    int BetweennessSamples = Graph.Betweenness.DefaultSamples)
{
    /// <summary>The goal pages the dataset is analysed with (docs/metrics.md section 8).</summary>
    public IReadOnlyList<string> GoalPages { get; init; } = [];

    /// <summary>The goal events the dataset is analysed with.</summary>
    public IReadOnlyList<string> GoalEvents { get; init; } = [];

    public double GainReduction { get; init; } = Friction.ConversionModel.DefaultReduction;

    public int MinSupport { get; init; } = 1;

    /// <summary>The grouping rules, one a line (docs/metrics.md section 11); empty without.</summary>
    public string PageRules { get; init; } = "";

    public static AnalysisOptionsInfo From(Pipeline.AnalysisOptions o) => new(
        o.SessionGap.TotalMinutes, o.EffectiveBetweenness.ToString().ToLowerInvariant(),
        o.Compat == Graph.CompatMode.TeloMesh ? "telomesh" : "none", o.Strict, o.ChokepointPercentile, o.KeepQuery,
        o.BetweennessSampleAbove, o.BetweennessSamples)
    {
        GoalPages = o.Goals.Pages,
        GoalEvents = o.Goals.Events,
        GainReduction = o.GainReduction,
        MinSupport = o.MinSupport,
        PageRules = o.PageRules.Text,
    };

    /// <summary>The options these describe, so a dataset is re-analysed the way it was last analysed.</summary>
    public Pipeline.AnalysisOptions ToOptions() => new()
    {
        SessionGap = TimeSpan.FromMinutes(SessionGapMinutes),
        Betweenness = Enum.TryParse<Graph.BetweennessMode>(Betweenness, ignoreCase: true, out var mode) ? mode : Graph.BetweennessMode.Probability,
        Compat = Compat == "telomesh" ? Graph.CompatMode.TeloMesh : Graph.CompatMode.Default,
        Strict = Strict,
        ChokepointPercentile = ChokepointPercentile,
        KeepQuery = KeepQuery,
        BetweennessSampleAbove = BetweennessSampleAbove,
        BetweennessSamples = BetweennessSamples,
        Goals = new Journeys.GoalSet(GoalPages ?? [], GoalEvents ?? []),
        GainReduction = GainReduction,
        MinSupport = MinSupport,
        PageRules = Grouping.PageRules.Parse(PageRules ?? ""),
    };
}

/// <summary>The serializer's metadata for <see cref="DatasetInfo"/>, generated at build time (see <c>DatasetInfo.Json</c>).</summary>
[JsonSerializable(typeof(DatasetInfo))]
internal sealed partial class DatasetInfoJson : JsonSerializerContext;
