using System.Globalization;
using TeloMesh.Core.Events;
using TeloMesh.Core.Grouping;

namespace TeloMesh.Web.Model;

/// <summary>
/// The state of the page grouping dialog (docs/metrics.md section 11): the dataset's pages as read, the rules suggested
/// from them, the rules being edited (as text, one a line) and what they make of the pages: how many remain, and the
/// busiest pages before and after.
/// </summary>
public sealed class GroupingForm
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>How many of the busiest pages the preview lists.</summary>
    public const int PreviewRows = 50;

    private readonly IReadOnlyList<PageCount> _pages;

    /// <param name="pages">The pages as read, busiest first (<see cref="Core.Journeys.IJourneySource.PagesAsync"/>).</param>
    /// <param name="current">The rules the dataset is analysed with.</param>
    public GroupingForm(IReadOnlyList<PageCount> pages, PageRules current)
    {
        _pages = pages;
        Suggestions = PageRuleSuggestions.Suggest([.. pages.Select(p => p.Page)]);
        Text = current.Text;
    }

    public IReadOnlyList<PageRuleSuggestion> Suggestions { get; }

    /// <summary>The rules as edited, one a line.</summary>
    public string Text
    {
        get;
        set
        {
            field = value;
            Check();
        }
    } = "";

    /// <summary>The rules of <see cref="Text"/>; null while it has a problem.</summary>
    public PageRules? Rules { get; private set; }

    /// <summary>What is wrong with the rules (the line and the reason), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>Pages as read, and what they become: distinct names after the rules.</summary>
    public (int Before, int After) Counts { get; private set; }

    /// <summary>The busiest pages with the names the rules give them.</summary>
    public IReadOnlyList<(string Page, long Events, string Grouped)> Preview { get; private set; } = [];

    /// <summary>"20,113 pages as read become 87" (or "... stay 50" without a change).</summary>
    public string CountText => Counts.After == Counts.Before
        ? string.Create(C, $"{Counts.Before:N0} pages as read; these rules group none of them.")
        : string.Create(C, $"{Counts.Before:N0} pages as read become {Counts.After:N0}.");

    /// <summary>Whether <paramref name="suggestion"/>'s rule is in the text already.</summary>
    public bool Has(PageRuleSuggestion suggestion) => Rules?.Rules.Any(r => r.ToString() == suggestion.Rule) == true;

    /// <summary>Adds a suggested rule as the last line.</summary>
    public void Add(PageRuleSuggestion suggestion) => Text = Text.TrimEnd() is { Length: > 0 } text ? $"{text}\n{suggestion.Rule}" : suggestion.Rule;

    /// <summary>Adds every suggested rule not in the text yet, in the suggested order.</summary>
    public void AddAll()
    {
        foreach (var suggestion in Suggestions.Where(s => !Has(s))) Add(suggestion);
    }

    private void Check()
    {
        try
        {
            var rules = PageRules.Parse(Text);
            var grouped = _pages.Select(p => rules.Apply(p.Page)).ToList();
            Counts = (_pages.Count, grouped.Distinct(StringComparer.Ordinal).Count());
            Preview = [.. _pages.Take(PreviewRows).Select((p, i) => (p.Page, p.Events, grouped[i]))];
            Rules = rules;
            Problem = null;
        }
        catch (InvalidInputException e)
        {
            Rules = null;
            Problem = e.Message;
        }
    }
}
