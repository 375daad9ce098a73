using Toolkit.Serialization.Text.Internal;

namespace Toolkit.Serialization.Text;

/// <summary>
/// BERT's WordPiece tokenizer for uncased vocabularies (bert-base-uncased, all-MiniLM-L6-v2 and the other models that
/// share its vocab.txt). <see cref="BertBasicTokenizer"/> splits the text into words; each word then becomes the
/// longest vocabulary pieces that cover it from the left, pieces after the first written with a "##" prefix. A word
/// that no pieces cover, or that is longer than <see cref="MaxWordCodePoints"/>, becomes [UNK] as a whole.
/// </summary>
/// <remarks>
/// Text is plain text: "[SEP]" written in it is three words, never the separator token. Immutable once loaded, so
/// one instance serves concurrent callers.
/// </remarks>
public sealed class WordPieceTokenizer
{
    /// <summary>Words longer than this (in code points) are [UNK] without being matched: BERT's limit.</summary>
    public const int MaxWordCodePoints = 100;

    // [CLS] before the pieces and [SEP] after them.
    private const int SpecialTokenCount = 2;

    private readonly WordPieceVocabulary vocabulary;

    private WordPieceTokenizer(WordPieceVocabulary vocabulary) => this.vocabulary = vocabulary;

    /// <summary>The number of lines in the vocabulary, so ids run from 0 to one less than this.</summary>
    public int VocabularySize => vocabulary.Tokens.Length;

    /// <summary>Reads a vocab.txt: one token per line, the line's index (from 0) its id.</summary>
    /// <exception cref="FormatException">[PAD], [UNK], [CLS] or [SEP] is not in the vocabulary.</exception>
    public static WordPieceTokenizer FromVocabulary(TextReader vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new WordPieceTokenizer(WordPieceVocabulary.Read(vocabulary, "The vocabulary"));
    }

    /// <summary>Reads the vocab.txt at <paramref name="path"/> (UTF-8, any line endings).</summary>
    /// <exception cref="FormatException">[PAD], [UNK], [CLS] or [SEP] is not in the vocabulary.</exception>
    public static WordPieceTokenizer FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = File.OpenText(path);
        return new WordPieceTokenizer(WordPieceVocabulary.Read(reader, $"The vocabulary file '{path}'"));
    }

    /// <summary>The pieces of <paramref name="text"/>, without [CLS] and [SEP]; empty for null or empty text.</summary>
    public IReadOnlyList<string> Tokenize(string? text)
    {
        var ids = new List<int>();
        foreach (var word in BertBasicTokenizer.Tokenize(text))
        {
            AppendPieces(word, ids);
        }

        return [.. ids.Select(id => vocabulary.Tokens[id])];
    }

    /// <summary>
    /// Encodes <paramref name="text"/> as [CLS], its pieces and [SEP], keeping only the first pieces when there are
    /// more than <paramref name="maxLength"/> tokens in all, and then with <paramref name="padToMaxLength"/> adds
    /// [PAD] up to exactly <paramref name="maxLength"/>. Null or empty text is [CLS] [SEP].
    /// </summary>
    /// <param name="text">The text; any Unicode.</param>
    /// <param name="maxLength">The most tokens in the result, [CLS] and [SEP] included: at least 2.</param>
    /// <param name="padToMaxLength">Whether to pad the result to exactly <paramref name="maxLength"/> tokens.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is less than 2.</exception>
    public TokenizedText Encode(string? text, int maxLength, bool padToMaxLength = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, SpecialTokenCount);
        var maxPieces = maxLength - SpecialTokenCount;
        var pieces = new List<int>();
        foreach (var word in BertBasicTokenizer.Tokenize(text))
        {
            if (pieces.Count >= maxPieces)
            {
                break;
            }

            AppendPieces(word, pieces);
        }

        var pieceCount = Math.Min(pieces.Count, maxPieces);
        var realLength = pieceCount + SpecialTokenCount;
        var length = padToMaxLength ? maxLength : realLength;
        var ids = new long[length];
        var attentionMask = new long[length];
        var tokens = new string[length];
        ids[0] = vocabulary.ClassificationId;
        for (var i = 0; i < pieceCount; i++)
        {
            ids[i + 1] = pieces[i];
        }

        ids[realLength - 1] = vocabulary.SeparatorId;
        for (var i = 0; i < length; i++)
        {
            if (i >= realLength)
            {
                ids[i] = vocabulary.PaddingId;
            }
            else
            {
                attentionMask[i] = 1;
            }

            tokens[i] = vocabulary.Tokens[ids[i]];
        }

        return new TokenizedText(ids, attentionMask, new long[length], tokens);
    }

    /// <summary>Greedy longest match first: the longest piece in the vocabulary that starts the rest of the word, until
    /// the word is used up; or [UNK] alone when some rest has no piece.</summary>
    private void AppendPieces(string word, List<int> ids)
    {
        if (word.Length > MaxWordCodePoints && CountCodePoints(word) > MaxWordCodePoints)
        {
            ids.Add(vocabulary.UnknownId);
            return;
        }

        var firstPiece = ids.Count;
        var start = 0;
        while (start < word.Length)
        {
            var end = Math.Min(word.Length, start + vocabulary.MaxPieceChars);
            if (end < word.Length && char.IsLowSurrogate(word[end]))
            {
                end--;
            }

            int id;
            while (!(start == 0 ? vocabulary.TryGetWordStart(word.AsSpan(0, end), out id) : vocabulary.TryGetContinuation(word.AsSpan(start, end - start), out id)))
            {
                // One code point shorter: a surrogate pair goes as a whole.
                end -= end - start >= 2 && char.IsLowSurrogate(word[end - 1]) ? 2 : 1;
                if (end <= start)
                {
                    ids.RemoveRange(firstPiece, ids.Count - firstPiece);
                    ids.Add(vocabulary.UnknownId);
                    return;
                }
            }

            ids.Add(id);
            start = end;
        }
    }

    private static int CountCodePoints(string word)
    {
        var count = 0;
        foreach (var c in word)
        {
            if (!char.IsLowSurrogate(c))
            {
                count++;
            }
        }

        return count;
    }
}
