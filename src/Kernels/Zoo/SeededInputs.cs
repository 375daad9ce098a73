using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// Deterministic inputs for a model's input specs, shared by the benchmarks and the cross-engine tests: float inputs
/// hold pixel values k/255, as the paper's image clients sent; BERT's inputs hold a padded review (see
/// <see cref="BertReview"/>); other integer inputs stay zero.
/// </summary>
public static class SeededInputs
{
    /// <summary>BERT's [CLS] and [SEP] ids, and the first id after its special and unused ones.</summary>
    private const int Cls = 101, Sep = 102, FirstWordPiece = 1996;

    public static Tensor[] For(IReadOnlyList<TensorSpec> specs, ulong seed = 1)
    {
        if (specs.Any(s => s.Name == "input_ids") && specs.All(s => s.DataType == DataType.Int32 && s.Shape.Length == 2))
        {
            return BertReview(specs, seed);
        }

        var random = new SeededRandom(seed);
        return [.. specs.Select(spec =>
        {
            var tensor = Tensor.Zeros(spec.DataType, spec.Shape);
            if (spec.DataType == DataType.Float32)
            {
                var values = tensor.AsSpan<float>();
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = random.NextInt(256) / 255f;
                }
            }

            return tensor;
        })];
    }

    /// <summary>
    /// A review as BERT's tokenizer pads it, like the paper's IMDb requests: [CLS], a quarter to three quarters of the
    /// sequence of word pieces (low, frequent ids more likely, as in real text), [SEP], then id 0; input_masks 1 over the
    /// tokens and 0 over the padding; segment_ids all 0 (one sentence). Ids stay below BERT's vocabulary of 30522.
    /// </summary>
    public static Tensor[] BertReview(IReadOnlyList<TensorSpec> specs, ulong seed = 1)
    {
        var random = new SeededRandom(seed);
        var length = specs[0].Shape[1];
        var words = Math.Max(0, (length / 4) + random.NextInt(Math.Max(1, length / 2)) - 2);
        var ids = new int[length];
        var mask = new int[length];
        ids[0] = Cls;
        for (var i = 1; i <= words; i++)
        {
            var u = random.NextFloat();
            ids[i] = FirstWordPiece + (int)(u * u * (BertConfig.Base.Vocabulary - FirstWordPiece));
        }

        ids[Math.Min(words + 1, length - 1)] = Sep;
        mask.AsSpan(0, Math.Min(words + 2, length)).Fill(1);
        return [.. specs.Select(spec => spec.Name switch
        {
            "input_ids" => Tensor.From<int>(ids, spec.Shape),
            "input_masks" => Tensor.From<int>(mask, spec.Shape),
            _ => Tensor.Zeros(spec.DataType, spec.Shape),
        })];
    }

    /// <summary>Zero-filled tensors to receive a model's outputs.</summary>
    public static Tensor[] OutputsFor(IReadOnlyList<TensorSpec> specs) => [.. specs.Select(s => Tensor.Zeros(s.DataType, s.Shape))];
}
