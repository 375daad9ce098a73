using System.Numerics;
using System.Runtime.InteropServices;
using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Json;
using Toolkit.Serialization.Json.Internal;

namespace Toolkit.Serialization.Formats.Internal;

/// <summary>Writes a tensor's elements as a flat JSON array or as arrays nested by shape.</summary>
internal static class JsonTensorWriter
{
    // Bytes reserved per element before writing it: a float, its separator and room for brackets.
    private const int MaxElementBytes = JsonFloatFormatter.MaxLengthBytes + 8;

    /// <summary>A capacity guess that avoids regrowing for typical values (about 12 bytes per float).</summary>
    public static int EstimateBytes(InferenceMessage message, bool paperStyle) =>
        (int)Math.Min(int.MaxValue / 2, 1024 + (message.ElementCount * (paperStyle ? 24 : 14)));

    public static void WriteFlat(Utf8Buffer output, Tensor tensor)
    {
        output.Write((byte)'[');
        WriteRun(output, tensor, 0, (int)tensor.Length, paperStyle: false);
        output.Write((byte)']');
    }

    /// <summary>Nested arrays by shape. <paramref name="paperStyle"/> writes what Python's json.dumps writes for
    /// a float32 numpy array's tolist(): each value widened to double and printed as repr, ", " separators.</summary>
    public static void WriteNested(Utf8Buffer output, Tensor tensor, bool paperStyle)
    {
        if (tensor.Shape.Length == 0)
        {
            WriteRun(output, tensor, 0, 1, paperStyle);
            return;
        }

        WriteLevel(output, tensor, 0, 0, paperStyle);
    }

    private static int WriteLevel(Utf8Buffer output, Tensor tensor, int depth, int offset, bool paperStyle)
    {
        var length = tensor.Shape[depth];
        output.Write((byte)'[');
        if (depth == tensor.Shape.Length - 1)
        {
            WriteRun(output, tensor, offset, length, paperStyle);
            offset += length;
        }
        else
        {
            for (var i = 0; i < length; i++)
            {
                if (i > 0)
                {
                    Separator(output, paperStyle);
                }

                offset = WriteLevel(output, tensor, depth + 1, offset, paperStyle);
            }
        }

        output.Write((byte)']');
        return offset;
    }

    private static void WriteRun(Utf8Buffer output, Tensor tensor, int start, int count, bool paperStyle)
    {
        var data = tensor.Data.AsSpan();
        switch (tensor.DataType)
        {
            case DataType.Float32:
                var floats = MemoryMarshal.Cast<byte, float>(data).Slice(start, count);
                if (paperStyle)
                {
                    for (var i = 0; i < floats.Length; i++)
                    {
                        WritePythonRepr(output, floats[i], i > 0);
                    }
                }
                else
                {
                    WriteFloats(output, floats);
                }

                break;
            case DataType.Float16:
                var halves = MemoryMarshal.Cast<byte, Half>(data).Slice(start, count);
                for (var i = 0; i < halves.Length; i++)
                {
                    if (paperStyle)
                    {
                        WritePythonRepr(output, (float)halves[i], i > 0);
                        continue;
                    }

                    var span = output.GetSpan(MaxElementBytes);
                    var position = 0;
                    if (i > 0)
                    {
                        span[position++] = (byte)',';
                    }

                    output.Advance(position + JsonFloatFormatter.Format((float)halves[i], span[position..]));
                }

                break;
            case DataType.Int32:
                WriteIntegers(output, MemoryMarshal.Cast<byte, int>(data).Slice(start, count), paperStyle);
                break;
            case DataType.Int64:
                WriteIntegers(output, MemoryMarshal.Cast<byte, long>(data).Slice(start, count), paperStyle);
                break;
            case DataType.UInt8:
                WriteIntegers(output, data.Slice(start, count), paperStyle);
                break;
            default:
                throw new NotSupportedException($"No JSON encoding for {tensor.DataType}.");
        }
    }

    private static void WriteFloats(Utf8Buffer output, ReadOnlySpan<float> values) => JsonFloatArray.WriteValues(values, output);

    private static void WriteIntegers<T>(Utf8Buffer output, ReadOnlySpan<T> values, bool paperStyle)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                Separator(output, paperStyle);
            }

            output.Advance(DigitWriter.WriteInt64(long.CreateTruncating(values[i]), output.GetSpan(MaxElementBytes)));
        }
    }

    private static void Separator(Utf8Buffer output, bool paperStyle)
    {
        if (paperStyle)
        {
            output.Write(", "u8);
        }
        else
        {
            output.Write((byte)',');
        }
    }

    private static void WritePythonRepr(Utf8Buffer output, float value, bool separator)
    {
        if (separator)
        {
            output.Write(", "u8);
        }

        output.Advance(PythonFloatRepr.Write(value, output.GetSpan(PythonFloatRepr.MaxLengthBytes)));
    }
}
