using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Import;
using Toolkit.Serialization.Text;

namespace Toolkit.Bench.Pretrained;

/// <summary>
/// Real inputs for the pretrained models, prepared as each model expects: photographs for ResNet18 and sentences,
/// tokenized by our WordPiece tokenizer with the model's own vocabulary, for MiniLM.
/// </summary>
public static class PretrainedInputs
{
    /// <summary>The photographs shipped beside the binary (credits in LICENSES.md there), in name order.</summary>
    public static IReadOnlyList<string> Photographs { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "data", "images"), "*.jpg").Order(StringComparer.Ordinal)];

    /// <summary>Sentences of a few topics, two or more per topic, so a nearest-neighbour order means something.</summary>
    public static IReadOnlyList<string> Sentences { get; } =
    [
        "A man is eating a bowl of noodles.",
        "Someone is having pasta for dinner.",
        "The cat sleeps on the warm windowsill.",
        "A kitten is napping in the sun.",
        "The rocket lifted off from the launch pad at dawn.",
        "A spacecraft was launched into orbit this morning.",
    ];

    private static readonly Lazy<Tensor> MeanImage = new(() =>
        OnnxImporter.Constants(PretrainedModels.ResNet18PreprocessPath).TryGetValue("MeanImage", out var mean)
            ? mean
            : throw new InvalidDataException($"{PretrainedModels.ResNet18PreprocessPath} holds no MeanImage."));

    private static readonly Lazy<WordPieceTokenizer> Tokenizer = new(() => WordPieceTokenizer.FromFile(PretrainedModels.MiniLMVocabularyPath));

    /// <summary>
    /// A photograph as ResNet18's input [1,3,224,224]: the short side scaled to 224 and the centre cropped (RGB, 0–255,
    /// <see cref="ImageTensor"/>), then what ML.NET's ResNetPreprocess.onnx does: channels to B, G, R and its per-pixel
    /// mean image subtracted.
    /// </summary>
    public static Tensor ResNet18Image(string path)
    {
        var rgb = ImageTensor.LoadNchw(path);
        var mean = MeanImage.Value.AsSpan<float>();
        var plane = rgb.Length / 3;
        var bgr = new float[rgb.Length];
        for (var c = 0; c < 3; c++)
        {
            var source = rgb.AsSpan((2 - c) * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                bgr[c * plane + i] = source[i] - mean[c * plane + i];
            }
        }

        return Tensor.From<float>(bgr, 1, 3, 224, 224);
    }

    /// <summary>A sentence as MiniLM's inputs (input_ids, attention_mask, token_type_ids; int64 [1, 128], padded).</summary>
    public static Tensor[] MiniLMSentence(string text)
    {
        var encoded = Tokenizer.Value.Encode(text, PretrainedModels.MiniLMSequence, padToMaxLength: true);
        var shape = new[] { 1, PretrainedModels.MiniLMSequence };
        return [Tensor.From<long>(encoded.Ids, shape), Tensor.From<long>(encoded.AttentionMask, shape), Tensor.From<long>(encoded.TokenTypeIds, shape)];
    }

    /// <summary>One real input for a pretrained model (the first photograph or sentence), ordered as <paramref name="specs"/>.</summary>
    public static Tensor[] For(string model, IReadOnlyList<TensorSpec> specs)
    {
        Tensor[] inputs = string.Equals(model, PretrainedModels.MiniLM, StringComparison.OrdinalIgnoreCase)
            ? MiniLMSentence(Sentences[0])
            : [ResNet18Image(Photographs[0])];
        string[] names = string.Equals(model, PretrainedModels.MiniLM, StringComparison.OrdinalIgnoreCase) ? ["input_ids", "attention_mask", "token_type_ids"] : [specs[0].Name];
        return [.. specs.Select(s => inputs[Array.IndexOf(names, s.Name)])];
    }
}
