using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// MaxPool and AveragePool over NHWC: attributes kernel [kh,kw], strides [sh,sw], pads [top,left,bottom,right] and, for
/// AveragePool, count_include_pad. The two differ only in the kernel they call, so one class serves both op types.
/// </summary>
internal sealed class PoolOperator(string opType) : IOperator
{
    public string OpType => opType;

    /// <summary>The geometry of one image of the node's input.</summary>
    public static PoolGeometry Geometry(Node node, int[] inputShape)
    {
        var a = node.Attributes;
        var kernel = a.Ints("kernel");
        var strides = a.Ints("strides");
        var pads = a.Ints("pads");
        if (kernel.Length != 2 || strides.Length != 2 || pads.Length != 4)
        {
            throw new GraphException($"Node '{node.Name}' ({node.OpType}): expected kernel [kh,kw], strides [sh,sw] and pads [top,left,bottom,right]; got kernel [{string.Join(',', kernel)}], strides [{string.Join(',', strides)}], pads [{string.Join(',', pads)}].");
        }

        return new PoolGeometry(inputShape[1], inputShape[2], inputShape[3], kernel[0], kernel[1], strides[0], strides[1], pads[0], pads[1], pads[2], pads[3]);
    }

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        Operators.RequireRank(node, inputShapes[0], 4, "the input");
        var g = Geometry(node, inputShapes[0]);
        try
        {
            g.Validate();
        }
        catch (ArgumentException e)
        {
            throw new GraphException($"Node '{node.Name}' ({node.OpType}): {e.Message}", e);
        }

        return [inputShapes[0][0], g.OutputHeight, g.OutputWidth, g.Channels];
    }

    public IStep Compile(Node node, StepContext context)
    {
        var shape = context.InputShape(0);
        var includePad = opType == OpTypes.AveragePool && node.Attributes.Int("count_include_pad", 0) != 0;
        return new Step(context.Input(0), context.Output, shape[0], Geometry(node, shape), opType == OpTypes.MaxPool, includePad);
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int batch, PoolGeometry geometry, bool max, bool includePad) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = arena[input];
            var y = arena[output];
            var (inLength, outLength) = ((int)geometry.InputLength, (int)geometry.OutputLength);
            for (var n = 0; n < batch; n++)
            {
                var image = x.Slice(n * inLength, inLength);
                var pooled = y.Slice(n * outLength, outLength);
                if (max)
                {
                    Primitives.MaxPool(cpu, geometry, image, pooled);
                }
                else
                {
                    Primitives.AveragePool(cpu, geometry, image, pooled, includePad);
                }
            }
        }
    }
}
