using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;

namespace Toolkit.Serialization.Onnx;

/// <summary>
/// The translations of BERT's ops into standard ONNX (opset 17): Gather and Add for the embedding,
/// LayerNormalization, and multi-head attention spelled out as Split, Reshape, Transpose, MatMul, Mul, Cast, Sub, Add and
/// Softmax, in the order our kernels compute, so ONNX Runtime may fuse them as it would an exported BERT.
/// </summary>
internal sealed partial class OnnxGraphWriter
{
    /// <summary>ONNX TensorProto.DataType FLOAT, the target of the mask's Cast.</summary>
    private const long OnnxFloat = 1;

    private readonly Dictionary<string, string> maskBiases = new(StringComparer.Ordinal);

    /// <summary>(word[ids] + position[0..S)) + segment[segment ids], with the same additions in the same order as ours.</summary>
    private void Embedding(Node node)
    {
        var ids = shapes[node.Inputs[0]];
        var name = node.Output;
        var words = Emit("Gather", [ConstantOf(node.Inputs[2]), Nhwc(node.Inputs[0])], UniqueName($"{name}/words"), false, Int("axis", 0));
        var positionIds = Constant($"{name}/position_ids", Tensor.From<int>([.. Enumerable.Range(0, ids[1])], 1, ids[1]));
        var positions = Emit("Gather", [ConstantOf(node.Inputs[3]), positionIds], UniqueName($"{name}/positions"), false, Int("axis", 0));
        var segments = Emit("Gather", [ConstantOf(node.Inputs[4]), Nhwc(node.Inputs[1])], UniqueName($"{name}/segments"), false, Int("axis", 0));
        Emit("Add", [Emit("Add", [words, positions], UniqueName($"{name}/words_positions"), false), segments], name, false);
    }

    private void LayerNorm(Node node) =>
        Emit("LayerNormalization", [Nhwc(node.Inputs[0]), ConstantOf(node.Inputs[1]), ConstantOf(node.Inputs[2])], node.Output, false,
            Int("axis", -1), Float("epsilon", node.Attributes.Float("epsilon", 1e-12f)));

    /// <summary>
    /// [N,S,3H] → Q, K, V → per head [N,heads,S,d] (K as [N,heads,d,S]) → softmax(Q·Kᵀ · 1/√d + (1 − mask)·(−10000)) · V
    /// → [N,S,H]. The scale multiplies the scores, not Q, as our kernel does.
    /// </summary>
    private void MultiHeadAttention(Node node)
    {
        var qkv = shapes[node.Inputs[0]];
        var (batch, tokens, hidden) = (qkv[0], qkv[1], qkv[2] / 3);
        var heads = node.Attributes.Int("heads");
        var headSize = hidden / heads;
        var name = node.Output;

        var (q, k, v) = (UniqueName($"{name}/q"), UniqueName($"{name}/k"), UniqueName($"{name}/v"));
        EmitSplit(Nhwc(node.Inputs[0]), Int64s($"{name}/split", hidden, hidden, hidden), [q, k, v]);
        var headShape = Int64s($"{name}/head_shape", batch, tokens, heads, headSize);
        string Heads(string value, long[] perm) =>
            Emit("Transpose", [Emit("Reshape", [value, headShape], UniqueName($"{value}/heads"), false)], UniqueName($"{value}/transposed"), false, Ints("perm", perm));

        var queries = Heads(q, [0, 2, 1, 3]);
        var keys = Heads(k, [0, 2, 3, 1]);
        var values = Heads(v, [0, 2, 1, 3]);
        var scores = Emit("MatMul", [queries, keys], UniqueName($"{name}/scores"), false);
        var scaled = Emit("Mul", [scores, Scalar($"{name}/scale", 1f / MathF.Sqrt(headSize))], UniqueName($"{name}/scaled"), false);
        var biased = Emit("Add", [scaled, MaskBias(node.Inputs[1], batch, tokens)], UniqueName($"{name}/masked"), false);
        var weights = Emit("Softmax", [biased], UniqueName($"{name}/weights"), false, Int("axis", -1));
        var context = Emit("MatMul", [weights, values], UniqueName($"{name}/context"), false);
        var merged = Emit("Transpose", [context], UniqueName($"{name}/merged"), false, Ints("perm", new long[] { 0, 2, 1, 3 }));
        Emit("Reshape", [merged, Int64s($"{name}/shape", batch, tokens, hidden)], name, false);
    }

    /// <summary>(1 − float(mask)) · (−10000) as [N,1,1,S], made once per mask and shared by every layer.</summary>
    private string MaskBias(string mask, int batch, int tokens)
    {
        if (maskBiases.TryGetValue(mask, out var bias))
        {
            return bias;
        }

        var asFloat = Emit("Cast", [Nhwc(mask)], UniqueName($"{mask}/float"), false, Int("to", OnnxFloat));
        var inverted = Emit("Sub", [Scalar($"{mask}/one", 1f), asFloat], UniqueName($"{mask}/inverted"), false);
        var scaled = Emit("Mul", [inverted, Scalar($"{mask}/padding", -10000f)], UniqueName($"{mask}/bias"), false);
        bias = Emit("Reshape", [scaled, Int64s($"{mask}/bias_shape", batch, 1, 1, tokens)], UniqueName($"{mask}/bias4"), false);
        maskBiases[mask] = bias;
        return bias;
    }

    private void Slice(Node node)
    {
        var a = node.Attributes;
        var name = node.Output;
        Emit("Slice", [Nhwc(node.Inputs[0]), Int64s($"{name}/starts", a.Int("start")), Int64s($"{name}/ends", a.Int("end")), Int64s($"{name}/axes", a.Int("axis"))], name, false);
    }
}
