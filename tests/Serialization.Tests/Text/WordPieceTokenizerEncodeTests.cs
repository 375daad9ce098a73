using Toolkit.Serialization.Text;

namespace Toolkit.Serialization.Tests.Text;

public class WordPieceTokenizerEncodeTests
{
    private const long Pad = 0;
    private const long Cls = 2;
    private const long Sep = 3;

    private static readonly WordPieceTokenizer Tokenizer = TestVocabulary.Tokenizer;

    [Fact]
    public void Wraps_the_pieces_in_cls_and_sep()
    {
        var encoded = Tokenizer.Encode("The quick brown fox.", maxLength: 32);
        Assert.Equal([Cls, 4, 5, 6, 7, 16, Sep], encoded.Ids);
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1], encoded.AttentionMask);
        Assert.Equal(new long[7], encoded.TokenTypeIds);
        Assert.Equal(["[CLS]", "the", "quick", "brown", "fox", ".", "[SEP]"], encoded.Tokens);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\u0000")]
    public void Encodes_empty_text_as_cls_sep(string? text)
    {
        var encoded = Tokenizer.Encode(text, maxLength: 8);
        Assert.Equal([Cls, Sep], encoded.Ids);
        Assert.Equal([1L, 1], encoded.AttentionMask);
        Assert.Equal([0L, 0], encoded.TokenTypeIds);
    }

    [Theory]
    [InlineData(2, new long[] { Cls, Sep })]
    [InlineData(3, new long[] { Cls, 4, Sep })]
    [InlineData(4, new long[] { Cls, 4, 5, Sep })]
    [InlineData(6, new long[] { Cls, 4, 5, 6, 7, Sep })]
    [InlineData(7, new long[] { Cls, 4, 5, 6, 7, Sep })]
    public void Truncates_the_pieces_and_keeps_cls_and_sep(int maxLength, long[] expected)
    {
        var encoded = Tokenizer.Encode("the quick brown fox", maxLength);
        Assert.Equal(expected, encoded.Ids);
        Assert.Equal(Enumerable.Repeat(1L, expected.Length), encoded.AttentionMask);
        Assert.Equal(new long[expected.Length], encoded.TokenTypeIds);
    }

    [Fact]
    public void Truncates_inside_a_word_at_a_piece_boundary() =>
        Assert.Equal(["[CLS]", "un", "##aff", "[SEP]"], Tokenizer.Encode("unaffable fox", maxLength: 4).Tokens);

    [Fact]
    public void Pads_to_exactly_max_length_and_masks_the_padding()
    {
        var encoded = Tokenizer.Encode("the fox", maxLength: 8, padToMaxLength: true);
        Assert.Equal([Cls, 4, 7, Sep, Pad, Pad, Pad, Pad], encoded.Ids);
        Assert.Equal([1L, 1, 1, 1, 0, 0, 0, 0], encoded.AttentionMask);
        Assert.Equal(new long[8], encoded.TokenTypeIds);
        Assert.Equal(["[CLS]", "the", "fox", "[SEP]", "[PAD]", "[PAD]", "[PAD]", "[PAD]"], encoded.Tokens);
    }

    [Fact]
    public void Pads_empty_text_after_cls_sep()
    {
        var encoded = Tokenizer.Encode(null, maxLength: 4, padToMaxLength: true);
        Assert.Equal([Cls, Sep, Pad, Pad], encoded.Ids);
        Assert.Equal([1L, 1, 0, 0], encoded.AttentionMask);
    }

    [Fact]
    public void Truncates_then_pads_nothing_when_the_text_fills_max_length()
    {
        var encoded = Tokenizer.Encode("the quick brown fox", maxLength: 4, padToMaxLength: true);
        Assert.Equal([Cls, 4, 5, Sep], encoded.Ids);
        Assert.Equal([1L, 1, 1, 1], encoded.AttentionMask);
    }

    [Fact]
    public void Pads_with_the_id_of_the_pad_line()
    {
        var tokenizer = TestVocabulary.From(["[UNK]", "[CLS]", "[SEP]", "fox", "[PAD]"]);
        var encoded = tokenizer.Encode("fox", maxLength: 5, padToMaxLength: true);
        Assert.Equal([1L, 3, 2, 4, 4], encoded.Ids);
        Assert.Equal([1L, 1, 1, 0, 0], encoded.AttentionMask);
    }

    [Fact]
    public void Treats_special_tokens_in_the_text_as_plain_text() =>
        Assert.Equal(["[CLS]", "[UNK]", "[UNK]", "[UNK]", "the", "[SEP]"], Tokenizer.Encode("[SEP] the", maxLength: 16).Tokens);

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Rejects_a_max_length_without_room_for_cls_and_sep(int maxLength) =>
        Assert.Throws<ArgumentOutOfRangeException>(nameof(maxLength), () => Tokenizer.Encode("the fox", maxLength));
}
