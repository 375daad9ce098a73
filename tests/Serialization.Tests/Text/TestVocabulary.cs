using Toolkit.Serialization.Text;

namespace Toolkit.Serialization.Tests.Text;

/// <summary>A small hand-written vocab.txt: the special tokens at BERT's usual ids 0 to 3, then enough words and
/// pieces for the tests. The id of a token is its index in <see cref="Lines"/>.</summary>
internal static class TestVocabulary
{
    public static readonly string[] Lines =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]",
        "the", "quick", "brown", "fox", "hello", "world",
        "un", "##aff", "##able", "##a",
        "a", ",", ".", "!", "'", "中", "文", "😀", "##😀",
    ];

    public static WordPieceTokenizer Tokenizer { get; } = From(Lines);

    public static int IdOf(string token) => Array.IndexOf(Lines, token);

    public static WordPieceTokenizer From(IEnumerable<string> lines, string newLine = "\n") =>
        WordPieceTokenizer.FromVocabulary(new StringReader(string.Join(newLine, lines) + newLine));
}
