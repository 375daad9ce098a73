using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>GlobalAveragePool over NHWC: [N,H,W,C] → [N,1,1,C].</summary>
internal sealed class GlobalAveragePoolOperator : IOperator
{
    public string OpType => OpTypes.GlobalAveragePool;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        Operators.RequireRank(node, inputShapes[0], 4, "the input");
        var s = inputShapes[0];
        return [s[0], 1, 1, s[3]];
    }

    public IStep Compile(Node node, StepContext context)
    {
        var s = context.InputShape(0);
        return new Step(context.Input(0), context.Output, s[0], s[1], s[2], s[3]);
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int batch, int height, int width, int channels) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = arena[input];
            var y = arena[output];
            var imageLength = height * width * channels;
            for (var n = 0; n < batch; n++)
            {
                Primitives.GlobalAveragePool(cpu, height, width, channels, x.Slice(n * imageLength, imageLength), y.Slice(n * channels, channels));
            }
        }
    }
}
