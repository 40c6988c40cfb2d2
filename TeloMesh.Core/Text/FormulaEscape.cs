namespace TeloMesh.Core.Text;

/// <summary>
/// Spreadsheet formula injection (docs/metrics.md section 6): a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or carriage return gets a leading <c>'</c>. So that a later stage reads every name back as it was, a name
/// that already starts with <c>'</c> before such a character (<c>'=x</c>) gets one too (<c>''=x</c>), and reading removes
/// exactly one.
/// </summary>
public static class FormulaEscape
{
    /// <summary>Whether <paramref name="text"/> is written with a leading <c>'</c>.</summary>
    public static bool Needed(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && text[i] == '\'') i++;
        return i < text.Length && text[i] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    /// <summary><paramref name="text"/> as read back: without the <c>'</c> <see cref="Needed"/> added.</summary>
    public static ReadOnlySpan<char> Undo(ReadOnlySpan<char> text) => text.Length >= 2 && text[0] == '\'' && Needed(text[1..]) ? text[1..] : text;
}
