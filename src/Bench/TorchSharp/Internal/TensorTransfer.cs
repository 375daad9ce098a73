using System.Runtime.InteropServices;
using Toolkit.Kernels.Tensors;
using static TorchSharp.torch;
using Tensor = Toolkit.Kernels.Tensors.Tensor;
using TorchTensor = TorchSharp.torch.Tensor;

namespace Toolkit.Bench.TorchSharp.Internal;

/// <summary>Copies float32 data between the toolkit's tensors (raw little-endian bytes) and libtorch's.</summary>
internal static class TensorTransfer
{
    public static TorchTensor ToTorch(Tensor tensor, string what)
    {
        if (tensor.DataType != DataType.Float32)
        {
            throw new NotSupportedException($"The torchsharp engine runs float32 values only; {what} is {tensor.DataType}.");
        }

        var result = empty([.. tensor.Shape.Select(d => (long)d)], ScalarType.Float32);
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
