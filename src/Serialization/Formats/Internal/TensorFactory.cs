using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>The checks every decoder runs before it hands out a tensor: known type, sane shape, exact byte count.</summary>
internal static class TensorFactory
{
    public static DataType ParseKServeType(string name) => name switch
    {
        "FP32" => DataType.Float32,
        "INT32" => DataType.Int32,
        "FP16" => DataType.Float16,
        "UINT8" => DataType.UInt8,
        "INT64" => DataType.Int64,
        _ => throw new UnknownDataTypeException($"Tensor datatype must be one of FP32, FP16, INT32, INT64, UINT8; received '{name}'."),
    };

    public static int[] ToShape(string tensorName, IReadOnlyList<long> dimensions)
    {
        var shape = new int[dimensions.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            if (dimensions[i] is < 0 or > int.MaxValue)
            {
                throw new TensorShapeMismatchException(
                    $"Tensor '{tensorName}' shape dimension {i} must be between 0 and {int.MaxValue}; received {dimensions[i]}.");
            }

            shape[i] = (int)dimensions[i];
        }

        return shape;
    }

    /// <summary>The byte count a shape and type need, or a typed error when it overflows or exceeds the limit.</summary>
    public static long ByteCount(string tensorName, DataType dataType, ReadOnlySpan<int> shape, long maxBytes)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            count *= dimension;
            if (count * dataType.Size() > maxBytes)
            {
                throw new PayloadTooLargeException(
                    $"Tensor '{tensorName}' shape [{string.Join(',', shape.ToArray())}] of {dataType.KServeName()} needs more than the {maxBytes}-byte limit.");
            }
        }

        return count * dataType.Size();
    }

    public static Tensor Create(string tensorName, DataType dataType, int[] shape, byte[] data)
    {
        var expected = Tensor.ElementCount(shape) * dataType.Size();
        if (data.LongLength != expected)
        {
            throw new TensorShapeMismatchException(
                $"Tensor '{tensorName}' data must be {expected} bytes for shape [{string.Join(',', shape)}] of {dataType.KServeName()}; received {data.LongLength}.");
        }

        return new Tensor(dataType, shape, data);
    }

    /// <summary>Every request carries at least one input and every response one output; an empty message is
    /// usually a truncated one.</summary>
    public static InferenceMessage RequireTensors(InferenceMessage message, MessageKind kind, string format) =>
        message.Tensors.Count > 0
            ? message
            : throw new MalformedPayloadException(
                $"{format} {kind.ToString().ToLowerInvariant()} must carry at least one tensor; received none (truncated?).");

    public static void CheckSize(ReadOnlySpan<byte> payload, DecodeOptions options, string format)
    {
        if (payload.Length > options.MaxPayloadBytes)
        {
            throw new PayloadTooLargeException(
                $"{format} payload must be at most {options.MaxPayloadBytes} bytes; received {payload.Length}.");
        }
    }
}
