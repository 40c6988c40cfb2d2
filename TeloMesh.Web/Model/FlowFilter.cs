using System.Globalization;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>The order of the fragile flows on the page and in the export.</summary>
public enum FlowOrder
{
    /// <summary>As the analysis found them: session by session.</summary>
    Sessions,

    /// <summary>The highest total score first (ties in session order).</summary>
    TotalScore,
}

/// <summary>The Fragile Flows filters, shared by the page and the CSV export.</summary>
public sealed record FlowFilter
{
    /// <summary>Keep flows with at least this many steps.</summary>
    public int MinLength { get; init; } = 2;

    /// <summary>Keep flows with at least this many chokepoint steps (every fragile flow has two).</summary>
    public int MinChokepoints { get; init; } = 2;

    /// <summary>
    /// Keep only the top share of all flows by total score (0.25, 0.10, 0.05, rounded up, at least one; ties in session
    /// order), as the original TeloMesh's severity filter did; all when null.
    /// </summary>
    public double? TopShare { get; init; }

    public FlowOrder Order { get; init; } = FlowOrder.Sessions;

    public IEnumerable<FragileFlow> Apply(FrictionReport report)
    {
        IEnumerable<FragileFlow> flows = report.FragileFlows;
        if (TopShare is { } share)
        {
            var top = report.FragileFlows.OrderByDescending(f => f.TotalScore) // a stable sort: ties stay in session order
                .Take(Math.Max(1, (int)Math.Ceiling(report.FragileFlows.Count * share))).ToHashSet(ReferenceEqualityComparer.Instance);
            flows = flows.Where(top.Contains);
        }
        flows = flows.Where(f => f.Steps.Count >= MinLength && f.ChokepointCount >= MinChokepoints);
        return Order == FlowOrder.TotalScore ? flows.OrderByDescending(f => f.TotalScore) : flows;
    }

    public string ToQuery() => QueryText.Build(
        ("minLength", MinLength.ToString(CultureInfo.InvariantCulture)), ("minChokepoints", MinChokepoints.ToString(CultureInfo.InvariantCulture)),
        ("top", TopShare?.ToString(CultureInfo.InvariantCulture)), ("order", Order == FlowOrder.TotalScore ? "score" : null));

    public static FlowFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new()
    {
        MinLength = int.TryParse(query.GetValueOrDefault("minLength"), CultureInfo.InvariantCulture, out var length) ? Math.Max(0, length) : 2,
        MinChokepoints = int.TryParse(query.GetValueOrDefault("minChokepoints"), CultureInfo.InvariantCulture, out var count) ? Math.Max(0, count) : 2,
        TopShare = double.TryParse(query.GetValueOrDefault("top"), NumberStyles.Float, CultureInfo.InvariantCulture, out var top) && top is > 0 and <= 1 ? top : null,
        Order = query.GetValueOrDefault("order") == "score" ? FlowOrder.TotalScore : FlowOrder.Sessions,
    };

    public string FileSuffix() => string.Create(CultureInfo.InvariantCulture,
        $"-min{MinLength}steps-min{MinChokepoints}chokepoints{(TopShare is { } share ? $"-top{share * 100:0}" : "")}{(Order == FlowOrder.TotalScore ? "-by-score" : "")}");
}
