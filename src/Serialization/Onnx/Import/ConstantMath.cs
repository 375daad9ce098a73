using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// Arithmetic on constants, for folding: NumPy-style broadcasting of shapes and element-wise evaluation of
/// Float32 and Int64 tensors (Float32 when either side is, as ONNX's own exports only mix them after a Cast).
/// </summary>
internal static class ConstantMath
{
    /// <summary>The broadcast of two shapes, or null when they do not broadcast.</summary>
    public static int[]? Broadcast(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var y = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (x != y && x != 1 && y != 1)
            {
                return null;
            }

            result[i] = x == 1 ? y : x;
        }

        return result;
    }

    /// <summary>Element-wise <paramref name="op"/> of two broadcastable constants.</summary>
    public static Tensor Binary(Tensor a, Tensor b, int[] shape, Func<double, double, double> op)
    {
        var (x, y) = (Values(a), Values(b));
        var result = new double[Tensor.ElementCount(shape)];
        var (strideA, strideB) = (BroadcastStrides(a.Shape, shape), BroadcastStrides(b.Shape, shape));
        var index = new int[shape.Length];
        for (var i = 0; i < result.Length; i++)
        {
            long offsetA = 0, offsetB = 0;
            for (var d = 0; d < shape.Length; d++)
            {
                offsetA += index[d] * strideA[d];
                offsetB += index[d] * strideB[d];
            }

            result[i] = op(x[offsetA], y[offsetB]);
            for (var d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
            {
                index[d] = 0;
            }
        }

        return Make(a.DataType == DataType.Float32 || b.DataType == DataType.Float32 ? DataType.Float32 : DataType.Int64, shape, result);
    }

    /// <summary>Element-wise <paramref name="op"/> of one constant, keeping its type.</summary>
    public static Tensor Unary(Tensor a, Func<double, double> op) => Make(a.DataType, a.Shape, [.. Values(a).Select(op)]);

    /// <summary>The elements as doubles (Float32 and Int64 tensors; Int32 too).</summary>
    public static double[] Values(Tensor t) => t.DataType switch
    {
        DataType.Float32 => [.. t.AsSpan<float>().ToArray().Select(v => (double)v)],
        DataType.Int64 => [.. t.AsSpan<long>().ToArray().Select(v => (double)v)],
        DataType.Int32 => [.. t.AsSpan<int>().ToArray().Select(v => (double)v)],
        _ => throw new NotSupportedException($"Constant folding does not handle {t.DataType}."),
    };

    /// <summary>The elements of an integer constant (shapes, axes, indices).</summary>
    public static long[] Longs(Tensor t) => t.DataType == DataType.Int64 ? t.AsSpan<long>().ToArray() : [.. Values(t).Select(v => (long)v)];

    /// <summary>A tensor of <paramref name="type"/> (Float32 or Int64) holding <paramref name="values"/>.</summary>
    public static Tensor Make(DataType type, int[] shape, double[] values) => type == DataType.Float32
        ? Tensor.From<float>([.. values.Select(v => (float)v)], shape)
        : Tensor.From<long>([.. values.Select(v => (long)v)], shape);

    /// <summary>The same elements in a new shape (a copy of the bytes, so constants never share storage).</summary>
    public static Tensor Reshaped(Tensor t, int[] shape) => new(t.DataType, shape, (byte[])t.Data.Clone());

    /// <summary>Row-major strides of <paramref name="shape"/>, in elements.</summary>
    public static long[] Strides(int[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }

        return strides;
    }

    /// <summary>Elements of <paramref name="source"/> gathered into <paramref name="shape"/> through per-dimension source strides.</summary>
    public static Tensor Gather(Tensor source, int[] shape, long[] sourceStrides, long offset = 0)
    {
        var size = source.DataType.Size();
        var result = Tensor.Zeros(source.DataType, shape);
        var index = new int[shape.Length];
        var count = Tensor.ElementCount(shape);
        for (long i = 0; i < count; i++)
        {
            var at = offset;
            for (var d = 0; d < shape.Length; d++)
            {
                at += index[d] * sourceStrides[d];
            }

            Array.Copy(source.Data, at * size, result.Data, i * size, size);
            for (var d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--)
            {
                index[d] = 0;
            }
        }

        return result;
    }

    private static long[] BroadcastStrides(int[] from, int[] to)
    {
        var strides = Strides(from);
        var result = new long[to.Length];
        for (var d = 0; d < from.Length; d++)
        {
            result[to.Length - from.Length + d] = from[d] == 1 ? 0 : strides[d];
        }

        return result;
    }
}
