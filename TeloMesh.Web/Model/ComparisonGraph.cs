using System.Text.RegularExpressions;
using TeloMesh.Core.Comparison;
using TeloMesh.Core.Friction;
using TeloMesh.Core.Heatmap;

namespace TeloMesh.Web.Model;

/// <summary>Where a transition leads, seen from the page it leaves (the Compare graph's colour rule).</summary>
public enum Destination
{
    Neither,
    TowardGoal,
    TowardExit,
}

/// <summary>How a transition's change is drawn on the Compare graph.</summary>
public enum EdgeVerdict
{
    /// <summary>Not a significant change: thin and grey.</summary>
    Unchanged,

    /// <summary>Its share grew toward an exit or an error, or shrank toward the goal: red.</summary>
    Worse,

    /// <summary>Its share grew toward the goal, or shrank toward an exit or an error: green.</summary>
    Better,

    /// <summary>A significant change toward neither: blue.</summary>
    Changed,
}

/// <summary>How a page ends journeys over the whole dataset: its exit rate, its conversion rate (with goals) and whether it is a goal page.</summary>
/// <param name="ExitRate">Sessions that ended on the page (with goals, without converting) / steps on it.</param>
/// <param name="ConversionRate">The conversions of its (page, event) pairs over their sessions; null without goals.</param>
public sealed record PageOutcome(double ExitRate, double? ConversionRate, bool IsGoal);

/// <summary>A significant transition change as it is drawn: where it leads, its verdict and its thickness.</summary>
public sealed record DrawnChange(Change Change, Destination Destination, EdgeVerdict Verdict, double Width)
{
    public string Colour => ComparisonGraph.Colour(Verdict);
}

/// <summary>
/// The journey graph of the Compare page: the heatmap's layout with neutral pages (goals green), its main routes thin and
/// grey, and every significant transition change (q &lt; 0.05) coloured by <see cref="Rule"/>, thicker with more impact.
/// A plain class, tested without rendering; the page draws it with the heatmap's diagram.
/// </summary>
public sealed partial class ComparisonGraph
{
    public const string WorseColour = "#e53935", BetterColour = "#43a047", ChangedColour = "#7c9cff", UnchangedColour = "#8a8fa366";

    /// <summary>Thickness of a change edge: from <see cref="MinWidth"/> to <see cref="MaxWidth"/> for the largest impact drawn.</summary>
    public const double MinWidth = 2, MaxWidth = 8, UnchangedWidth = 1;

    /// <summary>The colour rule in words, for the page's legend (the README's glossary says the same).</summary>
    public const string Rule =
        "A transition P → Q whose share of the transitions out of P changed significantly (q < 0.05) is coloured by where Q leads. " +
        "Q leads toward the goal when it is a goal page or, with goals, when its conversion rate is higher than P's; it leads toward an exit " +
        "when its name looks like an error (error, fail, 404, 500, not found) or its exit rate is higher than P's (checked in that order, over the " +
        "whole dataset). Red: the share grew toward an exit or shrank toward the goal. Green: it grew toward the goal or shrank toward an exit. " +
        "Blue: changed, toward neither. Thicker with more impact; other transitions thin and grey.";

    private readonly Dictionary<(string From, string To), DrawnChange> _changes;

    private ComparisonGraph(FlowHeatmap heatmap, Dictionary<(string, string), DrawnChange> changes, int notDrawn)
    {
        Heatmap = heatmap;
        _changes = changes;
        NotDrawn = notDrawn;
    }

    /// <summary>What is drawn: every page, the main routes and the changed transitions.</summary>
    public FlowHeatmap Heatmap { get; }

    /// <summary>The significant transition changes drawn, by (from page, to page).</summary>
    public IReadOnlyDictionary<(string From, string To), DrawnChange> Changes => _changes;

    /// <summary>Significant transition changes that cannot be drawn: a page followed by itself, or a page this dataset does not have.</summary>
    public int NotDrawn { get; }

    /// <summary>
    /// The graph of a comparison over this dataset's analysis: <paramref name="strongest"/> (the heatmap of each page's
    /// main routes) and <paramref name="all"/> (every transition, same layout) give the pages and edges,
    /// <paramref name="friction"/> the pages' outcomes for the rule.
    /// </summary>
    public static ComparisonGraph Build(ComparisonResult result, FrictionReport friction, FlowHeatmap strongest, FlowHeatmap all)
    {
        var outcomes = Outcomes(friction);
        var significant = result.Changes.Where(c => c.Kind == ChangeKind.Transition && c.Significant).ToList();
        var pages = all.Nodes.Select(n => n.Page).ToHashSet(StringComparer.Ordinal);
        var drawable = significant.Where(c => c.Page != c.ToPage && pages.Contains(c.Page) && pages.Contains(c.ToPage)).ToList();
        var largest = drawable.Count == 0 ? 0 : drawable.Max(c => c.Impact);
        var changes = new Dictionary<(string, string), DrawnChange>();
        foreach (var c in drawable)
        {
            var destination = Toward(c.Page, c.ToPage, outcomes);
            changes[(c.Page, c.ToPage)] = new DrawnChange(c, destination, Judge(c, destination), Width(c.Impact, largest));
        }
        var main = strongest.Edges.Select(e => (e.From, e.To)).ToHashSet();
        var edges = all.Edges.Where(e => main.Contains((e.From, e.To)) || changes.ContainsKey((e.From, e.To))).ToList();
        // A change between two pages with no transition in this dataset's graph (a comparison with another dataset, whose
        // transition vanished here) gets an edge of its own, so every drawable change is drawn.
        var present = edges.Select(e => (e.From, e.To)).ToHashSet();
        edges.AddRange(changes.Keys.Where(k => !present.Contains(k)).Select(k => new HeatmapEdge(k.Item1, k.Item2, 0, "", UnchangedWidth)));
        var nodes = all.Nodes.Select(n => n with { Tier = NodeTier.Rest }).ToList();
        return new ComparisonGraph(all with { Nodes = nodes, Edges = edges }, changes, significant.Count - drawable.Count);
    }

