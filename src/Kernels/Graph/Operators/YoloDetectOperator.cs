using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// YOLOv5's Detect decode of one level, [N,H,W,A·K] → [N, A·H·W, K] (see <see cref="OpTypes.YoloDetect"/>). One
/// operator rather than the exported chain (reshape, transpose, sigmoid, slices, grid and anchor arithmetic, concat):
/// the chain would need five more op types and writes the level's boxes six times, where this reads the head once and
/// writes each box once.
/// </summary>
internal sealed class YoloDetectOperator : IOperator
{
    public string OpType => OpTypes.YoloDetect;

    /// <summary>Anchor sizes in pixels as floats, [w0,h0,w1,h1,...].</summary>
    public static float[] Anchors(Node node)
    {
        var anchors = node.Attributes.Ints("anchors");
        return anchors.Length > 0 && anchors.Length % 2 == 0 && anchors.All(a => a > 0)
            ? [.. anchors.Select(a => (float)a)]
            : throw new GraphException($"Node '{node.Name}' (YoloDetect): anchors must be positive width,height pairs; got [{string.Join(',', anchors)}].");
    }

    public static int Stride(Node node)
    {
        var stride = node.Attributes.Int("stride");
        return stride > 0 ? stride : throw new GraphException($"Node '{node.Name}' (YoloDetect): stride must be positive, got {stride}.");
    }

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        Operators.RequireRank(node, inputShapes[0], 4, "the input");
        _ = Stride(node);
        var anchors = Anchors(node).Length / 2;
        var (n, h, w, c) = (inputShapes[0][0], inputShapes[0][1], inputShapes[0][2], inputShapes[0][3]);
        if (c % anchors != 0 || c / anchors < 5)
        {
            throw new GraphException($"Node '{node.Name}' (YoloDetect): channels {c} must be {anchors} anchors × (5 + classes).");
        }

        return [n, anchors * h * w, c / anchors];
    }

    public IStep Compile(Node node, StepContext context)
    {
        var s = context.InputShape(0);
        var anchors = Anchors(node);
        return new Step(context.Input(0), context.Output, s[0], s[1], s[2], s[3] / (anchors.Length / 2), anchors, Stride(node));
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int batch, int height, int width, int rowLength, float[] anchors, float stridePixels) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = arena[input];
            var y = arena[output];
            var length = x.Length / batch;
            for (var n = 0; n < batch; n++)
            {
                Primitives.YoloDetect(cpu, height, width, rowLength, anchors, stridePixels, x.Slice(n * length, length), y.Slice(n * length, length));
            }
        }
    }
}
