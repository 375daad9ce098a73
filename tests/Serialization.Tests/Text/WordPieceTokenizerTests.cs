using Toolkit.Serialization.Text;

namespace Toolkit.Serialization.Tests.Text;

public class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer = TestVocabulary.Tokenizer;

    [Theory]
    [InlineData("the quick brown fox", "the|quick|brown|fox")]
    [InlineData("THE Quick BROWN fOx", "the|quick|brown|fox")]
    [InlineData("Héllo, wörld!", "hello|,|world|!")]
    [InlineData("hello,world!!", "hello|,|world|!|!")]
    [InlineData("fox's", "fox|'|[UNK]")]
    public void Tokenizes_lowercased_accent_free_words_and_punctuation(string text, string expected) =>
        Assert.Equal(expected.Split('|'), Tokenizer.Tokenize(text));

    [Theory]
    [InlineData("unaffable", "un|##aff|##able")] // ##aff, not the shorter ##a
    [InlineData("unaffableunaffable", "[UNK]")]
    [InlineData("aaa", "a|##a|##a")]
    [InlineData("UNAFFABLE.", "un|##aff|##able|.")]
    public void Matches_the_longest_piece_first(string text, string expected) =>
        Assert.Equal(expected.Split('|'), Tokenizer.Tokenize(text));

    [Fact]
    public void Does_not_backtrack_when_the_longest_first_piece_leads_nowhere()
    {
        // With "una" in the vocabulary the first piece is "una", and "##ffable" is not a piece: the word is unknown even
        // though un ##aff ##able would cover it. This is BERT's algorithm, not a shortcoming to fix.
        var tokenizer = TestVocabulary.From([.. TestVocabulary.Lines, "una"]);
        Assert.Equal(["[UNK]"], tokenizer.Tokenize("unaffable"));
    }

    [Theory]
    [InlineData("zebra", "[UNK]")]
    [InlineData("the zebra fox", "the|[UNK]|fox")]
    [InlineData("unzzz", "[UNK]")] // un matches, the rest does not: the whole word is unknown, not un [UNK]
    [InlineData("fox's", "fox|'|[UNK]")]
    public void Makes_unknown_words_one_unk(string text, string expected) =>
        Assert.Equal(expected.Split('|'), Tokenizer.Tokenize(text));

    [Fact]
    public void Makes_words_longer_than_100_code_points_unk()
    {
        var longest = Tokenizer.Tokenize(new string('a', WordPieceTokenizer.MaxWordCodePoints));
        Assert.Equal(WordPieceTokenizer.MaxWordCodePoints, longest.Count);
        Assert.Equal(["a", .. Enumerable.Repeat("##a", WordPieceTokenizer.MaxWordCodePoints - 1)], longest);

        Assert.Equal(["[UNK]"], Tokenizer.Tokenize(new string('a', WordPieceTokenizer.MaxWordCodePoints + 1)));
        Assert.Equal(["the", "[UNK]", "fox"], Tokenizer.Tokenize($"the {new string('a', 1000)} fox"));
    }

    [Fact]
    public void Counts_word_length_in_code_points_not_utf16_units()
    {
        // 100 emoji are 200 UTF-16 units but 100 code points: still matched, and never split inside a surrogate pair.
        var emoji = string.Concat(Enumerable.Repeat("😀", WordPieceTokenizer.MaxWordCodePoints));
        Assert.Equal(["😀", .. Enumerable.Repeat("##😀", WordPieceTokenizer.MaxWordCodePoints - 1)], Tokenizer.Tokenize(emoji));
        Assert.Equal(["[UNK]"], Tokenizer.Tokenize(emoji + "😀"));
    }

    [Fact]
    public void Splits_cjk_ideographs_before_matching() =>
        Assert.Equal(["中", "文", "the", "中"], Tokenizer.Tokenize("中文the中"));

    [Fact]
    public void Drops_control_characters_before_matching() =>
        Assert.Equal(["hello", "world"], Tokenizer.Tokenize("hel\u0000lo\u200B \u0007wor\uFEFFld\t"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Tokenizes_empty_text_to_nothing(string? text) =>
        Assert.Empty(Tokenizer.Tokenize(text));

    [Fact]
    public void Gives_each_token_the_id_of_its_line()
    {
        Assert.Equal(TestVocabulary.Lines.Length, Tokenizer.VocabularySize);
        var encoded = Tokenizer.Encode("the fox, unaffable!", maxLength: 16);
        Assert.Equal(["[CLS]", "the", "fox", ",", "un", "##aff", "##able", "!", "[SEP]"], encoded.Tokens);
        Assert.Equal(encoded.Tokens.Select(token => (long)TestVocabulary.IdOf(token)), encoded.Ids);
        Assert.Equal([2L, 4, 7, 15, 10, 11, 12, 17, 3], encoded.Ids);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Reads_a_vocabulary_file_with_any_line_endings(string newLine)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Join(newLine, TestVocabulary.Lines) + newLine);
            var tokenizer = WordPieceTokenizer.FromFile(path);
            Assert.Equal(TestVocabulary.Lines.Length, tokenizer.VocabularySize);
            Assert.Equal([2L, 8, 15, 9, 17, 3], tokenizer.Encode("Hello, world!", maxLength: 16).Ids);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Keeps_empty_lines_so_later_ids_stay_put()
    {
        var tokenizer = TestVocabulary.From(["[PAD]", "[UNK]", "", "[CLS]", "[SEP]", "fox"]);
        Assert.Equal([3L, 5, 4], tokenizer.Encode("fox", maxLength: 8).Ids);
    }

    [Fact]
    public void Gives_a_repeated_token_the_id_of_its_last_line()
    {
        var tokenizer = TestVocabulary.From(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "fox", "fox"]);
        Assert.Equal([2L, 5, 3], tokenizer.Encode("fox", maxLength: 8).Ids);
    }

    [Theory]
    [InlineData("[PAD]")]
    [InlineData("[UNK]")]
    [InlineData("[CLS]")]
    [InlineData("[SEP]")]
    public void Rejects_a_vocabulary_without_a_special_token(string missing)
    {
        var error = Assert.Throws<FormatException>(() => TestVocabulary.From(TestVocabulary.Lines.Where(line => line != missing)));
        Assert.Contains($"has no {missing} line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_every_missing_special_token_and_the_file()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "[PAD]\nthe\nfox\n");
            var error = Assert.Throws<FormatException>(() => WordPieceTokenizer.FromFile(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("has no [UNK], [CLS], [SEP] lines (3 lines read)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Rejects_an_empty_vocabulary() =>
        Assert.Throws<FormatException>(() => WordPieceTokenizer.FromVocabulary(new StringReader("")));
}
