using System.Globalization;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the Fragile Flows page: the report, the filter and the page of flows shown. The filtered flows are
/// computed once per filter change, and a new filter goes back to the first page.
/// </summary>
public sealed class FragileFlowsViewModel(FrictionReport report)
{
    /// <summary>Flows per page: each is a card with its path and a table of steps.</summary>
    public const int PageSize = 10;

    private readonly FilteredRows<FlowFilter, FragileFlow> _flows = new(new(), filter => filter.Apply(report));
    private int _page = 1;

    public FrictionReport Report { get; } = report;

    public FlowFilter Filter
    {
        get => _flows.Filter;
        set
        {
            _flows.Filter = value;
            _page = 1;
        }
    }

    /// <summary>Every flow the filter keeps.</summary>
    public IReadOnlyList<FragileFlow> Flows => _flows.Rows;

    /// <summary>How many pages of <see cref="PageSize"/> flows; one, even when no flow is kept.</summary>
    public int PageCount => Math.Max(1, (Flows.Count + PageSize - 1) / PageSize);

    /// <summary>The page shown, 1-based, kept within 1..<see cref="PageCount"/>.</summary>
    public int Page
    {
        get => _page;
        set => _page = Math.Clamp(value, 1, PageCount);
    }

    /// <summary>The flows on <see cref="Page"/>.</summary>
    public IEnumerable<FragileFlow> Shown => Flows.Skip((Page - 1) * PageSize).Take(PageSize);

    /// <summary>The time from the step before to step <paramref name="index"/> of <paramref name="flow"/>: "+1 min 45 s"; empty for the first step.</summary>
    public static string SinceStepBefore(FragileFlow flow, int index) => index == 0 ? ""
        : Durations.Since((double)(flow.Steps[index].TimestampTicks - flow.Steps[index - 1].TimestampTicks) / TimeSpan.TicksPerSecond);

    /// <summary>How many flows the filter keeps, of all: "4 of 4 fragile flows".</summary>
    public string FlowCount => string.Create(CultureInfo.InvariantCulture, $"{Flows.Count:N0} of {Report.FragileFlows.Count:N0} fragile flows");
}
