using TeloMesh.Core.Journeys;
using TeloMesh.Core.Pipeline;

namespace TeloMesh.Web.Model;

/// <summary>
/// The goals part of the re-analyse dialog: the goal pages and events chosen so far (starting from the dataset's), what
/// they can be chosen from once the dataset's names are read, and the suggestions not yet taken.
/// </summary>
public sealed class GoalsForm(GoalSet current)
{
    private readonly List<string> _pages = [.. current.Pages];
    private readonly List<string> _events = [.. current.Events];

    public IReadOnlyList<string> Pages => _pages;

    public IReadOnlyList<string> Events => _events;

    public bool IsEmpty => _pages.Count == 0 && _events.Count == 0;

    /// <summary>The dataset's pages and events, once read (null until then, or when they could not be).</summary>
    public GoalChoices? Choices { get; private set; }

    /// <summary>Why the dataset's names could not be read; null when they were, or are still being read.</summary>
    public string? ChoicesProblem { get; private set; }

    /// <summary>Whether the names are still being read.</summary>
    public bool Loading => Choices is null && ChoicesProblem is null;

    public void Loaded(GoalChoices choices) => Choices = choices;

    public void Failed(string problem) => ChoicesProblem = problem;

    /// <summary>The suggestions not chosen yet.</summary>
    public IReadOnlyList<GoalSuggestion> OpenSuggestions =>
        Choices is null ? [] : [.. Choices.Suggestions.Where(s => !(s.IsPage ? _pages : _events).Contains(s.Name, StringComparer.Ordinal))];

    public IEnumerable<string> SearchPages(string? text) => Choices is null ? [] : GoalChoices.Search(Choices.Pages, text, _pages);

    public IEnumerable<string> SearchEvents(string? text) => Choices is null ? [] : GoalChoices.Search(Choices.Events, text, _events);

    public void Add(GoalSuggestion suggestion)
    {
        if (suggestion.IsPage) AddPage(suggestion.Name);
        else AddEvent(suggestion.Name);
    }

    public void AddPage(string? page) => Add(_pages, page);

    public void AddEvent(string? evt) => Add(_events, evt);

    public void RemovePage(string page) => _pages.Remove(page);

    public void RemoveEvent(string evt) => _events.Remove(evt);

    public GoalSet ToGoalSet() => new(_pages, _events);

    /// <summary>Core's message when a chosen goal matches no page or event (checked when the names are known).</summary>
    public string? Unmatched() => Choices?.Unmatched(ToGoalSet());

    private static void Add(List<string> goals, string? name)
    {
        if (!string.IsNullOrEmpty(name) && !goals.Contains(name, StringComparer.Ordinal)) goals.Add(name);
    }
}
