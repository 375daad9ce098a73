namespace Toolkit.Kernels.Tensors;

/// <summary>Element types a tensor can hold. The names follow KServe v2 datatypes (FP32, INT32, FP16, UINT8, INT64).</summary>
public enum DataType
{
    Float32 = 1,
    Int32,
    Float16,
    UInt8,
    Int64,
}

/// <summary>Facts about each <see cref="DataType"/>.</summary>
public static class DataTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this DataType type) => type switch
    {
        DataType.Float32 or DataType.Int32 => 4,
        DataType.Float16 => 2,
        DataType.UInt8 => 1,
        DataType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown data type."),
    };

    /// <summary>The KServe v2 / Open Inference Protocol name (FP32, INT32, FP16, UINT8, INT64).</summary>
    public static string KServeName(this DataType type) => type switch
    {
        DataType.Float32 => "FP32",
        DataType.Int32 => "INT32",
        DataType.Float16 => "FP16",
        DataType.UInt8 => "UINT8",
        DataType.Int64 => "INT64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown data type."),
    };

    /// <summary>The <see cref="DataType"/> of a CLR element type.</summary>
    public static DataType Of<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? DataType.Float32
        : typeof(T) == typeof(int) ? DataType.Int32
        : typeof(T) == typeof(Half) ? DataType.Float16
        : typeof(T) == typeof(byte) ? DataType.UInt8
        : typeof(T) == typeof(long) ? DataType.Int64
        : throw new NotSupportedException($"No tensor data type for {typeof(T).Name}.");
}
