using System.Text;
using System.Text.RegularExpressions;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.Grouping;

/// <summary>
/// One grouping rule (docs/metrics.md section 11): <c>PATTERN =&gt; NAME</c>. A glob pattern's <c>*</c> matches any
/// characters but <c>/</c> (within one path segment) and <c>**</c> any characters including <c>/</c>; everything else is
/// literal and the whole page must match. A pattern starting <c>~</c> is a .NET regular expression over the whole page,
/// whose groups the name may use (<c>$1</c>, <c>${name}</c>).
/// </summary>
public sealed class PageRule
{
    /// <summary>How long one regular expression may take on one page before the rule is refused.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Regex _regex;

    private PageRule(string pattern, string name, int line, Regex regex)
    {
        Pattern = pattern;
        Name = name;
        Line = line;
        _regex = regex;
    }

    public string Pattern { get; }
    public string Name { get; }

    /// <summary>The rule's line in its text (1-based), for messages.</summary>
    public int Line { get; }

    /// <summary>Whether the pattern is a regular expression (<c>~</c>), whose name may use its groups.</summary>
    public bool IsRegex => Pattern.StartsWith('~');

    /// <summary>The rule for <paramref name="pattern"/> and <paramref name="name"/>; null with <paramref name="problem"/> saying why not.</summary>
    public static PageRule? TryCreate(string pattern, string name, int line, out string? problem)
    {
        problem = pattern.Length == 0 || pattern == "~" ? "the pattern is empty"
            : name.Length == 0 ? "the name after => is empty"
            : null;
        if (problem is not null) return null;
        try
        {
            var regex = pattern.StartsWith('~')
                ? new Regex($"^(?:{pattern[1..]})$", RegexOptions.CultureInvariant, MatchTimeout)
                // A glob has no groups and no backreferences: the non-backtracking engine runs it in linear time.
                : new Regex(GlobToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            return new PageRule(pattern, name, line, regex);
        }
        catch (ArgumentException e)
        {
            problem = $"the regular expression cannot be read: {e.Message}";
            return null;
        }
    }

    /// <summary>The name <paramref name="page"/> takes under this rule, or null when the rule does not match it.</summary>
    /// <exception cref="InvalidInputException">The regular expression took longer than <see cref="MatchTimeout"/> on the page.</exception>
    public string? Apply(string page)
    {
        Match match;
        try
        {
            match = _regex.Match(page);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new InvalidInputException(
                $"Grouping rule on line {Line} ({Pattern}) took longer than {MatchTimeout.TotalMilliseconds:0} ms on the page '{Shorten(page)}': " +
                "simplify its regular expression (nested repeats such as (a+)+ can take forever).");
        }
        if (!match.Success) return null;
        return IsRegex ? match.Result(Name) : Name;
    }

    /// <summary><c>*</c> any characters but <c>/</c>, <c>**</c> any characters; the rest literal; the whole page.</summary>
    internal static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*')
            {
                regex.Append(Regex.Escape(glob[i].ToString()));
                continue;
            }
            var run = 1;
            while (i + run < glob.Length && glob[i + run] == '*') run++;
            regex.Append(run >= 2 ? ".*" : "[^/]*");
            i += run - 1;
        }
        return regex.Append('$').ToString();
    }

    private static string Shorten(string page) => page.Length <= 200 ? page : page[..200] + "…";

    public override string ToString() => $"{Pattern} => {Name}";
}

/// <summary>
/// Grouping rules (docs/metrics.md section 11): each page takes the name of the first rule that matches it; pages no rule
/// matches keep theirs. Compared by their text, so rules read twice from the same text are the same options.
/// </summary>
public sealed class PageRules : IEquatable<PageRules>
{
    private PageRules(IReadOnlyList<PageRule> rules)
    {
        Rules = rules;
        Text = string.Join('\n', rules.Select(r => r.ToString()));
    }

    public static PageRules None { get; } = new([]);

    public IReadOnlyList<PageRule> Rules { get; }

    /// <summary>The rules one per line, as <see cref="Parse"/> reads them (blank lines and comments left out).</summary>
    public string Text { get; }

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>
    /// Reads one rule per line, <c>PATTERN =&gt; NAME</c>; blank lines and lines starting with <c>#</c> are skipped, and a
    /// <c>#</c> after a space following the name starts a comment (a name holds no " #"). Throws
    /// <see cref="InvalidInputException"/> naming the line and the reason for each bad rule: no <c>=&gt;</c>, an empty
    /// pattern or name, a regular expression that cannot be read.
    /// </summary>
    public static PageRules Parse(string text)
    {
        var rules = new List<PageRule>();
        var problems = new List<string>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow < 0)
            {
                problems.Add($"line {i + 1}: '{line}' has no '=>' (a rule is PATTERN => NAME)");
                continue;
            }
            var name = line[(arrow + 2)..];
            // A comment may follow the name after a space: "/product/* => /product/:id   # 20,000 pages".
            var comment = name.IndexOf(" #", StringComparison.Ordinal);
            if (comment >= 0) name = name[..comment];
            var rule = PageRule.TryCreate(line[..arrow].Trim(), name.Trim(), i + 1, out var problem);
            if (rule is null) problems.Add($"line {i + 1}: {problem}");
            else rules.Add(rule);
        }
        if (problems.Count > 0)
            throw new InvalidInputException($"The grouping rules cannot be used: {string.Join("; ", problems)}.");
        return rules.Count == 0 ? None : new PageRules(rules);
    }

    /// <summary>The name <paramref name="page"/> takes: the first matching rule's, else its own.</summary>
    public string Apply(string page)
    {
        foreach (var rule in Rules)
            if (rule.Apply(page) is { } name)
                return name;
        return page;
    }

    public bool Equals(PageRules? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as PageRules);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(PageRules? a, PageRules? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(PageRules? a, PageRules? b) => !(a == b);

    public override string ToString() => Text;
}
