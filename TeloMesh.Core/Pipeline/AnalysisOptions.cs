using TeloMesh.Core.Graph;
using TeloMesh.Core.Import;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// Every option of an analysis, in one record that travels with the result (and into <c>dataset_info.json</c>),
/// so a number can always be traced to how it was computed.
/// </summary>
public sealed record AnalysisOptions
{
    /// <summary>The session gap of the gap rule (docs/metrics.md section 2); 30 minutes by default.</summary>
    public TimeSpan SessionGap { get; init; } = SessionOptions.Default.Gap;

    /// <summary>Edge lengths for betweenness; <see cref="BetweennessMode.Probability"/> by default.</summary>
    public BetweennessMode Betweenness { get; init; } = BetweennessMode.Probability;

    /// <summary><see cref="CompatMode.TeloMesh"/> reproduces the original's numbers and forces reference betweenness.</summary>
    public CompatMode Compat { get; init; } = CompatMode.Default;

    /// <summary>Fail on the first bad row instead of skipping it.</summary>
    public bool Strict { get; init; }

    /// <summary>Keep the query string when a vendor export's page is a URL (off: queries usually carry tracking noise).</summary>
    public bool KeepQuery { get; init; }

    /// <summary>The chokepoint percentile: the worst tenth by docs/metrics.md.</summary>
    public double ChokepointPercentile { get; init; } = AnalysisLimits.DefaultChokepointPercentile;

    /// <summary>
    /// Above this many pages betweenness is a sampled estimate with a stated error bound (exact costs pages x edges
    /// shortest-path steps: about 5 s for 5,000 pages and 100,000 edges on two cores). Never in compatibility mode.
    /// </summary>
    /// <remarks>
    /// Null (the default) means automatic: above 5,000 pages, and only when the exact computation would take more than
    /// a few seconds (<see cref="Graph.Betweenness.Compute(Graph.JourneyGraph, Graph.BetweennessMode, Graph.CompatMode, int?, int)"/>).
    /// A number forces the estimate above that many pages.
    /// </remarks>
    public int? BetweennessSampleAbove { get; init; }

    /// <summary>How many source pages an estimate uses: more is slower and tighter (the bound shrinks as 1/sqrt).</summary>
    public int BetweennessSamples { get; init; } = Graph.Betweenness.DefaultSamples;

    /// <summary>
    /// Goal pages and events (docs/metrics.md section 8): a session with a goal step converts and loses nobody. None by
    /// default; never in compatibility mode (the original knows no goals).
    /// </summary>
    public GoalSet Goals { get; init; } = GoalSet.None;

    /// <summary>The share of a pair's exits a fix is assumed to save, for the projected gain (0.10 by default).</summary>
    public double GainReduction { get; init; } = Friction.ConversionModel.DefaultReduction;

    /// <summary>Pairs seen fewer times are left out of the chokepoint threshold and of the chokepoints (1 by default: none).</summary>
    public int MinSupport { get; init; } = 1;

    /// <summary>
    /// The sessions analysed: all by default, or one slice of them (docs/metrics.md section 9: a time window and/or a
    /// segment value of each session's first step), for a view such as "mobile only". A filtered analysis is a view: the
    /// dashboard shows it and exports it on request, and never writes it over the dataset's output files.
    /// </summary>
    public Slice Filter { get; init; } = Slice.All;

    /// <summary>Grouping rules: pages renamed to page types before sessions are counted (docs/metrics.md section 11); none by default.</summary>
    public Grouping.PageRules PageRules { get; init; } = Grouping.PageRules.None;

    /// <summary>How pairs are scored: mode, percentile, minimum support and gain reduction.</summary>
    public Friction.FrictionOptions FrictionOptions => new(Compat, ChokepointPercentile, MinSupport, GainReduction);

