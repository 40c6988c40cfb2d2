using TeloMesh.Core.Text;

namespace TeloMesh.Tests.Core.Text;

/// <summary>docs/metrics.md section 4 ("Compatibility mode"): ordinal order means Unicode code point order, as Python sorts strings.</summary>
public class CodePointComparerTests
{
    private static readonly CodePointComparer Comparer = CodePointComparer.Instance;

    [Fact]
    public void Emoji_sorts_after_a_high_bmp_character_unlike_utf16_ordinal()
    {
        // "/😀" is U+002F U+1F600, "/Ａ" is U+002F U+FF21: by code point 1F600 > FF21, so "/😀" comes after.
        // In UTF-16, 😀 is the surrogate pair D83D DE00 and D83D < FF21, so ordinal comparison says the opposite.
        Assert.True(Comparer.Compare("/😀", "/Ａ") > 0);
        Assert.True(Comparer.Compare("/Ａ", "/😀") < 0);
        Assert.True(string.CompareOrdinal("/😀", "/Ａ") < 0);
    }

    [Fact]
    public void Sorting_follows_code_points()
    {
        // Code points: a 61, D7FF (last below the surrogates), E000 (first private use), Ａ FF21, 𐀀 10000, 😀 1F600, 😁 1F601.
        string[] words = ["😁", "Ａ", "😀", "\uE000", "a", "𐀀", "\uD7FF"];

        Assert.Equal(["a", "\uD7FF", "\uE000", "Ａ", "𐀀", "😀", "😁"], words.Order(Comparer));
    }

    [Fact]
    public void Prefixes_equal_strings_and_null()
    {
        // A proper prefix sorts first; equal strings compare 0; null sorts before every string, even "".
        Assert.True(Comparer.Compare("ab", "abc") < 0);
        Assert.True(Comparer.Compare("abc", "ab") > 0);
        Assert.Equal(0, Comparer.Compare("a😀b", "a😀b"));
        Assert.True(Comparer.Compare(null, "") < 0);
        Assert.True(Comparer.Compare("", null) > 0);
        Assert.Equal(0, Comparer.Compare(null, null));
    }

    [Fact]
    public void Agrees_with_comparing_rune_sequences()
    {
        // Oracle: compare the strings' code points (runes) one by one, the shorter first on a common prefix.
        string[] words = ["", "a", "ab", "Ａ", "Ａa", "😀", "😀a", "a😀", "aＡ", "\uE000", "\uFFFF", "𐀀", "\uD7FF", "z"];
        foreach (var x in words)
        {
            foreach (var y in words)
            {
                var expected = Math.Sign(Runes(x).AsSpan().SequenceCompareTo(Runes(y)));
                Assert.True(expected == Math.Sign(Comparer.Compare(x, y)), $"'{x}' vs '{y}': expected sign {expected}");
            }
        }
    }

    private static int[] Runes(string s) => [.. s.EnumerateRunes().Select(r => r.Value)];
}
