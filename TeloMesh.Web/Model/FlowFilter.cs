using System.Globalization;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>The Fragile Flows filters, shared by the page and the CSV export.</summary>
public sealed record FlowFilter
{
    /// <summary>Keep flows with at least this many steps.</summary>
    public int MinLength { get; init; } = 2;

    /// <summary>Keep flows with at least this many chokepoint steps (every fragile flow has two).</summary>
    public int MinChokepoints { get; init; } = 2;

    public IEnumerable<FragileFlow> Apply(FrictionReport report) =>
        report.FragileFlows.Where(f => f.Steps.Count >= MinLength && f.ChokepointCount >= MinChokepoints);

    public string ToQuery() => QueryText.Build(
        ("minLength", MinLength.ToString(CultureInfo.InvariantCulture)), ("minChokepoints", MinChokepoints.ToString(CultureInfo.InvariantCulture)));

    public static FlowFilter FromQuery(IReadOnlyDictionary<string, string?> query) => new()
    {
        MinLength = int.TryParse(query.GetValueOrDefault("minLength"), CultureInfo.InvariantCulture, out var length) ? Math.Max(0, length) : 2,
        MinChokepoints = int.TryParse(query.GetValueOrDefault("minChokepoints"), CultureInfo.InvariantCulture, out var count) ? Math.Max(0, count) : 2,
    };

    public string FileSuffix() => string.Create(CultureInfo.InvariantCulture, $"-min{MinLength}steps-min{MinChokepoints}chokepoints");
}
