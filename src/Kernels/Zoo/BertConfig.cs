namespace Toolkit.Kernels.Zoo;

/// <summary>
/// The shape of a BERT encoder for sequence classification. <see cref="Base"/> is BERT-base as the paper served it
/// (sequences padded to 500 tokens); <see cref="Tiny"/> keeps every kind of layer at a size the tests can run on every
/// ISA tier in well under a second.
/// </summary>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Hidden">Width of every token's vector.</param>
/// <param name="Heads">Attention heads; Hidden must be a multiple of it.</param>
/// <param name="Intermediate">Width of the feed-forward layer.</param>
/// <param name="Vocabulary">Word-piece ids (BERT's uncased vocabulary: 30522).</param>
/// <param name="MaxPositions">Rows of the position table; SequenceLength may not exceed it.</param>
/// <param name="SegmentTypes">Rows of the segment (token type) table.</param>
/// <param name="SequenceLength">Tokens per input, padding included.</param>
/// <param name="Classes">Outputs of the classifier (IMDb sentiment: 2).</param>
public sealed record BertConfig(int Layers, int Hidden, int Heads, int Intermediate, int Vocabulary, int MaxPositions, int SegmentTypes, int SequenceLength, int Classes)
{
    /// <summary>BERT-base (Devlin et al. 2019): 12 layers, 768 wide, 12 heads, 3072 feed-forward; 500 tokens.</summary>
    public static BertConfig Base { get; } = new(12, 768, 12, 3072, 30522, 512, 2, 500, 2);

    /// <summary>
    /// Two layers 64 wide with 4 heads of 16 and 37 tokens: odd token counts leave tails in every kernel. The vocabulary
    /// stays BERT's, so the same seeded reviews fit both.
    /// </summary>
    public static BertConfig Tiny { get; } = new(2, 64, 4, 256, 30522, 512, 2, 37, 2);

    public int HeadSize => Hidden / Heads;

    /// <summary>The config checked: every size positive, heads dividing the width, the sequence within the positions.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public BertConfig Validated()
    {
        foreach (var (name, value) in new[] { (nameof(Layers), Layers), (nameof(Hidden), Hidden), (nameof(Heads), Heads), (nameof(Intermediate), Intermediate), (nameof(Vocabulary), Vocabulary), (nameof(MaxPositions), MaxPositions), (nameof(SegmentTypes), SegmentTypes), (nameof(SequenceLength), SequenceLength), (nameof(Classes), Classes) })
        {
            if (value <= 0)
            {
                throw new ArgumentException($"BertConfig.{name} must be positive; received {value}.", name);
            }
        }

        if (Hidden % Heads != 0)
        {
            throw new ArgumentException($"BertConfig.Hidden must be a multiple of Heads ({Heads}); received {Hidden}.", nameof(Hidden));
        }

        if (SequenceLength > MaxPositions)
        {
            throw new ArgumentException($"BertConfig.SequenceLength must be at most MaxPositions ({MaxPositions}); received {SequenceLength}.", nameof(SequenceLength));
        }

        return this;
    }
}
