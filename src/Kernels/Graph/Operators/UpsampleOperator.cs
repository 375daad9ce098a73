using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>Nearest-neighbour upsampling of NHWC by the integer attribute factor (YOLOv5's neck uses 2).</summary>
internal sealed class UpsampleOperator : IOperator
{
    public string OpType => OpTypes.Upsample;

    public static int Factor(Node node)
    {
        var factor = node.Attributes.Int("factor");
        return factor > 0 ? factor : throw new GraphException($"Node '{node.Name}' (Upsample): factor must be positive, got {factor}.");
    }

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        Operators.RequireRank(node, inputShapes[0], 4, "the input");
        var s = inputShapes[0];
        var factor = Factor(node);
        return [s[0], s[1] * factor, s[2] * factor, s[3]];
    }

    public IStep Compile(Node node, StepContext context)
    {
        var s = context.InputShape(0);
        return new Step(context.Input(0), context.Output, s[0], s[1], s[2], s[3], Factor(node));
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int batch, int height, int width, int channels, int factor) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = arena[input];
            var y = arena[output];
            var inLength = height * width * channels;
            var outLength = inLength * factor * factor;
            for (var n = 0; n < batch; n++)
            {
                Primitives.UpsampleNearest(cpu, height, width, channels, factor, x.Slice(n * inLength, inLength), y.Slice(n * outLength, outLength));
            }
        }
    }
}
