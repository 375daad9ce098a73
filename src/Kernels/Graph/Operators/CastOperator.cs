using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Cast among the element types the arena holds (Float32, Int32, Int64), every pair. Integers widen exactly and become
/// floats rounded to nearest; floats become integers truncated toward zero, as ONNX does. A value the target cannot hold
/// (an Int64 beyond Int32, a float that is NaN, infinite or beyond the integer's range) throws an
/// <see cref="OverflowException"/> naming the node, the element and the value, as a C# checked conversion would. Clamping
/// was the other choice, and it is wrong for what ONNX exports cast: token ids, where a clamped id silently reads another
/// row of the embedding table.
/// </summary>
internal sealed class CastOperator : IOperator
{
    public string OpType => OpTypes.Cast;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        Target(node);
        return inputShapes[0];
    }

    public DataType InferDataType(Node node, IReadOnlyList<DataType> inputTypes) =>
        Operators.IsArenaType(inputTypes[0])
            ? Target(node)
            : throw new GraphException($"Node '{node.Name}' (Cast): the input is {inputTypes[0]}; Cast reads Float32, Int32 or Int64.");

    public IStep Compile(Node node, StepContext context) =>
        new Step(node.Name, context.Input(0), context.Output, context.InputDataType(0), context.OutputDataType);

    private static DataType Target(Node node)
    {
        var name = node.Attributes.String("to", "");
        // The name must be spelt as the enum spells it: Enum.TryParse alone also takes numbers and other casings.
        return Enum.TryParse<DataType>(name, out var type) && type.ToString() == name && Operators.IsArenaType(type)
            ? type
            : throw new GraphException($"Node '{node.Name}' (Cast): attribute to must be Float32, Int32 or Int64; got '{name}'.");
    }

    /// <summary>
    /// One scalar loop per pair, on every tier: a Cast in the graphs we import converts token ids and masks at the
    /// entrance, a few hundred elements per inference, where a vector path would not show in a profile.
    /// </summary>
    private sealed class Step(string nodeName, BufferSlice input, BufferSlice output, DataType from, DataType to) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var x = arena[input];
            var y = arena[output];
            switch (from, to)
            {
                case (DataType.Int64, DataType.Int32):
                    Int64ToInt32(MemoryMarshal.Cast<float, long>(x), MemoryMarshal.Cast<float, int>(y));
                    break;
                case (DataType.Int64, DataType.Float32):
                    Int64ToFloat32(MemoryMarshal.Cast<float, long>(x), y);
                    break;
                case (DataType.Int32, DataType.Int64):
                    Int32ToInt64(MemoryMarshal.Cast<float, int>(x), MemoryMarshal.Cast<float, long>(y));
                    break;
                case (DataType.Int32, DataType.Float32):
                    Int32ToFloat32(MemoryMarshal.Cast<float, int>(x), y);
                    break;
                case (DataType.Float32, DataType.Int32):
                    Float32ToInt32(x, MemoryMarshal.Cast<float, int>(y));
                    break;
                case (DataType.Float32, DataType.Int64):
                    Float32ToInt64(x, MemoryMarshal.Cast<float, long>(y));
                    break;
                default:
                    // The same type on both sides: the bits as they are.
                    x.CopyTo(y);
                    break;
            }
        }

        private void Int64ToInt32(ReadOnlySpan<long> x, Span<int> y)
        {
            for (var i = 0; i < x.Length; i++)
            {
                if (x[i] is < int.MinValue or > int.MaxValue)
                {
                    ThrowOverflow(i, x[i].ToString(CultureInfo.InvariantCulture));
                }

                y[i] = (int)x[i];
            }
        }

        private static void Int64ToFloat32(ReadOnlySpan<long> x, Span<float> y)
        {
            for (var i = 0; i < x.Length; i++)
            {
                y[i] = x[i];
            }
        }

        private static void Int32ToInt64(ReadOnlySpan<int> x, Span<long> y)
        {
            for (var i = 0; i < x.Length; i++)
            {
                y[i] = x[i];
            }
        }

        private static void Int32ToFloat32(ReadOnlySpan<int> x, Span<float> y)
        {
            for (var i = 0; i < x.Length; i++)
            {
                y[i] = x[i];
            }
        }

        private void Float32ToInt32(ReadOnlySpan<float> x, Span<int> y)
        {
            for (var i = 0; i < x.Length; i++)
            {
                // −2³¹ is a float and 2³¹ the first float above int.MaxValue; NaN fails both comparisons.
                if (!(x[i] >= -2147483648f && x[i] < 2147483648f))
                {
                    ThrowOverflow(i, x[i].ToString("R", CultureInfo.InvariantCulture));
                }

                y[i] = (int)x[i];
            }
        }

        private void Float32ToInt64(ReadOnlySpan<float> x, Span<long> y)
        {
            for (var i = 0; i < x.Length; i++)
            {
                // ±2⁶³ as floats: −2⁶³ is long.MinValue, 2⁶³ the first float above long.MaxValue.
                if (!(x[i] >= -9223372036854775808f && x[i] < 9223372036854775808f))
                {
                    ThrowOverflow(i, x[i].ToString("R", CultureInfo.InvariantCulture));
                }

                y[i] = (long)x[i];
            }
        }

        [DoesNotReturn]
        private void ThrowOverflow(int index, string value) =>
            throw new OverflowException($"Node '{nodeName}' (Cast {from} → {to}): element {index} is {value}, which {to} cannot hold.");
    }
}
