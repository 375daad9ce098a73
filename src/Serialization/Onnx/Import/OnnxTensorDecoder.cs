using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;
using OnnxType = Toolkit.Serialization.Onnx.Proto.TensorProto.Types.DataType;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// Turns an ONNX <c>TensorProto</c> (an initializer or a Constant's value) into our <see cref="Tensor"/>. Floating
/// point values become Float32 (FLOAT as is, DOUBLE narrowed); every integer and boolean type becomes Int64, the type
/// ONNX's shape arithmetic uses. Values come from <c>raw_data</c> (little-endian) or from the typed fields, and their
/// count must match the dimensions exactly.
/// </summary>
internal static class OnnxTensorDecoder
{
    /// <exception cref="OnnxImportException">External data, an unsupported type, or a byte length that does not match the shape.</exception>
    public static Tensor Decode(TensorProto proto, string where)
    {
        if (proto.DataLocation == TensorProto.Types.DataLocation.External || proto.ExternalData.Count > 0)
        {
            var location = proto.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value ?? "an unnamed file";
            throw OnnxImportException.At(where, $"its data is stored outside the model (external_data, location '{location}'); re-save the model with its weights inside (onnx.save_model(..., save_as_external_data=False)).");
        }

        var shape = Shape(proto, where);
        var count = Tensor.ElementCount(shape);
        var type = (OnnxType)proto.DataType;
        return type switch
        {
            OnnxType.Float => Floats(proto, shape, count, where),
            OnnxType.Double => Narrow(proto, shape, count, where),
            OnnxType.Int64 or OnnxType.Int32 or OnnxType.Int16 or OnnxType.Int8 or OnnxType.Uint8 or OnnxType.Uint16 or OnnxType.Uint32 or OnnxType.Bool => Integers(proto, type, shape, count, where),
            _ => throw OnnxImportException.At(where, $"data_type {type} is not supported; the importer reads FLOAT, DOUBLE and integer or boolean tensors."),
        };
    }

    /// <summary>The dimensions as our int[] shape.</summary>
    public static int[] Shape(TensorProto proto, string where) =>
        [.. proto.Dims.Select(d => d is >= 0 and <= int.MaxValue ? (int)d : throw OnnxImportException.At(where, $"dims holds {d}, which is not a valid dimension."))];

    private static Tensor Floats(TensorProto proto, int[] shape, long count, string where)
    {
        if (proto.HasRawData)
        {
            RequireBytes(proto, count, sizeof(float), where);
            var tensor = Tensor.Zeros(DataType.Float32, shape);
            proto.RawData.Span.CopyTo(tensor.Data);
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("ONNX raw_data is little-endian; big-endian hosts are not supported.");
            }

            return tensor;
        }

        RequireCount(proto.FloatData.Count, count, "float_data", where);
        return Tensor.From<float>(proto.FloatData.ToArray(), shape);
    }

    private static Tensor Narrow(TensorProto proto, int[] shape, long count, string where)
    {
        double[] values;
        if (proto.HasRawData)
        {
            RequireBytes(proto, count, sizeof(double), where);
            values = MemoryMarshal.Cast<byte, double>(proto.RawData.Span).ToArray();
        }
        else
        {
            RequireCount(proto.DoubleData.Count, count, "double_data", where);
            values = [.. proto.DoubleData];
        }

        return Tensor.From<float>(values.Select(v => (float)v).ToArray(), shape);
    }

    private static Tensor Integers(TensorProto proto, OnnxType type, int[] shape, long count, string where)
    {
        var tensor = Tensor.Zeros(DataType.Int64, shape);
        var target = tensor.AsSpan<long>();
        if (proto.HasRawData)
        {
            var size = type switch
            {
                OnnxType.Int64 => 8,
                OnnxType.Int32 or OnnxType.Uint32 => 4,
                OnnxType.Int16 or OnnxType.Uint16 => 2,
                _ => 1,
            };
            RequireBytes(proto, count, size, where);
            var raw = proto.RawData.Span;
            for (var i = 0; i < target.Length; i++)
            {
                var bytes = raw.Slice(i * size, size);
                target[i] = type switch
                {
                    OnnxType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                    OnnxType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                    OnnxType.Uint32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                    OnnxType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                    OnnxType.Uint16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                    OnnxType.Int8 => (sbyte)bytes[0],
                    _ => bytes[0],
                };
            }

            return tensor;
        }

        // ONNX keeps INT64 in int64_data, UINT32 in uint64_data and the narrower types (and BOOL) in int32_data.
        if (type == OnnxType.Int64)
        {
            RequireCount(proto.Int64Data.Count, count, "int64_data", where);
            proto.Int64Data.ToArray().CopyTo(target);
        }
        else if (type == OnnxType.Uint32)
        {
            RequireCount(proto.Uint64Data.Count, count, "uint64_data", where);
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = (long)proto.Uint64Data[i];
            }
        }
        else
        {
            RequireCount(proto.Int32Data.Count, count, "int32_data", where);
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = proto.Int32Data[i];
            }
        }

        return tensor;
    }

    private static void RequireBytes(TensorProto proto, long count, int size, string where)
    {
        if (proto.RawData.Length != count * size)
        {
            throw OnnxImportException.At(where, $"raw_data holds {proto.RawData.Length} bytes, but dims [{string.Join(',', proto.Dims)}] of {(OnnxType)proto.DataType} need {count * size}.");
        }
    }

    private static void RequireCount(int actual, long expected, string field, string where)
    {
        if (actual != expected)
        {
            throw OnnxImportException.At(where, $"{field} holds {actual} values, but its dims need {expected}.");
        }
    }
}
