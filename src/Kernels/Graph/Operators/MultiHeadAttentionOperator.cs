using System.Runtime.InteropServices;
using Toolkit.Kernels.Attention;
using Toolkit.Kernels.Graph.Execution;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Multi-head self-attention of each sequence of a batch (see <see cref="OpTypes.MultiHeadAttention"/>). The step owns
/// its scratch (one head's scores and one transposed K) and the additive mask, so a run allocates nothing.
/// </summary>
internal sealed class MultiHeadAttentionOperator : IOperator
{
    /// <summary>BERT's additive mask for padding: e^−10000 is exactly 0 in float, so padded keys get no weight.</summary>
    public const float PaddingBias = -10000f;

    public string OpType => OpTypes.MultiHeadAttention;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 2, 2);
        var (qkv, mask) = (inputShapes[0], inputShapes[1]);
        Operators.RequireRank(node, qkv, 3, "qkv");
        var heads = node.Attributes.Int("heads");
        if (heads <= 0 || qkv[2] % (3 * heads) != 0)
        {
            throw new GraphException($"Node '{node.Name}' (MultiHeadAttention): qkv width {qkv[2]} must be 3 × hidden with hidden a multiple of heads ({heads}).");
        }

        if (mask.Length != 2 || mask[0] != qkv[0] || mask[1] != qkv[1])
        {
            throw new GraphException($"Node '{node.Name}' (MultiHeadAttention): the mask must be [{qkv[0]},{qkv[1]}], got [{string.Join(',', mask)}].");
        }

        return [qkv[0], qkv[1], qkv[2] / 3];
    }

    /// <summary>Q·Kᵀ and P·V: 2 · S² · H multiply-accumulates per sequence.</summary>
    public long CountMultiplyAccumulates(Node node, IReadOnlyList<int[]> inputShapes, int[] outputShape) =>
        2L * outputShape[0] * outputShape[1] * outputShape[1] * outputShape[2];

    public IStep Compile(Node node, StepContext context)
    {
        var shape = context.InputShape(0);
        var heads = node.Attributes.Int("heads");
        return new Step(context.Input(0), context.Input(1), context.Output, shape[0], shape[1], heads, shape[2] / 3 / heads);
    }

    private sealed class Step(BufferSlice qkv, BufferSlice mask, BufferSlice output, int batches, int tokens, int heads, int headSize) : IStep
    {
        private readonly float[] scratch = new float[MultiHeadAttention.ScratchLength(tokens, headSize)];
        private readonly float[] maskBias = new float[tokens];

        public void Execute(CpuContext cpu, Arena arena)
        {
            var hidden = heads * headSize;
            var qkvValues = arena[qkv];
            var maskValues = MemoryMarshal.Cast<float, int>(arena[mask]);
            var outputValues = arena[output];
            for (var b = 0; b < batches; b++)
            {
                for (var t = 0; t < tokens; t++)
                {
                    // (1 − mask) · (−10000), as BERT and the ONNX export compute it.
                    maskBias[t] = (1f - maskValues[(b * tokens) + t]) * PaddingBias;
                }

                MultiHeadAttention.SelfAttend(
                    cpu,
                    qkvValues.Slice(b * tokens * 3 * hidden, tokens * 3 * hidden),
                    maskBias,
                    tokens,
                    heads,
                    outputValues.Slice(b * tokens * hidden, tokens * hidden),
                    scratch);
            }
        }
    }
}
