using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Graph.Execution;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// 2-D convolution over NHWC with HWIO weights, optional bias and a fused activation. Depthwise (group = channels)
/// runs the direct depthwise kernel; everything else runs as GEMM (1×1 directly, others through im2col).
/// </summary>
internal sealed class Conv2dOperator : IOperator
{
    public string OpType => OpTypes.Conv2d;

    /// <summary>The geometry of one image of the node's input.</summary>
    public static Conv2dGeometry Geometry(Node node, int[] inputShape, int[] weightShape)
    {
        var a = node.Attributes;
        var kernel = a.Ints("kernel");
        var strides = a.Ints("strides");
        var pads = a.Ints("pads");
        var group = a.Int("group", 1);
        return new Conv2dGeometry(inputShape[1], inputShape[2], inputShape[3], weightShape[3],
            kernel[0], kernel[1], strides[0], strides[1], pads[0], pads[1], pads[2], pads[3], group);
    }

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 2, 3);
        Operators.RequireRank(node, inputShapes[0], 4, "the input");
        Operators.RequireRank(node, inputShapes[1], 4, "the weights");
        var (x, w) = (inputShapes[0], inputShapes[1]);
        var g = Geometry(node, x, w);
        if (w[0] != g.KernelHeight || w[1] != g.KernelWidth || w[2] != x[3] / g.Groups)
        {
            throw new GraphException($"Node '{node.Name}' (Conv2d): weights [{string.Join(',', w)}] do not fit kernel {g.KernelHeight}×{g.KernelWidth}, {x[3]} input channels and group {g.Groups}.");
        }

        try
        {
            g.Validate();
        }
        catch (ArgumentException e)
        {
            throw new GraphException($"Node '{node.Name}' (Conv2d): {e.Message}", e);
        }

        if (inputShapes.Count == 3 && (inputShapes[2].Length != 1 || inputShapes[2][0] != g.OutChannels))
        {
            throw new GraphException($"Node '{node.Name}' (Conv2d): bias must be [{g.OutChannels}], got [{string.Join(',', inputShapes[2])}].");
        }

        return [x[0], g.OutputHeight, g.OutputWidth, g.OutChannels];
    }

    public long CountMultiplyAccumulates(Node node, IReadOnlyList<int[]> inputShapes, int[] outputShape) =>
        outputShape[0] * Geometry(node, inputShapes[0], inputShapes[1]).MultiplyAccumulates;

    public IStep Compile(Node node, StepContext context)
    {
        var input = context.InputShape(0);
        var geometry = Geometry(node, input, context.InputShape(1));
        var bias = context.OptionalConstant(2);
        var activation = node.Attributes.Activation;
        return geometry.IsDepthwise
            ? new DepthwiseStep(context.Input(0), context.Output, input[0], geometry, context.Constant(1), bias, activation)
            : new GemmStep(context.Input(0), context.Output, input[0], Conv2d.Prepare(geometry, context.GemmWeights(1), context.WinogradWeights(1)), bias, activation);
    }

    /// <summary>Convolution as GEMM over the input (1×1) or its im2col patches, with weights packed once.</summary>
    private sealed class GemmStep(BufferSlice input, BufferSlice output, int batch, PreparedConv2d convolution, float[]? bias, Activation activation) : IStep, IDisposable
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = arena[input];
            var y = arena[output];
            var (inLength, outLength) = (convolution.InputLength, convolution.OutputLength);
            for (var n = 0; n < batch; n++)
            {
                convolution.Run(cpu, x.Slice(n * inLength, inLength), y.Slice(n * outLength, outLength), bias, activation);
            }
        }

        public void Dispose() => convolution.Dispose();
    }

    /// <summary>Direct depthwise convolution; the weights [KH, KW, 1, C] are already the kernel's [KH, KW, C] layout.</summary>
    private sealed class DepthwiseStep(BufferSlice input, BufferSlice output, int batch, Conv2dGeometry geometry, float[] weights, float[]? bias, Activation activation) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = arena[input];
            var y = arena[output];
            var inLength = geometry.InputHeight * geometry.InputWidth * geometry.InChannels;
            var outLength = geometry.OutputHeight * geometry.OutputWidth * geometry.OutChannels;
            for (var n = 0; n < batch; n++)
            {
                DepthwiseConvolution.Run(cpu, geometry, x.Slice(n * inLength, inLength), weights, bias, activation, y.Slice(n * outLength, outLength));
            }
        }
    }
}
