using System.Text;
using System.Text.RegularExpressions;
using TeloMesh.Core.Events;

namespace TeloMesh.Core.ClickHouse;

/// <summary>The two things that may go into SQL text from outside: checked identifiers, and nothing else.</summary>
public static partial class Sql
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex IdentifierPattern();

    /// <summary>Whether <paramref name="name"/> is a plain identifier (letters, digits, underscore; not starting with a digit).</summary>
    public static bool IsIdentifier(string? name) => name is not null && IdentifierPattern().IsMatch(name);

    /// <summary>
    /// <paramref name="name"/> in backticks, after checking it is a plain identifier: table, database and column names
    /// cannot be sent as data, so they are the one thing written into SQL, and only in this form.
    /// </summary>
    public static string Identifier(string name, string what) => IsIdentifier(name)
        ? $"`{name}`"
        : throw new InvalidInputException($"The {what} '{name}' is not a plain name: use letters, digits and '_' only, not starting with a digit.");

    /// <summary>A value in TabSeparated form (backslash escapes), for external tables and INSERT bodies.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\t\n\r\0'") < 0) return value;
        var b = new StringBuilder(value.Length + 8);
        foreach (var c in value)
            b.Append(c switch
            {
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                '\0' => "\\0",
                '\'' => "\\'",
                _ => c.ToString(),
            });
        return b.ToString();
    }

    /// <summary>Decodes one TabSeparated field.</summary>
    public static string Unescape(ReadOnlySpan<char> field)
    {
        if (field.IndexOf('\\') < 0) return field.ToString();
        var b = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i + 1 == field.Length)
            {
                b.Append(field[i]);
                continue;
            }
            var c = field[++i];
            b.Append(c switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                '0' => '\0',
                'b' => '\b',
                'f' => '\f',
                'a' => '\a',
                'v' => '\v',
                _ => c,
            });
        }
        return b.ToString();
    }
}
