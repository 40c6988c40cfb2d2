using System.Globalization;
using TeloMesh.Core.Journeys;

namespace TeloMesh.Core.Friction;

/// <summary>What a page is to the journeys (docs/metrics.md section 13), from rules on its measured numbers.</summary>
public enum PageRole
{
    /// <summary>Sessions succeed here (a goal page, or every pair of it is a goal).</summary>
    Goal,

    /// <summary>Sessions end here more than on the site as a whole, for sure, and fixing it would gain conversions.</summary>
    Leak,

    /// <summary>Half or more of its visits end the session, for sure more than on the site as a whole.</summary>
    DeadEnd,

    /// <summary>Among the top tenth of pages by betweenness: many journeys pass here.</summary>
    Hub,

    /// <summary>At least 5 % of sessions start here.</summary>
    Entry,

    /// <summary>With goals: half or more of the converting sessions pass it.</summary>
    FunnelStep,

    /// <summary>None of the above.</summary>
    Other,
}

/// <summary>What to do about a page, most urgent first.</summary>
public enum PageAction
{
    /// <summary>A leak: trusted worse than the site, with a projected gain.</summary>
    Fix,

    /// <summary>Friction without a gain to show (no goals, or a chokepoint or dead end), or worse than the site but not for sure.</summary>
    Investigate,

    /// <summary>Structurally important (a hub or an entry) and not a problem now.</summary>
    Watch,

    /// <summary>Working as it should (a goal, a funnel step) or unremarkable.</summary>
    Keep,
}

/// <summary>One page of the decision table, with the numbers its rule read.</summary>
/// <param name="Traffic">Steps on the page.</param>
/// <param name="Exits">Sessions that ended on it (with goals, without converting).</param>
/// <param name="Starts">Sessions whose first step is on it.</param>
/// <param name="Betweenness">Its betweenness, scaled so the top page is 1.</param>
/// <param name="Score">Its worst (page, event) friction score.</param>
/// <param name="Gain">Its largest projected gain (conversions per 1,000 sessions); NaN without goals or when not computed.</param>
/// <param name="ConvertingShare">With goals: the share of converting sessions its busiest converting pair is in; NaN without.</param>
public sealed record DecisionRow(string Page, PageRole Role, PageAction Action, string Reason, int Traffic, int Exits, int Starts,
    double ExitRate, double ExitRateLow, double ExitRateHigh, double Betweenness, double Score, bool IsChokepoint, double Gain, double ConvertingShare);

