using System.Runtime.InteropServices;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// ONNX <c>TensorProto</c>s (onnx.proto: dims 1, data_type 2, name 8, raw_data 9, external_data 13, data_location 14)
/// with their values as little-endian raw_data, as exporters write initializers.
/// </summary>
internal static class OnnxTensor
{
    /// <summary>TensorProto.DataType values.</summary>
    public const int FloatType = 1, Int64Type = 7;

    private const int Dims = 1, DataType = 2, Name = 8, RawData = 9, ExternalData = 13, DataLocation = 14;

    public static ProtoMessage Floats(string name, float[] values, params int[] dims) =>
        Header(name, FloatType, dims).Bytes(RawData, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static ProtoMessage Int64s(string name, long[] values, params int[] dims) =>
        Header(name, Int64Type, dims).Bytes(RawData, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>A float tensor whose raw_data holds <paramref name="byteCount"/> bytes whatever its dims say.</summary>
    public static ProtoMessage FloatsWithBytes(string name, int byteCount, params int[] dims) =>
        Header(name, FloatType, dims).Bytes(RawData, new byte[byteCount]);

    /// <summary>A float tensor whose data lives in another file (data_location EXTERNAL, external_data location, offset, length).</summary>
    public static ProtoMessage External(string name, string location, params int[] dims)
    {
        var tensor = Header(name, FloatType, dims).Varint(DataLocation, 1);
        foreach (var (key, value) in new[] { ("location", location), ("offset", "0"), ("length", $"{dims.Aggregate(4, (a, d) => a * d)}") })
        {
            tensor.Message(ExternalData, new ProtoMessage().String(1, key).String(2, value));
        }

        return tensor;
    }

    private static ProtoMessage Header(string name, int type, int[] dims)
    {
        var tensor = new ProtoMessage();
        foreach (var dim in dims)
        {
            tensor.Varint(Dims, dim);
        }

        return tensor.Varint(DataType, type).String(Name, name);
    }
}
