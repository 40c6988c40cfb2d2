using TeloMesh.Core.Text;

namespace TeloMesh.Tests.Core.Text;

public sealed class BidiTests
{
    private const string Fsi = "\u2068", Pdi = "\u2069";

    [Theory]
    [InlineData("/checkout")]
    [InlineData("שלום")]           // right-to-left letters are not controls: they order themselves
    [InlineData("a\u200Fb")]      // nor is a right-to-left mark
    public void A_name_without_direction_controls_is_left_as_it_is(string name) => Assert.Same(name, Bidi.Isolate(name));

    [Theory]
    // One override: one isolate around it; its closing PDI also ends the override.
    [InlineData("\u202Egnp.exe", Fsi + "\u202Egnp.exe" + Pdi)]
    // An isolate opened inside and left open needs its own PDI before ours: two in all.
    [InlineData("a\u2067b", Fsi + "a\u2067b" + Pdi + Pdi)]
    // A stray PDI would close our isolate early: one more FSI in front absorbs it.
    [InlineData("a\u2069\u202Eb", Fsi + Fsi + "a\u2069\u202Eb" + Pdi)]
    // Balanced isolates inside change nothing but the one around.
    [InlineData("\u2066x\u2069", Fsi + "\u2066x\u2069" + Pdi)]
    public void Direction_controls_are_closed_inside_the_name(string name, string expected) => Assert.Equal(expected, Bidi.Isolate(name));
}
