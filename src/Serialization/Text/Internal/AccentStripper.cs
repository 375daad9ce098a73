using System.Globalization;
using System.Text;

namespace Toolkit.Serialization.Text.Internal;

/// <summary>
/// BERT's accent stripping for one code point: its canonical decomposition (NFD) without the nonspacing marks (Mn),
/// so "é" becomes "e", a Hangul syllable its jamo, and a CJK compatibility ideograph the unified one. The framework's
/// NFD needs ICU, and under invariant globalization returns its input unchanged, so the decompositions come from a
/// table (<c>AccentStripper.Decompositions.cs</c>) generated from ICU once and checked against it by the tests.
/// </summary>
/// <remarks>
/// A whole-string NFD would also put runs of combining marks into canonical order; stripping drops the nonspacing
/// ones, and the few spacing marks that have a combining class do not occur in runs in practice, so code point by
/// code point gives the same text.
/// </remarks>
internal static partial class AccentStripper
{
    /// <summary>UTF-16 length of the longest result: three supplementary code points (Western musical symbols).</summary>
    public const int MaxStrippedChars = 6;

    // À, the first code point with a canonical decomposition: below it every code point stays as it is.
    private const int FirstDecomposable = 0xC0;

    // Hangul syllables decompose by arithmetic (Unicode §3.12) instead of by table: leading consonant, vowel and
    // optional trailing consonant.
    private const int HangulFirst = 0xAC00;
    private const int HangulCount = 11_172;
    private const int LeadingFirst = 0x1100;
    private const int VowelFirst = 0x1161;
    private const int TrailingFirst = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailingCount = 28;

    private static readonly Dictionary<int, string> Replacements = BuildReplacements();

    /// <summary>The stripped form of <paramref name="rune"/>: in <paramref name="buffer"/> (at least
    /// <see cref="MaxStrippedChars"/> long), in the table, or empty for a nonspacing mark.</summary>
    public static ReadOnlySpan<char> Strip(Rune rune, Span<char> buffer)
    {
        var value = rune.Value;
        if (value < FirstDecomposable)
        {
            return buffer[..rune.EncodeToUtf16(buffer)];
        }

        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
        {
            return [];
        }

        if ((uint)(value - HangulFirst) < HangulCount)
        {
            var index = value - HangulFirst;
            var trailing = index % TrailingCount;
            buffer[0] = (char)(LeadingFirst + (index / (VowelCount * TrailingCount)));
            buffer[1] = (char)(VowelFirst + (index % (VowelCount * TrailingCount) / TrailingCount));
            buffer[2] = (char)(TrailingFirst + trailing);
            return buffer[..(trailing == 0 ? 2 : 3)];
        }

        return Replacements.TryGetValue(value, out var replacement) ? replacement : buffer[..rune.EncodeToUtf16(buffer)];
    }

    private static Dictionary<int, string> BuildReplacements()
    {
        var single = SingleReplacements;
        var longer = LongerReplacements;
        var replacements = new Dictionary<int, string>((single.Length / 2) + (longer.Length / 3));
        for (var i = 0; i < single.Length; i += 2)
        {
            replacements.Add(single[i], char.ConvertFromUtf32(single[i + 1]));
        }

        // Each entry is the code point, the length of its result, then the result's code points.
        for (var i = 0; i < longer.Length; i += 2 + longer[i + 1])
        {
            var text = new StringBuilder(MaxStrippedChars);
            foreach (var codePoint in longer.Slice(i + 2, longer[i + 1]))
            {
                text.Append(char.ConvertFromUtf32(codePoint));
            }

            replacements.Add(longer[i], text.ToString());
        }

        return replacements;
    }
}
