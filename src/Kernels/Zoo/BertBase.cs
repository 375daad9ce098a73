using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// BERT-base for sequence classification (the paper's IMDb sentiment model): word + position + segment embeddings and
/// a layer norm; 12 post-norm transformer blocks (fused Q|K|V projection, masked multi-head self-attention, output
/// projection, residual and layer norm; a GELU feed-forward, residual and layer norm); the pooler (token 0, [CLS],
/// through a tanh dense layer) and a 2-way classifier. Inputs int32 [1,500] <c>input_ids</c>, <c>input_masks</c> (1 for a
/// token, 0 for padding) and <c>segment_ids</c>; output float32 [1,2] <c>probabilities</c>, the softmax of the value
/// named <see cref="LogitsName"/>. About 109.5 M parameters (438 MB as float32) and 94 GFLOPs at 500 tokens.
/// </summary>
/// <remarks>
/// Weights are seeded like BERT's initializer: every matrix and embedding uniform with standard deviation 0.02 (BERT
/// draws a truncated normal of that deviation; the spread, not the shape, sets the activations' scale), biases within
/// ±0.02, layer norms near γ = 1, β = 0. With those, activations keep a unit scale through all 12 blocks and the
/// attention is spread over the tokens, as in a model before fine-tuning.
/// </remarks>
public static class BertBase
{
    public const string Name = "bert";

    /// <summary>The classifier's output before the softmax: tests expose it as a second graph output.</summary>
    public const string LogitsName = "logits";

    public const string OutputName = "probabilities";

    /// <summary>BERT's layer-norm epsilon.</summary>
    public const float LayerNormEpsilon = 1e-12f;

    /// <summary>BERT's initializer range (the standard deviation of its weights).</summary>
    private const float InitializerRange = 0.02f;

    public static ModelGraph Build(ulong seed) => Build(BertConfig.Base, seed);

    public static ModelGraph Build(BertConfig config, ulong seed)
    {
        config = config.Validated();
        var graph = new GraphBuilder(Name);
        var weights = new Weights(graph, new SeededRandom(seed));
        var shape = new[] { 1, config.SequenceLength };
        var ids = graph.Input("input_ids", DataType.Int32, shape);
        var mask = graph.Input("input_masks", DataType.Int32, shape);
        var segments = graph.Input("segment_ids", DataType.Int32, shape);

        var embedded = graph.Add(OpTypes.Embedding,
        [
            ids,
            segments,
            weights.Matrix("bert/embeddings/word_embeddings", config.Vocabulary, config.Hidden),
            weights.Matrix("bert/embeddings/position_embeddings", config.MaxPositions, config.Hidden),
            weights.Matrix("bert/embeddings/token_type_embeddings", config.SegmentTypes, config.Hidden),
        ], nodeName: "bert/embeddings/sum");
        var x = LayerNorm(graph, weights, embedded, config.Hidden, "bert/embeddings/LayerNorm");

        for (var layer = 0; layer < config.Layers; layer++)
        {
            x = Block(graph, weights, config, x, mask, $"bert/encoder/layer_{layer}");
        }

        var first = graph.Add(OpTypes.Slice, [x], new NodeAttributes { { "axis", 1 }, { "start", 0 }, { "end", 1 } }, "bert/pooler/first_token");
        var cls = graph.Add(OpTypes.Reshape, [first], new NodeAttributes { { "shape", new[] { 1, config.Hidden } } }, "bert/pooler/flatten");
        var pooled = graph.Add(OpTypes.Tanh, [Dense(graph, weights, cls, config.Hidden, config.Hidden, Activation.None, "bert/pooler/dense")], nodeName: "bert/pooler/tanh");
        var logits = Dense(graph, weights, pooled, config.Hidden, config.Classes, Activation.None, LogitsName);
        graph.Add(OpTypes.Softmax, [logits], nodeName: OutputName);
        return graph.Build(OutputName);
    }

    /// <summary>One post-norm transformer block, as BERT's: x + attention → norm → x + feed-forward → norm.</summary>
    private static string Block(GraphBuilder graph, Weights weights, BertConfig config, string x, string mask, string name)
    {
        var h = config.Hidden;
        var qkv = Dense(graph, weights, x, h, 3 * h, Activation.None, $"{name}/attention/self/qkv");
        var context = graph.Add(OpTypes.MultiHeadAttention, [qkv, mask], new NodeAttributes { { "heads", config.Heads } }, $"{name}/attention/self");
        var projected = Dense(graph, weights, context, h, h, Activation.None, $"{name}/attention/output/dense");
        var attended = LayerNorm(graph, weights, graph.Add(OpTypes.Add, [projected, x], nodeName: $"{name}/attention/output/residual"), h, $"{name}/attention/output/LayerNorm");
        var intermediate = Dense(graph, weights, attended, h, config.Intermediate, Activation.Gelu, $"{name}/intermediate/dense");
        var output = Dense(graph, weights, intermediate, config.Intermediate, h, Activation.None, $"{name}/output/dense");
        return LayerNorm(graph, weights, graph.Add(OpTypes.Add, [output, attended], nodeName: $"{name}/output/residual"), h, $"{name}/output/LayerNorm");
    }

    private static string Dense(GraphBuilder graph, Weights weights, string input, int inFeatures, int outFeatures, Activation activation, string name)
    {
        var attributes = new NodeAttributes();
        if (activation != Activation.None)
        {
            attributes.Set("activation", activation.ToString());
        }

        return graph.Add(OpTypes.Dense, [input, weights.Matrix($"{name}/kernel", inFeatures, outFeatures), weights.Vector($"{name}/bias", outFeatures, -InitializerRange, InitializerRange)], attributes, name);
    }

    private static string LayerNorm(GraphBuilder graph, Weights weights, string input, int width, string name) =>
        graph.Add(OpTypes.LayerNorm, [input, weights.Vector($"{name}/gamma", width, 0.9f, 1.1f), weights.Vector($"{name}/beta", width, -0.05f, 0.05f)], new NodeAttributes { { "epsilon", LayerNormEpsilon } }, name);

    private sealed class Weights(GraphBuilder graph, SeededRandom random)
    {
        /// <summary>Uniform on ±0.02·√3: the standard deviation of BERT's initializer.</summary>
        public string Matrix(string name, int rows, int columns)
        {
            var limit = InitializerRange * MathF.Sqrt(3f);
            var tensor = Tensor.Zeros(DataType.Float32, rows, columns);
            random.Fill(tensor.AsSpan<float>(), -limit, limit);
            return graph.Initializer(name, tensor);
        }

        public string Vector(string name, int length, float low, float high)
        {
            var tensor = Tensor.Zeros(DataType.Float32, length);
            random.Fill(tensor.AsSpan<float>(), low, high);
            return graph.Initializer(name, tensor);
        }
    }
}
