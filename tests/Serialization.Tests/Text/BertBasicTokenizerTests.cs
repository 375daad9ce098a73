using System.Globalization;
using System.Text;
using Toolkit.Serialization.Text;

namespace Toolkit.Serialization.Tests.Text;

public class BertBasicTokenizerTests
{
    [Theory]
    [InlineData("Héllo", "hello")]
    [InlineData("HELLO", "hello")]
    [InlineData("Crème BRÛLÉE", "creme|brulee")]
    [InlineData("Ångström", "angstrom")]
    [InlineData("naïve façade", "naive|facade")]
    [InlineData("e\u0301cole", "ecole")] // already decomposed: the combining acute is dropped
    [InlineData("İstanbul", "istanbul")] // capital I with dot above: Python's lower() gives i and a combining dot
    [InlineData("ΣΟΦΊΑ", "σοφια")]
    public void Lowercases_and_strips_accents(string text, string expected) =>
        Assert.Equal(expected.Split('|'), BertBasicTokenizer.Tokenize(text));

    [Theory]
    [InlineData("Hello, world!", "hello|,|world|!")]
    [InlineData("don't", "don|'|t")]
    [InlineData("a+b=c", "a|+|b|=|c")] // + and = are symbols in Unicode but punctuation in BERT's ASCII ranges
    [InlineData("$5.00", "$|5|.|00")]
    [InlineData("...", ".|.|.")]
    [InlineData("«quoted»", "«|quoted|»")]
    [InlineData("em—dash", "em|—|dash")]
    [InlineData("¿qué?", "¿|que|?")]
    [InlineData("x`y^z~", "x|`|y|^|z|~")]
    public void Splits_every_punctuation_character_into_its_own_word(string text, string expected) =>
        Assert.Equal(expected.Split('|'), BertBasicTokenizer.Tokenize(text));

    [Theory]
    [InlineData("  the\tquick\nbrown\r\nfox  ", "the|quick|brown|fox")]
    [InlineData("no\u00A0break\u3000ideographic\u2003em", "no|break|ideographic|em")]
    [InlineData("line\u2028paragraph\u2029end", "line|paragraph|end")]
    public void Splits_on_every_kind_of_whitespace(string text, string expected) =>
        Assert.Equal(expected.Split('|'), BertBasicTokenizer.Tokenize(text));

    [Theory]
    [InlineData("我爱北京", "我|爱|北|京")]
    [InlineData("ab中文cd", "ab|中|文|cd")]
    [InlineData("x\U00020000y", "x|\U00020000|y")] // extension B, outside the Basic Multilingual Plane
    [InlineData("\uF900", "\u8C48")] // a compatibility ideograph decomposes to the unified one
    [InlineData("カタカナ", "カタカナ")] // kana is not in BERT's CJK ranges
    public void Puts_cjk_ideographs_in_words_of_their_own(string text, string expected) =>
        Assert.Equal(expected.Split('|'), BertBasicTokenizer.Tokenize(text));

    [Theory]
    [InlineData("he\u0000llo", "hello")]
    [InlineData("he\uFFFDllo", "hello")]
    [InlineData("he\u0007llo", "hello")] // bell, a C0 control
    [InlineData("he\u200Bllo", "hello")] // zero-width space, a format character
    [InlineData("he\uFEFFllo", "hello")] // byte order mark
    [InlineData("he\u0085llo", "hello")] // next line, a C1 control: dropped, not a space
    [InlineData("he\uE000llo", "hello")] // private use
    [InlineData("he\uD800llo", "hello")] // a lone surrogate reads as U+FFFD
    public void Drops_control_characters(string text, string expected) =>
        Assert.Equal([expected], BertBasicTokenizer.Tokenize(text));

    [Fact]
    public void Decomposes_hangul_syllables_into_jamo() =>
        Assert.Equal(["\u1112\u1161\u11AB\u1100\u116E\u11A8"], BertBasicTokenizer.Tokenize("한국"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\r\n ")]
    [InlineData("\u0000\u200B")]
    public void Gives_no_words_for_empty_text(string? text) =>
        Assert.Empty(BertBasicTokenizer.Tokenize(text));

    /// <summary>
    /// Every code point, alone, against the reference: dropped if a control or unassigned character, nothing if
    /// whitespace, else lowercased and stripped with the framework's NFD. This is what checks the generated
    /// decomposition table; when it fails, the regenerated table is written to the temporary folder.
    /// </summary>
    [Fact]
    public void Every_code_point_is_stripped_like_NFD()
    {
        var mismatches = new List<string>();
        for (var codePoint = 0; codePoint <= DecompositionTable.MaxCodePoint; codePoint++)
        {
            if (!Rune.IsValid(codePoint))
            {
                continue;
            }

            var text = char.ConvertFromUtf32(codePoint);
            var actual = string.Concat(BertBasicTokenizer.Tokenize(text));
            var expected = IsDroppedOrWhitespace(codePoint) ? "" : DecompositionTable.Strip(Lowercase(text));
            if (actual != expected && mismatches.Count < 20)
            {
                mismatches.Add($"U+{codePoint:X4}: expected {Describe(expected)}, got {Describe(actual)}");
            }
        }

        if (mismatches.Count > 0)
        {
            var path = Path.Combine(Path.GetTempPath(), "AccentStripper.Decompositions.cs");
            File.WriteAllText(path, DecompositionTable.Render());
            Assert.Fail($"Accent stripping differs from NFD for {string.Join("; ", mismatches)}. If the framework's or ICU's "
                + $"Unicode data changed, copy the regenerated table from {path} to src/Serialization/Text/Internal/.");
        }
    }

    private static bool IsDroppedOrWhitespace(int codePoint) =>
        !DecompositionTable.IsAssigned(codePoint) || codePoint is 0 or 0xFFFD
        || (codePoint is not ('\t' or '\n' or '\r') && CharUnicodeInfo.GetUnicodeCategory(codePoint) is UnicodeCategory.Control
            or UnicodeCategory.Format or UnicodeCategory.PrivateUse)
        || Rune.IsWhiteSpace(new Rune(codePoint));

    // Python's str.lower, for one code point: the simple lowercase mapping, but "i" and a combining dot for U+0130.
    private static string Lowercase(string text) => text == "\u0130" ? "i\u0307" : text.ToLowerInvariant();

    private static string Describe(string text) =>
        text.Length == 0 ? "nothing" : string.Join(" ", text.EnumerateRunes().Select(rune => $"U+{rune.Value:X4}"));
}
