using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Inference;

/// <summary>
/// Fits a decoded tensor to the model's input spec: the same shape, and either the same data type or a compact
/// encoding of it that the wire formats offer (float16 values; uint8 pixels, which the server scales by 1/255 as the
/// paper's clients did before sending).
/// </summary>
public static class TensorAdapter
{
    /// <exception cref="InferenceRequestException">The shape or data type does not fit.</exception>
    public static Tensor Fit(Tensor tensor, TensorSpec spec)
    {
        if (!tensor.Shape.AsSpan().SequenceEqual(spec.Shape))
        {
            throw new InferenceRequestException(
                $"Input '{spec.Name}' must have shape [{string.Join(',', spec.Shape)}]; received [{string.Join(',', tensor.Shape)}].");
        }

        if (tensor.DataType == spec.DataType)
        {
            return tensor;
        }

        return (tensor.DataType, spec.DataType) switch
        {
            (DataType.Float16, DataType.Float32) => Convert<Half>(tensor, h => (float)h),
            (DataType.UInt8, DataType.Float32) => Convert<byte>(tensor, b => b / 255f),
            _ => throw new InferenceRequestException(
                $"Input '{spec.Name}' must be {spec.DataType.KServeName()}{(spec.DataType == DataType.Float32 ? " (or FP16, or UINT8 pixels)" : "")}; received {tensor.DataType.KServeName()}."),
        };
    }

    private static Tensor Convert<T>(Tensor tensor, Func<T, float> convert)
        where T : unmanaged
    {
        var result = Tensor.Zeros(DataType.Float32, tensor.Shape);
        var source = tensor.AsSpan<T>();
        var target = result.AsSpan<float>();
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = convert(source[i]);
        }

        return result;
    }
}
