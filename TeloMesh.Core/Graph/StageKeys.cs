using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Graph;

/// <summary>The options the journey graph and the flow metrics are made with.</summary>
public readonly record struct GraphKey(AggregationKey Aggregation, CompatMode Compat);

/// <summary>The options betweenness is computed with.</summary>
public readonly record struct BetweennessKey(GraphKey Graph, BetweennessMode Mode, int? SampleAbove, int Samples);
