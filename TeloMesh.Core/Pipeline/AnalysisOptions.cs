using TeloMesh.Core.Graph;
using TeloMesh.Core.Sessions;

namespace TeloMesh.Core.Pipeline;

/// <summary>
/// Every option of an analysis, in one record that travels with the result (and into <c>dataset_info.json</c>),
/// so a number can always be traced to how it was computed.
/// </summary>
public sealed record AnalysisOptions
{
    /// <summary>The session gap of the gap rule (SPEC.md section 2); 30 minutes by default.</summary>
    public TimeSpan SessionGap { get; init; } = SessionOptions.Default.Gap;

    /// <summary>Edge lengths for betweenness; <see cref="BetweennessMode.Probability"/> by default.</summary>
    public BetweennessMode Betweenness { get; init; } = BetweennessMode.Probability;

    /// <summary><see cref="CompatMode.TeloMesh"/> reproduces the original's numbers and forces reference betweenness.</summary>
    public CompatMode Compat { get; init; } = CompatMode.Default;

    /// <summary>Fail on the first bad row instead of skipping it.</summary>
    public bool Strict { get; init; }

    /// <summary>Keep the query string when a vendor export's page is a URL (off: queries usually carry tracking noise).</summary>
    public bool KeepQuery { get; init; }

    /// <summary>The chokepoint percentile: the worst tenth by SPEC.md.</summary>
    public double ChokepointPercentile { get; init; } = 0.9;

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

    /// <summary>The mode betweenness actually uses: compatibility mode always uses reference lengths.</summary>
    public BetweennessMode EffectiveBetweenness => Compat == CompatMode.TeloMesh ? BetweennessMode.Reference : Betweenness;

    public static AnalysisOptions Default { get; } = new();

    /// <summary>What the sessions and their counts depend on.</summary>
    public AggregationKey AggregationKey => new(SessionGap);

    /// <summary>What the graph and the flow metrics depend on.</summary>
    public GraphKey GraphKey => new(AggregationKey, Compat);

    /// <summary>What betweenness depends on.</summary>
    public BetweennessKey BetweennessKey => new(GraphKey, EffectiveBetweenness, BetweennessSampleAbove, BetweennessSamples);

    /// <summary>What reading the source depends on (with the column mapping, which is the dataset's, not the analysis's).</summary>
    public IngestKey IngestKey => new(Strict, KeepQuery);
}

// Each stage's key holds exactly the options the stage reads (and the key of the stage before it): an earlier result is
// used again only when its key is equal, so an option added to a stage's key can never be served stale by the others.

/// <summary>The options sessions and their counts are made with (later: goals, grouping rules, a slice).</summary>
public readonly record struct AggregationKey(TimeSpan SessionGap);

/// <summary>The options the journey graph and the flow metrics are made with.</summary>
public readonly record struct GraphKey(AggregationKey Aggregation, CompatMode Compat);

/// <summary>The options betweenness is computed with.</summary>
public readonly record struct BetweennessKey(GraphKey Graph, BetweennessMode Mode, int? SampleAbove, int Samples);

/// <summary>The options a source file is read with.</summary>
public readonly record struct IngestKey(bool Strict, bool KeepQuery);