/// <summary>
/// The decision table (docs/metrics.md section 13): a role per page from rules on its numbers, an action from the role and
/// how sure the numbers are, and a reason that quotes them. Built from the aggregates and the friction report, so it is the
/// same for every source.
/// </summary>
public static class DecisionTable
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A leak gains at least this many conversions per 1,000 sessions.</summary>
    public const double MinGain = 1.0;

    /// <summary>An entry page starts at least this share of sessions (as the heatmap puts entries on top).</summary>
    public const double EntryShare = 0.05;

    /// <summary>A dead end ends at least this share of its visits.</summary>
    public const double DeadEndRate = 0.5;

    /// <summary>A hub's betweenness is at or above this percentile of the pages' non-zero betweenness (linear, as for chokepoints).</summary>
    public const double HubPercentile = 0.9;

    /// <summary>A funnel step is passed by at least this share of the converting sessions.</summary>
    public const double FunnelShare = 0.5;

    /// <summary>The site's exit rate: sessions lost (with goals, those that did not convert) over all steps.</summary>
    public static double SiteExitRate(FrictionReport report)
    {
        long steps = 0, exits = 0;
        foreach (var p in report.Points)
        {
            steps += p.Occurrences;
            exits += p.Exits;
        }
        return steps == 0 ? 0 : (double)exits / steps;
    }

    /// <summary>One row per page, fix first (largest gain first), then investigate, watch and keep (each by score, then page).</summary>
    public static IReadOnlyList<DecisionRow> Build(JourneyAggregates aggregates, FrictionReport report)
    {
        var site = SiteExitRate(report);
        var starts = aggregates.SessionStarts();
        var goals = report.Goals;
        var goalPages = new HashSet<string>(goals?.Goals.Pages ?? [], StringComparer.Ordinal);
        var pages = report.Points.GroupBy(p => p.Page, StringComparer.Ordinal).ToList();
        var positive = pages.Select(g => g.First().Betweenness).Where(b => b > 0).ToList();
        var hubAtLeast = positive.Count == 0 ? double.PositiveInfinity : Percentile.Linear(positive, HubPercentile);
        var rows = new List<DecisionRow>();
        foreach (var page in pages)
        {
            var traffic = page.Sum(p => p.Occurrences);
            var exits = page.Sum(p => p.Exits);
            var rate = traffic == 0 ? 0 : (double)exits / traffic;
            var (low, high) = WilsonInterval.Of(exits, traffic);
            var id = aggregates.Pages.Find(page.Key);
            var started = id < 0 ? 0 : starts[id];
            var betweenness = page.First().Betweenness;
            var score = page.Max(p => p.Score);
            var chokepoint = page.Any(p => p.IsChokepoint);
            var gains = page.Where(p => p.Goal is { HasGain: true, IsGoal: false }).Select(p => p.Goal!.ProjectedGain).ToList();
            var gain = gains.Count == 0 ? double.NaN : gains.Max();
            var converting = goals is null || goals.Converted == 0 ? double.NaN
                : (double)page.Max(p => p.Goal?.Conversions ?? 0) / goals.Converted;
            var isGoal = goalPages.Contains(page.Key) || page.All(p => p.IsGoal);
            var trusted = low > site;
            var role = isGoal ? PageRole.Goal
                : trusted && gain >= MinGain ? PageRole.Leak
                : trusted && rate >= DeadEndRate ? PageRole.DeadEnd
                : betweenness > 0 && betweenness >= hubAtLeast ? PageRole.Hub
                : started >= EntryShare * aggregates.Sessions && started > 0 ? PageRole.Entry
                : converting >= FunnelShare ? PageRole.FunnelStep
                : PageRole.Other;
            // Only what the interval makes sure of asks for work: a chokepoint, or an exit rate above the site's for sure.
            var action = role switch
            {
                PageRole.Leak => PageAction.Fix,
                PageRole.DeadEnd => PageAction.Investigate,
                _ when role != PageRole.Goal && (chokepoint || trusted) => PageAction.Investigate,
                PageRole.Hub or PageRole.Entry => PageAction.Watch,
                _ => PageAction.Keep,
            };
            var exitText = string.Create(C, $"exit rate {Percent(rate)} % ({Percent(low)}–{Percent(high)}) vs site {Percent(site)} %");
            var reason = role switch
            {
                PageRole.Goal => "a goal page: sessions succeed here",
                PageRole.Leak => string.Create(C, $"{exitText}; +{gain:0.0} conversions per 1,000 sessions if {goals!.GainReduction:P0} fewer sessions ended here"),
                PageRole.DeadEnd => $"{exitText}: most visits end the session",
                PageRole.Hub => string.Create(C, $"betweenness {betweenness:0.000}, in the top tenth of pages: many journeys pass here"),
                PageRole.Entry => string.Create(C, $"{(double)started / aggregates.Sessions:P1} of sessions start here ({started:N0})"),
                PageRole.FunnelStep => string.Create(C, $"{converting:P1} of converting sessions pass it"),
                _ => null,
            };
            if (action == PageAction.Investigate && role is not PageRole.DeadEnd)
            {
                var detail = chokepoint ? string.Create(C, $"a chokepoint (score {score:0.0000}), {exitText}")
                    : $"{exitText}: worse than the site for sure" + (double.IsNaN(gain) ? "" : string.Create(C, $", though fixing it gains only +{gain:0.0} per 1,000 sessions"));
                reason = reason is null ? detail : $"{reason}; {detail}";
            }
            reason ??= "no rule fired";
            rows.Add(new DecisionRow(page.Key, role, action, reason, traffic, exits, started, rate, low, high, betweenness, score, chokepoint, gain, converting));
        }
        return [.. rows.OrderBy(r => r.Action).ThenByDescending(r => double.IsNaN(r.Gain) ? double.NegativeInfinity : r.Gain)
            .ThenByDescending(r => r.Score).ThenBy(r => r.Page, Text.CodePointComparer.Instance)];
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", C);

    /// <summary>The role as written in the table and the CSV ("dead end", "funnel step").</summary>
    public static string Name(PageRole role) => role switch
    {
        PageRole.DeadEnd => "dead end",
        PageRole.FunnelStep => "funnel step",
        _ => role.ToString().ToLowerInvariant(),
    };

    /// <summary>The action as written ("fix", "investigate", "watch", "keep").</summary>
    public static string Name(PageAction action) => action.ToString().ToLowerInvariant();
}
