using Toolkit.Kernels.Graph;
using static TorchSharp.torch;
using Functional = TorchSharp.torch.nn.functional;

namespace Toolkit.Bench.TorchSharp.Internal;

/// <summary>
/// BERT's operations on libtorch, each defined as the graph op defines it (see <see cref="OpTypes"/>): the embedding sum
/// of int32 ids, layer norm, and masked multi-head self-attention as two batched matmuls (MKL's GEMM) around ATen's
/// softmax, the eager code a PyTorch user's BERT runs.
/// </summary>
internal static class TransformerOps
{
    /// <summary>BERT's additive mask for padding, as our kernel and the ONNX export apply it: (1 − mask) · (−10000).</summary>
    private const float PaddingBias = -10000f;

    /// <summary>
    /// word[id] + position[s] + segment[segment id], summed in that order. The int32 ids become int64, libtorch's index
    /// type, once per run (two [N,S] tensors: nothing next to the gathers).
    /// </summary>
    public static Tensor Embedding(Tensor ids, Tensor segmentIds, Tensor words, Tensor positions, Tensor segments)
    {
        var (batches, tokens) = (ids.shape[0], ids.shape[1]);
        var hidden = words.shape[1];
        var wordRows = words.index_select(0, ids.to_type(ScalarType.Int64).flatten()).view(batches, tokens, hidden);
        var segmentRows = segments.index_select(0, segmentIds.to_type(ScalarType.Int64).flatten()).view(batches, tokens, hidden);
        return wordRows.add_(positions.narrow(0, 0, tokens)).add_(segmentRows);
    }

    /// <summary>Layer norm over the last axis, libtorch's own kernel.</summary>
    public static Tensor LayerNorm(Tensor x, Tensor gamma, Tensor beta, float epsilon) =>
        Functional.layer_norm(x, [x.shape[^1]], gamma, beta, epsilon);

    /// <summary>
    /// qkv [N,S,3H] (Q, K, V side by side, each split into heads of d = H / heads columns) and mask int32 [N,S] to
    /// [N,S,H]: per head softmax(Q·Kᵀ · d^−½ + (1 − mask)·(−10000))·V, heads side by side. The scale multiplies the
    /// scores, as our kernel's masked softmax does; for d = 64 (BERT) and 16 (the tiny test model) it is a power of two,
    /// so scaling Q first would give the same bits.
    /// </summary>
    public static Tensor SelfAttention(Tensor qkv, Tensor mask, int heads)
    {
        var (batches, tokens, width) = (qkv.shape[0], qkv.shape[1], qkv.shape[2]);
        var hidden = width / 3;
        var headSize = hidden / heads;

        // [N,S,3,heads,d] → [3,N,heads,S,d]: strides only; matmul copies what its GEMM needs.
        var split = qkv.view(batches, tokens, 3, heads, headSize).permute(2, 0, 3, 1, 4);
        var (query, key, value) = (split[0], split[1], split[2]);
        var bias = mask.to_type(ScalarType.Float32).neg_().add_(1f).mul_(PaddingBias).view(batches, 1, 1, tokens);
        var scores = matmul(query, key.transpose(-1, -2)).mul_(1.0 / Math.Sqrt(headSize)).add_(bias);
        var context = matmul(scores.softmax(-1), value);
        return context.permute(0, 2, 1, 3).reshape(batches, tokens, hidden);
    }

    /// <summary>The range [start, end) of one axis (negative axes count from the end), a view.</summary>
    public static Tensor Slice(Tensor x, int axis, int start, int end) =>
        x.narrow(axis < 0 ? axis + x.dim() : axis, start, end - start);
}
