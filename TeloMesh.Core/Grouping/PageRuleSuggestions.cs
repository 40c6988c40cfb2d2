using System.Text.RegularExpressions;

namespace TeloMesh.Core.Grouping;

/// <summary>A suggested grouping rule, with how many distinct pages it renames (applied after the suggestions before it).</summary>
/// <param name="PagesMerged">Distinct pages the rule renames, once the rules before it have taken theirs.</param>
/// <param name="Into">How many names those pages become (1 for a rule without groups).</param>
/// <param name="Reason">Why: ids in a segment, many values in a segment, or query strings and fragments.</param>
public sealed record PageRuleSuggestion(string Pattern, string Name, int PagesMerged, int Into, string Reason)
{
    /// <summary>The rule as a line of a rules file.</summary>
    public string Rule => $"{Pattern} => {Name}";
}

/// <summary>
/// Grouping rules suggested from the data (docs/metrics.md section 11): a path segment whose values are numbers, UUIDs or
/// hex ids of 8+ characters, or that takes more than <see cref="DistinctValuesAbove"/> distinct values under the same
/// parent path, becomes <c>:id</c>; each resulting page type is a glob rule (<c>/product/* =&gt; /product/:id</c>). Last,
/// when pages carry query strings or fragments, a rule that drops them.
/// </summary>
public static partial class PageRuleSuggestions
{
    /// <summary>A segment with more distinct values than this under one parent path is an id.</summary>
    public const int DistinctValuesAbove = 50;

    /// <summary>The rule that drops a query string or fragment (tracking parameters split one page into many).</summary>
    public const string DropQueryPattern = "~([^?#]*)[?#].*", DropQueryName = "$1";

    [GeneratedRegex("^(?:[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{8,})$", RegexOptions.CultureInvariant)]
    private static partial Regex IdLike();

    /// <summary>Whether a path segment is a number, a UUID or a hex id of 8+ characters.</summary>
    public static bool IsId(string segment) => IdLike().IsMatch(segment);

    /// <summary>
    /// The suggestions for these distinct pages, in the order to apply them: the page types that rename the most pages first
    /// (ties in code point order), the query rule last; each measured after those before it.
    /// </summary>
    public static IReadOnlyList<PageRuleSuggestion> Suggest(IReadOnlyCollection<string> pages)
    {
        static string Path(string page) => page.IndexOfAny(['?', '#']) is var cut and >= 0 ? page[..cut] : page;
        var paths = pages.Select(Path).Distinct(StringComparer.Ordinal).ToList();
        var segments = paths.ToDictionary(p => p, p => p.Split('/'), StringComparer.Ordinal);
        var original = paths.ToDictionary(p => p, p => p.Split('/'), StringComparer.Ordinal);
        var byIds = new HashSet<string>(StringComparer.Ordinal);
        var byCount = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, parts) in segments)
            for (var i = 1; i < parts.Length; i++)
                if (IsId(parts[i]))
                {
                    parts[i] = ":id";
                    byIds.Add(path);
                }
        // Left to right, so a segment's parent is already grouped (/blog/:id/:id/<slug>). The values a segment takes are all
        // of them, ids included: 30 numbers and 21 words under /product are 51 values.
        var depth = segments.Values.Select(s => s.Length).DefaultIfEmpty(0).Max();
        for (var i = 1; i < depth; i++)
        {
            var crowded = segments.Where(s => s.Value.Length > i)
                .GroupBy(s => string.Join('/', s.Value.Take(i)), StringComparer.Ordinal)
                .Where(g => g.Select(s => original[s.Key][i]).Distinct(StringComparer.Ordinal).Count() > DistinctValuesAbove)
                .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var (path, parts) in segments)
                if (parts.Length > i && parts[i] != ":id" && crowded.Contains(string.Join('/', parts.Take(i))))
                {
                    parts[i] = ":id";
                    byCount.Add(path);
                }
        }
        var types = segments.Where(s => s.Value.Contains(":id")).GroupBy(s => string.Join('/', s.Value), s => s.Key, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Pattern: g.Key.Replace(":id", "*", StringComparison.Ordinal),
                Reason: g.Any(byCount.Contains) ? g.Any(byIds.Contains) ? "ids and a segment of many values" : $"a segment of more than {DistinctValuesAbove} values"
                    : "ids (numbers, UUIDs or hex) in a segment"))
            .ToList();
        var rules = types.Select(t => (t.Pattern, t.Name, t.Reason)).ToList();
        if (pages.Any(p => p.IndexOfAny(['?', '#']) >= 0))
            rules.Add((DropQueryPattern, DropQueryName, "query strings and fragments (tracking parameters split one page into many)"));
        // Measured in their order (first match wins), then put in order of the pages each renames, the number shown with it
        // (query variants included), and measured again without those that rename nothing. Page types never overlap (a star
        // stops at '/'), so the order changes no count; the query rule stays last.
        var measured = Measure(rules, pages).Where(s => s.PagesMerged > 0).ToList();
        var useful = measured.Where(s => s.Pattern != DropQueryPattern)
            .OrderByDescending(s => s.PagesMerged).ThenBy(s => s.Name, Text.CodePointComparer.Instance)
            .Concat(measured.Where(s => s.Pattern == DropQueryPattern))
            .Select(s => (s.Pattern, s.Name, s.Reason)).ToList();
        return [.. Measure(useful, pages)];
    }

    /// <summary>Each rule with the distinct pages it renames, in order (first match wins), and the names they become.</summary>
    private static IEnumerable<PageRuleSuggestion> Measure(List<(string Pattern, string Name, string Reason)> rules, IReadOnlyCollection<string> pages)
    {
        var compiled = rules.Select((r, i) => PageRule.TryCreate(r.Pattern, r.Name, i + 1, out _)!).ToList();
        var merged = new int[rules.Count];
        var into = rules.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var page in pages)
        {
            for (var r = 0; r < compiled.Count; r++)
            {
                if (compiled[r].Apply(page) is not { } name) continue;
                if (name != page) merged[r]++;
                into[r].Add(name);
                break;
            }
        }
        return rules.Select((r, i) => new PageRuleSuggestion(r.Pattern, r.Name, merged[i], into[i].Count, r.Reason));
    }

    /// <summary>The suggestions as the text of a rules file, one rule a line.</summary>
    public static string AsText(IEnumerable<PageRuleSuggestion> suggestions) => string.Join('\n', suggestions.Select(s => s.Rule));
}
