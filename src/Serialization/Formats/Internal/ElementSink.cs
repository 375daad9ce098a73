using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json;
using Toolkit.Serialization.Json.Internal;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>Collects JSON numbers as tensor elements of one data type, checking each fits the type.</summary>
internal sealed class ElementSink
{
    private readonly long maxBytes;
    private byte[] data;

    public ElementSink(DataType dataType, long expectedCount, long maxBytes)
    {
        DataType = dataType;
        ElementSize = dataType.Size();
        this.maxBytes = maxBytes;
        data = new byte[Math.Min(Math.Max(expectedCount, 16) * ElementSize, Math.Max(maxBytes, 16))];
    }

    public DataType DataType { get; }

    public int ElementSize { get; }

    public long Count { get; private set; }

    /// <summary>The elements read so far, exactly sized.</summary>
    public byte[] ToArray() => Count * ElementSize == data.Length ? data : data.AsSpan(0, (int)(Count * ElementSize)).ToArray();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref JsonScanner scanner)
    {
        var offset = (int)(Count * ElementSize);
        if (offset + ElementSize > data.Length)
        {
            Grow(scanner.Position);
        }

        var start = scanner.Position;
        switch (DataType)
        {
            case DataType.Float32:
                Unsafe.WriteUnaligned(ref data[offset], scanner.ReadFloat());
                break;
            case DataType.Float16:
                var single = scanner.ReadFloat();
                var half = (Half)single;
                if (Half.IsInfinity(half))
                {
                    throw new MalformedPayloadException($"Value {single} is beyond float16's range (±65504).", start);
                }

                Unsafe.WriteUnaligned(ref data[offset], half);
                break;
            case DataType.Int32:
                Unsafe.WriteUnaligned(ref data[offset], (int)CheckRange(scanner.ReadInt64(), int.MinValue, int.MaxValue, start));
                break;
            case DataType.Int64:
                Unsafe.WriteUnaligned(ref data[offset], scanner.ReadInt64());
                break;
            case DataType.UInt8:
                data[offset] = (byte)CheckRange(scanner.ReadInt64(), 0, 255, start);
                break;
            default:
                throw new UnknownDataTypeException($"No JSON decoding for {DataType}.");
        }

        Count++;
    }

    /// <summary>Reads a whole run of float32 values up to ']' without per-element dispatch: the hot loop for images.
    /// Compact arrays put the comma right after each number, so that is tested before any whitespace.</summary>
    /// <remarks>Called just after the '['.</remarks>
    public void AddFloat32Run(ref JsonScanner scanner)
    {
        var json = scanner.Json;
        var position = SkipWhitespace(json, scanner.Position);
        if ((uint)position < (uint)json.Length && json[position] == ']')
        {
            scanner.Position = position + 1;
            return;
        }

        while (true)
        {
            if (Count * 4 >= data.Length)
            {
                Grow(position);
            }

            var free = MemoryMarshal.Cast<byte, float>(data.AsSpan((int)(Count * 4)));
            var closed = FloatRunReader.Read(json, ref position, free, out var read);
            Count += read;
            if (closed)
            {
                scanner.Position = position;
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            position++;
        }

        return position;
    }

    public Span<float> Floats => MemoryMarshal.Cast<byte, float>(data.AsSpan());

    private static long CheckRange(long value, long min, long max, int offset) =>
        value >= min && value <= max
            ? value
            : throw new MalformedPayloadException($"Value {value} is outside the element type's range [{min}, {max}].", offset);

    private void Grow(int offset)
    {
        if ((long)data.Length * 2 > maxBytes && data.Length >= maxBytes)
        {
            throw new PayloadTooLargeException($"Tensor data exceeds the {maxBytes}-byte limit.", offset);
        }

        Array.Resize(ref data, (int)Math.Min(Math.Max((long)data.Length * 2, 64), Math.Max(maxBytes, 64)));
    }
}
