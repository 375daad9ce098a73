using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>Slice [start, end) of one axis: one contiguous block copied per index of the axes before it.</summary>
internal sealed class SliceOperator : IOperator
{
    public string OpType => OpTypes.Slice;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        var shape = inputShapes[0];
        var (axis, start, end) = Range(node, shape);
        if (axis < 0 || axis >= shape.Length || start < 0 || end > shape[axis] || start >= end)
        {
            throw new GraphException($"Node '{node.Name}' (Slice): axis {axis}, range [{start}, {end}) must lie inside [{string.Join(',', shape)}].");
        }

        var output = shape.ToArray();
        output[axis] = end - start;
        return output;
    }

    /// <summary>A slice moves 4-byte elements whatever they hold, so an Int32 value stays Int32.</summary>
    public DataType InferDataType(Node node, IReadOnlyList<DataType> inputTypes) =>
        inputTypes[0].Size() == sizeof(float)
            ? inputTypes[0]
            : throw new GraphException($"Node '{node.Name}' (Slice): the input is {inputTypes[0]}; Slice moves 4-byte elements (Float32 or Int32).");

    public IStep Compile(Node node, StepContext context)
    {
        var shape = context.InputShape(0);
        var (axis, start, end) = Range(node, shape);
        var inner = (int)Tensor.ElementCount(shape.AsSpan(axis + 1));
        var outer = (int)Tensor.ElementCount(shape.AsSpan(0, axis));
        return new Step(context.Input(0), context.Output, outer, shape[axis] * inner, start * inner, (end - start) * inner);
    }

    private static (int Axis, int Start, int End) Range(Node node, int[] shape)
    {
        var axis = node.Attributes.Int("axis");
        return (axis < 0 ? axis + shape.Length : axis, node.Attributes.Int("start"), node.Attributes.Int("end"));
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int outer, int inputBlock, int offset, int length) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var source = arena[input];
            var target = arena[output];
            for (var o = 0; o < outer; o++)
            {
                source.Slice((o * inputBlock) + offset, length).CopyTo(target.Slice(o * length, length));
            }
        }
    }
}