    /// <summary>The mode betweenness actually uses: compatibility mode always uses reference lengths.</summary>
    public BetweennessMode EffectiveBetweenness => Compat == CompatMode.TeloMesh ? BetweennessMode.Reference : Betweenness;

    public static AnalysisOptions Default { get; } = new();

    /// <summary>
    /// What is wrong with these options, each named in the product's words with what is expected; empty when they can
    /// be analysed. The command line and the re-analyse dialog check with this, and the dashboard's store refuses options
    /// it rejects (<see cref="Validated"/>) whichever page sent them.
    /// </summary>
    public IReadOnlyList<OptionProblem> Problems()
    {
        var problems = new List<OptionProblem>();
        void Check(AnalysisOption option, string? expected, string got)
        {
            if (expected is not null) problems.Add(new OptionProblem(option, expected, got));
        }
        var c = System.Globalization.CultureInfo.InvariantCulture;
        Check(AnalysisOption.SessionGap, AnalysisLimits.SessionGapProblem(SessionGap.TotalMinutes), SessionGap.TotalMinutes.ToString("0.####", c));
        Check(AnalysisOption.ChokepointPercentile, AnalysisLimits.PercentileProblem(ChokepointPercentile * 100),
            (ChokepointPercentile * 100).ToString("0.####", c));
        if (BetweennessSampleAbove is { } above)
            Check(AnalysisOption.BetweennessSampleAbove, AnalysisLimits.AtLeast(above, AnalysisLimits.MinSampleAbove), above.ToString(c));
        Check(AnalysisOption.BetweennessSamples, AnalysisLimits.AtLeast(BetweennessSamples, AnalysisLimits.MinSamples), BetweennessSamples.ToString(c));
        Check(AnalysisOption.GainReduction, AnalysisLimits.ReductionProblem(GainReduction), GainReduction.ToString("0.####", c));
        Check(AnalysisOption.MinSupport, AnalysisLimits.AtLeast(MinSupport, 1), MinSupport.ToString(c));
        if (Goals.Pages.Concat(Goals.Events).Any(string.IsNullOrWhiteSpace))
            Check(AnalysisOption.Goals, "page or event names, none empty", "an empty name");
        if (Compat == CompatMode.TeloMesh)
        {
            // docs/metrics.md section 8: compatibility mode reproduces the original's numbers, and the original knows none of it.
            if (!Goals.IsEmpty) Check(AnalysisOption.Goals, AnalysisLimits.NotInCompat, Goals.ToString());
            if (MinSupport != 1) Check(AnalysisOption.MinSupport, AnalysisLimits.NotInCompat, MinSupport.ToString(c));
            if (!PageRules.IsEmpty) Check(AnalysisOption.PageRules, AnalysisLimits.NotInCompat, PageRules.Rules.Count == 1 ? "1 rule" : $"{PageRules.Rules.Count} rules");
        }
        return problems;
    }

    /// <summary>These options when they can be analysed; otherwise an <see cref="Events.InvalidInputException"/> naming every problem.</summary>
    public AnalysisOptions Validated() => Problems() is { Count: > 0 } problems
        ? throw new Events.InvalidInputException(string.Join(" ", problems.Select(p => p.ToString())))
        : this;

    /// <summary>What the sessions and their counts depend on.</summary>
    public AggregationKey AggregationKey => new(SessionGap, Goals, Filter, PageRules);

    /// <summary>What the graph and the flow metrics depend on: the sessions, not the goals (transitions are the same whatever succeeds).</summary>
    public GraphKey GraphKey => new(new AggregationKey(SessionGap, Filter: Filter, PageRules: PageRules), Compat);

    /// <summary>What betweenness depends on.</summary>
    public BetweennessKey BetweennessKey => new(GraphKey, EffectiveBetweenness, BetweennessSampleAbove, BetweennessSamples);

    /// <summary>What reading the source depends on (with the column mapping, which is the dataset's, not the analysis's).</summary>
    public IngestKey IngestKey => new(Strict, KeepQuery);
}

