using System.Runtime.InteropServices;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Quantized;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// The quantized convolution (<see cref="OpTypes.QConv2d"/>): u8 NHWC in and out, s8 weight codes packed once for the
/// plan's int8 tier, the requantization built from the node's scales (<see cref="Int8Conv2d"/>).
/// </summary>
internal sealed class QConv2dOperator : IOperator
{
    private static readonly Conv2dOperator Float = new();

    public string OpType => OpTypes.QConv2d;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 3, 4);
        var output = Float.InferShape(node, inputShapes.Count == 4 ? [inputShapes[0], inputShapes[1], inputShapes[3]] : [inputShapes[0], inputShapes[1]]);
        if (inputShapes[2] is not [var scales] || scales != output[3])
        {
            throw new GraphException($"Node '{node.Name}' (QConv2d): the weight scales must be [{output[3]}], got [{string.Join(',', inputShapes[2])}].");
        }

        return output;
    }

    public DataType InferDataType(Node node, IReadOnlyList<DataType> inputTypes) =>
        inputTypes[0] == DataType.UInt8 && inputTypes.Skip(1).All(t => t == DataType.Float32)
            ? DataType.UInt8
            : throw new GraphException($"Node '{node.Name}' (QConv2d): takes a UInt8 input and Float32 weights, scales and bias; received {string.Join(", ", inputTypes)}.");

    public long CountMultiplyAccumulates(Node node, IReadOnlyList<int[]> inputShapes, int[] outputShape) =>
        outputShape[0] * Conv2dOperator.Geometry(node, inputShapes[0], inputShapes[1]).MultiplyAccumulates;

    public IStep Compile(Node node, StepContext context)
    {
        var input = context.InputShape(0);
        var geometry = Conv2dOperator.Geometry(node, input, context.InputShape(1));
        var x = QuantizeLinearOperator.Parameters(node, "x_");
        var y = QuantizeLinearOperator.Parameters(node, "y_");
        var requantization = Requantization.Create(geometry.OutChannels, x.Scale, x.ZeroPoint, context.ConstantView(2),
            context.HasInput(3) ? context.ConstantView(3) : [], y.Scale, y.ZeroPoint, node.Attributes.Activation);
        try
        {
            return new Step(context.Input(0), context.Output, input[0], Int8Conv2d.Prepare(context.Int8Isa, geometry, Codes(node, context.ConstantView(1)), requantization));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new GraphException($"Node '{node.Name}' (QConv2d) at int8 tier {Int8IsaSupport.Name(context.Int8Isa)}: {e.Message}", e);
        }
    }

    /// <summary>The weight codes as s8, each checked to be an integer in [−127, 127].</summary>
    private static sbyte[] Codes(Node node, ReadOnlySpan<float> weights)
    {
        var codes = new sbyte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w != MathF.Round(w) || w is < -127 or > 127)
            {
                throw new GraphException($"Node '{node.Name}' (QConv2d): weight {i} is {w}; the weights must be integer codes in [-127, 127].");
            }

            codes[i] = (sbyte)w;
        }

        return codes;
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int batch, Int8Conv2d convolution) : IStep, IDisposable
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = MemoryMarshal.AsBytes(arena[input]);
            var y = MemoryMarshal.AsBytes(arena[output]);
            var (inLength, outLength) = (convolution.InputLength, convolution.OutputLength);
            for (var n = 0; n < batch; n++)
            {
                convolution.Run(cpu, x.Slice(n * inLength, inLength), y.Slice(n * outLength, outLength));
            }
        }

        public void Dispose() => convolution.Dispose();
    }
}
