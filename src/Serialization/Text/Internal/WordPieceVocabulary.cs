namespace Toolkit.Serialization.Text.Internal;

/// <summary>
/// A BERT vocab.txt: one token per line, the line's index (from 0) its id. Looks pieces up by span, so matching a
/// word allocates nothing. Word-initial pieces and "##" continuation pieces have separate tables, the latter keyed
/// without the prefix.
/// </summary>
internal sealed class WordPieceVocabulary
{
    public const string Padding = "[PAD]";
    public const string Unknown = "[UNK]";
    public const string Classification = "[CLS]";
    public const string Separator = "[SEP]";

    private const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> wordStarts;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> continuations;

    private WordPieceVocabulary(string[] tokens, Dictionary<string, int> wordStarts, Dictionary<string, int> continuations)
    {
        Tokens = tokens;
        this.wordStarts = wordStarts.GetAlternateLookup<ReadOnlySpan<char>>();
        this.continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        PaddingId = wordStarts[Padding];
        UnknownId = wordStarts[Unknown];
        ClassificationId = wordStarts[Classification];
        SeparatorId = wordStarts[Separator];
        foreach (var token in tokens)
        {
            MaxPieceChars = Math.Max(MaxPieceChars, token.StartsWith(ContinuationPrefix, StringComparison.Ordinal) ? token.Length - ContinuationPrefix.Length : token.Length);
        }
    }

    /// <summary>Every line of the file, indexed by id.</summary>
    public string[] Tokens { get; }

    public int PaddingId { get; }

    public int UnknownId { get; }

    public int ClassificationId { get; }

    public int SeparatorId { get; }

    /// <summary>UTF-16 length of the longest piece, "##" not counted: no longer slice of a word can match.</summary>
    public int MaxPieceChars { get; }

    /// <summary>Reads the vocabulary from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">One of [PAD], [UNK], [CLS] and [SEP] is not in the vocabulary.</exception>
    public static WordPieceVocabulary Read(TextReader reader, string source)
    {
        var tokens = new List<string>();
        var wordStarts = new Dictionary<string, int>(StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            // A repeated token keeps its last line's id, as the reference's dictionary does; real vocabularies repeat none.
            wordStarts[line] = tokens.Count;
            if (line.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                continuations[line[ContinuationPrefix.Length..]] = tokens.Count;
            }

            tokens.Add(line);
        }

        string[] missing = [.. new[] { Padding, Unknown, Classification, Separator }.Where(token => !wordStarts.ContainsKey(token))];
        if (missing.Length > 0)
        {
            throw new FormatException(
                $"{source} has no {string.Join(", ", missing)} {(missing.Length == 1 ? "line" : "lines")} ({tokens.Count} lines read): "
                + $"a BERT WordPiece vocabulary lists {Padding}, {Unknown}, {Classification} and {Separator}, one token per line.");
        }

        return new WordPieceVocabulary([.. tokens], wordStarts, continuations);
    }

    public bool TryGetWordStart(ReadOnlySpan<char> piece, out int id) => wordStarts.TryGetValue(piece, out id);

    public bool TryGetContinuation(ReadOnlySpan<char> piece, out int id) => continuations.TryGetValue(piece, out id);
}