// Each stage's key (beside the stage: Journeys/AggregationKey, Graph/StageKeys, Import/IngestKey) holds exactly the
// options the stage reads and the key of the stage before it: an earlier result is used again only when its key is
// equal, so an option added to a stage's key can never be served stale by the others.

/// <summary>
/// The limits and defaults of the analysis options, in one place: the command line checks its flags with them, and the
/// dashboard's fields take their bounds from them.
/// </summary>
public static class AnalysisLimits
{
    /// <summary>A week: a longer pause than that is no session, and a larger gap would merge a user's whole history.</summary>
    public const double MaxSessionGapMinutes = 7 * 24 * 60;

    /// <summary>docs/metrics.md section 4: the worst tenth are chokepoints.</summary>
    public const double DefaultChokepointPercentile = Friction.FrictionAnalyzer.DefaultPercentile;

    /// <summary>Below the median a "chokepoint" is an ordinary pair; above 99.9 % none is left on most datasets.</summary>
    public const double MinPercentile = 50, MaxPercentile = 99.9;

    /// <summary>Fewer than three pages have no page between two others; fewer than two samples give no bound.</summary>
    public const int MinSampleAbove = 3, MinSamples = 2;

    /// <summary>What a session gap of <paramref name="minutes"/> should be, or null when it is fine.</summary>
    public static string? SessionGapProblem(double minutes) => minutes > 0 && minutes <= MaxSessionGapMinutes ? null : SessionGapExpected;

    /// <summary>What a session gap should be, in words.</summary>
    public const string SessionGapExpected = "minutes greater than 0 and at most 10080 (a week)";

    /// <summary>What a chokepoint percentile of <paramref name="percent"/> (50-99.9) should be, or null when it is fine.</summary>
    public static string? PercentileProblem(double percent) =>
        percent is >= MinPercentile and <= MaxPercentile ? null : "a percentile from 50 to 99.9 (90 = the worst tenth)";

    /// <summary>What a gain reduction should be, or null when it is fine.</summary>
    public static string? ReductionProblem(double reduction) =>
        reduction is > 0 and <= 1 ? null : "a share above 0 and at most 1 (0.1: a tenth fewer sessions end at the pair)";

    /// <summary>Why an option of docs/metrics.md section 8 is refused in compatibility mode.</summary>
    public const string NotInCompat = "left out in compatibility mode, which reproduces the original's numbers (the original has no goals, " +
        "grouping rules, intervals or minimum support); analyse without compatibility mode to use it";

    /// <summary>What a count below <paramref name="minimum"/> should be, or null when it is fine.</summary>
    public static string? AtLeast(int value, int minimum) => value >= minimum ? null : $"a whole number of at least {minimum}";
}

/// <summary>The analysis options, by the names the product uses for them.</summary>
public enum AnalysisOption
{
    SessionGap,
    ChokepointPercentile,
    BetweennessSampleAbove,
    BetweennessSamples,
    Goals,
    GainReduction,
    MinSupport,
    PageRules,
}

/// <summary>An option outside its limits: which, what it should be, and the value it had.</summary>
public sealed record OptionProblem(AnalysisOption Option, string Expected, string Got)
{
    public override string ToString() => $"The {Name(Option)} must be {Expected}; got {Got}.";

    /// <summary>The option's name in a sentence.</summary>
    public static string Name(AnalysisOption option) => option switch
    {
        AnalysisOption.SessionGap => "session gap",
        AnalysisOption.ChokepointPercentile => "chokepoint percentile",
        AnalysisOption.BetweennessSampleAbove => "page count above which betweenness is estimated",
        AnalysisOption.Goals => "goals",
        AnalysisOption.GainReduction => "gain reduction",
        AnalysisOption.MinSupport => "minimum support",
        AnalysisOption.PageRules => "grouping rules",
        _ => "number of sampled source pages",
    };
}
