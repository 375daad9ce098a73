using System.Runtime.InteropServices;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Quantized;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>QuantizeLinear (Float32 → UInt8) or DequantizeLinear (UInt8 → Float32), element by element with one scale and zero point.</summary>
internal sealed class QuantizeLinearOperator(string opType) : IOperator
{
    public string OpType => opType;

    private bool Quantizes => opType == OpTypes.QuantizeLinear;

    /// <summary>The node's scale and zero point, checked.</summary>
    public static QuantizationParameters Parameters(Node node, string prefix = "")
    {
        var scale = node.Attributes.Float(prefix + "scale");
        var zeroPoint = node.Attributes.Int(prefix + "zero_point");
        if (!(scale > 0) || !float.IsFinite(scale) || zeroPoint is < 0 or > 255)
        {
            throw new GraphException($"Node '{node.Name}' ({node.OpType}): {prefix}scale must be positive and finite and {prefix}zero_point within 0–255; received {scale} and {zeroPoint}.");
        }

        return new QuantizationParameters(scale, (byte)zeroPoint);
    }

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        _ = Parameters(node);
        return inputShapes[0];
    }

    public DataType InferDataType(Node node, IReadOnlyList<DataType> inputTypes)
    {
        var (from, to) = Quantizes ? (DataType.Float32, DataType.UInt8) : (DataType.UInt8, DataType.Float32);
        return inputTypes[0] == from
            ? to
            : throw new GraphException($"Node '{node.Name}' ({node.OpType}): the input is {inputTypes[0]}; it takes {from}.");
    }

    public IStep Compile(Node node, StepContext context) =>
        new Step(context.Input(0), context.Output, (int)Tensor.ElementCount(context.OutputShape), Parameters(node), Quantizes);

    public long CountMultiplyAccumulates(Node node, IReadOnlyList<int[]> inputShapes, int[] outputShape) => Tensor.ElementCount(outputShape);

    private sealed class Step(BufferSlice input, BufferSlice output, int count, QuantizationParameters parameters, bool quantizes) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            if (quantizes)
            {
                parameters.Quantize(arena[input][..count], MemoryMarshal.AsBytes(arena[output])[..count]);
            }
            else
            {
                parameters.Dequantize(MemoryMarshal.AsBytes(arena[input])[..count], arena[output][..count]);
            }
        }
    }
}
