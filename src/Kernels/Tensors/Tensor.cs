using System.Runtime.InteropServices;

namespace Toolkit.Kernels.Tensors;

/// <summary>
/// A dense, row-major tensor: a data type, a shape and little-endian element bytes. The bytes are the wire
/// representation too (KServe <c>raw_input_contents</c>, TF-Serving <c>tensor_content</c>), so codecs copy, not convert.
/// </summary>
public sealed class Tensor
{
    /// <exception cref="ArgumentException">The byte count does not match the shape and type.</exception>
    public Tensor(DataType dataType, int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var count = ElementCount(shape);
        if (data.LongLength != count * dataType.Size())
        {
            throw new ArgumentException(
                $"Tensor data is {data.LongLength} bytes, but shape [{string.Join(',', shape)}] of {dataType} needs {count * dataType.Size()}.",
                nameof(data));
        }

        DataType = dataType;
        Shape = shape;
        Data = data;
    }

    public DataType DataType { get; }

    /// <summary>The dimensions, outermost first. Treat as read-only.</summary>
    public int[] Shape { get; }

    /// <summary>The element bytes, little-endian, row-major.</summary>
    public byte[] Data { get; }

    public long Length => Data.LongLength / DataType.Size();

    /// <summary>A zero-filled tensor.</summary>
    public static Tensor Zeros(DataType dataType, params int[] shape) =>
        new(dataType, shape, new byte[ElementCount(shape) * dataType.Size()]);

    /// <summary>A tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor From<T>(ReadOnlySpan<T> values, params int[] shape)
        where T : unmanaged
    {
        var tensor = Zeros(DataTypes.Of<T>(), shape);
        values.CopyTo(tensor.AsSpan<T>());
        return tensor;
    }

    /// <summary>The elements as <typeparamref name="T"/>, which must match <see cref="DataType"/>.</summary>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        if (DataTypes.Of<T>() != DataType)
        {
            throw new InvalidOperationException($"Tensor holds {DataType}, not {DataTypes.Of<T>()}.");
        }

        return MemoryMarshal.Cast<byte, T>(Data.AsSpan());
    }

    /// <summary>The number of elements of a shape; every dimension must be non-negative.</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(',', shape.ToArray())}] has a negative dimension.", nameof(shape));
            }

            count = checked(count * dimension);
        }

        return count;
    }

    public override string ToString() => $"{DataType}[{string.Join(',', Shape)}]";
}