    /// <summary>Each page's outcome over the whole dataset, from its (page, event) pairs.</summary>
    public static IReadOnlyDictionary<string, PageOutcome> Outcomes(FrictionReport friction)
    {
        var totals = FlowHeatmap.PageTotals(friction);
        var goalPages = FlowHeatmap.GoalPages(friction);
        var withGoals = friction.Goals is not null;
        return friction.Points.GroupBy(p => p.Page, StringComparer.Ordinal).ToDictionary(g => g.Key, g =>
        {
            var (steps, exits) = totals[g.Key];
            var sessions = g.Sum(p => p.Goal?.Sessions ?? 0);
            double? conversion = withGoals ? sessions == 0 ? 0 : (double)g.Sum(p => p.Goal?.Conversions ?? 0) / sessions : null;
            return new PageOutcome(steps == 0 ? 0 : (double)exits / steps, conversion, goalPages.Contains(g.Key));
        }, StringComparer.Ordinal);
    }

    /// <summary>
    /// Where the transition <paramref name="from"/> → <paramref name="to"/> leads, checked in this order: a goal page is
    /// toward the goal; a name like an error is toward an exit; with goals, a higher conversion rate than the source's is
    /// toward the goal; a higher exit rate than the source's is toward an exit; else neither.
    /// </summary>
    public static Destination Toward(string from, string to, IReadOnlyDictionary<string, PageOutcome> pages)
    {
        if (!pages.TryGetValue(from, out var source) || !pages.TryGetValue(to, out var destination)) return Destination.Neither;
        if (destination.IsGoal) return Destination.TowardGoal;
        if (LooksLikeError(to)) return Destination.TowardExit;
        if (destination.ConversionRate > source.ConversionRate) return Destination.TowardGoal;
        if (destination.ExitRate > source.ExitRate) return Destination.TowardExit;
        return Destination.Neither;
    }

    /// <summary>
    /// Red (worse) when the share grew toward an exit or shrank toward the goal, green (better) the other way round, blue
    /// (changed) toward neither; a change that is not significant is unchanged.
    /// </summary>
    public static EdgeVerdict Judge(Change change, Destination destination)
    {
        if (!change.Significant || change.Difference == 0) return EdgeVerdict.Unchanged;
        var grew = change.Difference > 0;
        return destination switch
        {
            Destination.TowardGoal => grew ? EdgeVerdict.Better : EdgeVerdict.Worse,
            Destination.TowardExit => grew ? EdgeVerdict.Worse : EdgeVerdict.Better,
            _ => EdgeVerdict.Changed,
        };
    }

    /// <summary>
    /// A page named like an error: error(s), fail, failed, failure, 404, 500 or not found (any case) as a word of its own,
    /// between characters that are neither letters nor digits (so <c>/payment_failed</c> is one, <c>/product/1500</c> is not).
    /// </summary>
    public static bool LooksLikeError(string page) => ErrorName().IsMatch(page);

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(errors?|fail(ed|ure)?|404|500|not[-_ ]?found)(?![\p{L}\p{N}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorName();

    public static string Colour(EdgeVerdict verdict) => verdict switch
    {
        EdgeVerdict.Worse => WorseColour,
        EdgeVerdict.Better => BetterColour,
        EdgeVerdict.Changed => ChangedColour,
        _ => UnchangedColour,
    };

    /// <summary><see cref="MinWidth"/> + (<see cref="MaxWidth"/> - <see cref="MinWidth"/>) × impact / the largest impact drawn.</summary>
    public static double Width(double impact, double largest) => largest <= 0 ? MinWidth : MinWidth + (MaxWidth - MinWidth) * impact / largest;

    /// <summary>How an edge of <see cref="Heatmap"/> is drawn: its change's colour and thickness, or thin and grey.</summary>
    public (string Colour, double Width) Style(HeatmapEdge edge) =>
        _changes.TryGetValue((edge.From, edge.To), out var drawn) ? (drawn.Colour, drawn.Width) : (UnchangedColour, UnchangedWidth);
}
