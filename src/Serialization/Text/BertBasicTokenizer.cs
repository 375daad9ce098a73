using System.Globalization;
using System.Text;
using Toolkit.Serialization.Text.Internal;

namespace Toolkit.Serialization.Text;

/// <summary>
/// BERT's basic tokenization for uncased vocabularies, the step before WordPiece: drops control characters, makes
/// each CJK ideograph a word of its own, lowercases, strips accents (canonical decomposition, then no nonspacing
/// marks), and splits on whitespace and around every punctuation character.
/// </summary>
/// <remarks>
/// Works one code point at a time, so characters outside the Basic Multilingual Plane count as one, like in the
/// reference. Accents are stripped from a built-in decomposition table rather than by <see cref="string.Normalize()"/>,
/// which returns its input unchanged under invariant globalization (the AOT bootstrap's mode).
/// </remarks>
public static class BertBasicTokenizer
{
    // The reference lowercases with Python's str.lower, which maps U+0130 (I with dot above) to "i" and a combining
    // dot that accent stripping then drops; the framework's invariant lowercasing leaves U+0130 as it is.
    private const int CapitalIWithDotAbove = 0x130;

    /// <summary>Splits <paramref name="text"/> into lowercased, accent-free words and punctuation marks.</summary>
    /// <returns>The words in order; empty for null, empty or all-whitespace text.</returns>
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var word = new StringBuilder();
        Span<char> stripped = stackalloc char[AccentStripper.MaxStrippedChars];
        Span<char> pieceChars = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsDropped(rune))
            {
                continue;
            }

            if (IsWhitespace(rune))
            {
                Flush(word, words);
                continue;
            }

            var ideograph = IsCjkIdeograph(rune);
            foreach (var piece in AccentStripper.Strip(Lowercase(rune), stripped).EnumerateRunes())
            {
                if (ideograph || IsPunctuation(piece))
                {
                    Flush(word, words);
                    words.Add(piece.ToString());
                }
                else
                {
                    word.Append(pieceChars[..piece.EncodeToUtf16(pieceChars)]);
                }
            }
        }

        Flush(word, words);
        return words;
    }

    /// <summary>U+0000, U+FFFD (what invalid UTF-16 reads as) and control characters other than tab, line feed and
    /// carriage return: every category starting with C, so format characters, private use and unassigned too.</summary>
    private static bool IsDropped(Rune rune) =>
        rune.Value is 0 or 0xFFFD
        || (rune.Value is not ('\t' or '\n' or '\r')
            && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);

    /// <summary>Space separators (Zs) and tab, line feed and carriage return. Line and paragraph separators too: the
    /// reference splits with Python's str.split, which breaks there.</summary>
    private static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r'
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>All non-alphanumeric printable ASCII (so $, +, ^ and ` count, though Unicode calls them symbols) and
    /// every Unicode punctuation category (P*).</summary>
    private static bool IsPunctuation(Rune rune) =>
        rune.Value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    /// <summary>The CJK Unified Ideographs blocks and their extensions A to E, and the two compatibility ideograph
    /// blocks: BERT's list. Hangul, kana and other CJK scripts are not in it, so they form words like Latin does.</summary>
    private static bool IsCjkIdeograph(Rune rune) =>
        rune.Value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);

    // One code point at a time, like the tokenizers library's normalizer: so a final capital sigma becomes σ, not
    // the ς that Python's context-sensitive str.lower gives.
    private static Rune Lowercase(Rune rune) =>
        rune.Value == CapitalIWithDotAbove ? new Rune('i') : Rune.ToLowerInvariant(rune);

    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length > 0)
        {
            words.Add(word.ToString());
            word.Clear();
        }
    }
}
