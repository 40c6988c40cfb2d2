using TeloMesh.Core.Events;
using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Model;

/// <summary>
/// What goals can be chosen from for one dataset: its own pages and events (sorted, so a search lists them in a stable
/// order) and the likely goals Core suggests. Made from an analysis's counts, so a name chosen here always exists.
/// </summary>
public sealed class GoalChoices
{
    /// <summary>How many names a search lists at most: a real site has tens of thousands of URLs.</summary>
    public const int MaxListed = 50;

    private readonly JourneyAggregates _aggregates;

    private GoalChoices(JourneyAggregates aggregates)
    {
        _aggregates = aggregates;
        Pages = [.. aggregates.Pages.Values.Order(StringComparer.Ordinal)];
        Events = [.. aggregates.Events.Values.Order(StringComparer.Ordinal)];
        Suggestions = GoalSuggestions.Suggest(aggregates);
    }

    /// <summary>The choices of an analysed dataset.</summary>
    public static GoalChoices From(AnalysisResult result) => new(result.Aggregates);

    public IReadOnlyList<string> Pages { get; }

    public IReadOnlyList<string> Events { get; }

    /// <summary>Likely goals (named like a success, or where many sessions end), each with its reason.</summary>
    public IReadOnlyList<GoalSuggestion> Suggestions { get; }

    /// <summary>
    /// The names that contain <paramref name="text"/> (case ignored), leaving out <paramref name="chosen"/>: all when the
    /// text is empty, at most <see cref="MaxListed"/> + 1 (the one more tells the list that there are more).
    /// </summary>
    public static IEnumerable<string> Search(IReadOnlyList<string> names, string? text, IReadOnlyCollection<string> chosen)
    {
        var wanted = text?.Trim() ?? "";
        return names.Where(n => (wanted.Length == 0 || n.Contains(wanted, StringComparison.OrdinalIgnoreCase)) && !chosen.Contains(n))
            .Take(MaxListed + 1);
    }

    /// <summary>Core's message when a goal matches no page or event of the dataset (with the nearest names); null when all match.</summary>
    public string? Unmatched(GoalSet goals)
    {
        try
        {
            GoalCheck.ThrowIfUnmatched(goals, _aggregates);
            return null;
        }
        catch (InvalidInputException e)
        {
            return e.Message;
        }
    }
}
