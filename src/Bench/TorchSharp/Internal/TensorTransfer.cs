using System.Runtime.InteropServices;
using Toolkit.Kernels.Tensors;
using static TorchSharp.torch;
using Tensor = Toolkit.Kernels.Tensors.Tensor;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Toolkit.Bench.TorchSharp.Internal;

/// <summary>Copies float32 (and int32 input) data between the toolkit's tensors (raw little-endian bytes) and libtorch's.</summary>
internal static class TensorTransfer
{
    public static TorchTensor ToTorch(Tensor tensor, string what)
    {
        var type = tensor.DataType switch
        {
            DataType.Float32 => ScalarType.Float32,

            // BERT's ids and mask; the ops that read them widen them to libtorch's int64 index type themselves.
            DataType.Int32 => ScalarType.Int32,
            _ => throw new NotSupportedException($"The torchsharp engine takes float32 and int32 values only; {what} is {tensor.DataType}."),
        };
        var result = empty([.. tensor.Shape.Select(d => (long)d)], type);
        tensor.Data.CopyTo(result.bytes);
        return result;
    }

    public static TorchTensor ToTorch(float[] values, params long[] shape)
    {
        var result = empty(shape, ScalarType.Float32);
        MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(result.bytes);
        return result;
    }

    /// <summary>Copies <paramref name="source"/> (any strides) into <paramref name="destination"/>, whose shape it must have.</summary>
    public static void CopyTo(TorchTensor source, Tensor destination, string what)
    {
        var shape = source.shape;
        if (!shape.SequenceEqual(destination.Shape.Select(d => (long)d)))
        {
            throw new ArgumentException($"The output '{what}' must be [{string.Join(',', destination.Shape)}]; libtorch computed [{string.Join(',', shape)}].", nameof(destination));
        }

        using var contiguous = source.contiguous();
        contiguous.bytes.CopyTo(destination.Data);
    }
}
