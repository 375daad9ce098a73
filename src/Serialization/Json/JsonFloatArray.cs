using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json.Internal;

namespace Toolkit.Serialization.Json;

/// <summary>A float32 array as a flat JSON array (<c>[1.5,-2,…]</c>): the codec's unit of work, and what its
/// benchmark against System.Text.Json measures.</summary>
public static class JsonFloatArray
{
    // Values per block of the writer: 64 × 16-byte digit records stay in L1 and amortise the block loop.
    private const int BlockValues = 64;

    /// <summary>Appends <paramref name="values"/> as a JSON array of shortest round-trip numbers.</summary>
    public static void Write(ReadOnlySpan<float> values, Utf8Buffer output)
    {
        output.Write((byte)'[');
        WriteValues(values, output);
        output.Write((byte)']');
    }

    /// <summary>Appends the values separated by commas, without brackets: one span sized for the worst case, then
    /// no per-value checks. Works in blocks: first every value's digits (independent of one another, so the CPU
    /// overlaps them), then the text, where each value's position waits on the previous value's length. Done in one
    /// pass, that wait would chain the whole digit computation of one value to the next.</summary>
    internal static void WriteValues(ReadOnlySpan<float> values, Utf8Buffer output)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(checked(values.Length * (JsonFloatFormatter.MaxLengthBytes + 1)));
        ref var start = ref MemoryMarshal.GetReference(span);
        ref var value = ref MemoryMarshal.GetReference(values);
        var block = default(DigitsBlock); // not stackalloc: that would rule out on-stack replacement and tiering
        ref var digits = ref block[0];
        var written = -1; // the first value has no comma before it
        for (var blockStart = 0; blockStart < values.Length; blockStart += BlockValues)
        {
            var count = Math.Min(BlockValues, values.Length - blockStart);
            ToDigits(ref Unsafe.Add(ref value, blockStart), count, ref digits);

            for (var i = 0; i < count; i++)
            {
                written++;
                written += JsonFloatFormatter.Write(Unsafe.Add(ref digits, i), ref Unsafe.Add(ref start, written));
                Unsafe.Add(ref start, written) = (byte)',';
            }
        }

        output.Advance(written);
    }

    // Its own method: alone, the loop keeps everything in registers; inlined into the writer it spills.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ToDigits(ref float values, int count, ref FloatDigits digits)
    {
        var i = 0;
        if (Avx2FloatDigits.IsSupported)
        {
            for (; i <= count - Avx2FloatDigits.Lanes; i += Avx2FloatDigits.Lanes)
            {
                if (!Avx2FloatDigits.TryConvert(ref Unsafe.Add(ref values, i), ref Unsafe.Add(ref digits, i)))
                {
                    ToDigitsScalar(ref Unsafe.Add(ref values, i), Avx2FloatDigits.Lanes, ref Unsafe.Add(ref digits, i));
                }
            }
        }

        ToDigitsScalar(ref Unsafe.Add(ref values, i), count - i, ref Unsafe.Add(ref digits, i));
    }

    private static void ToDigitsScalar(ref float values, int count, ref FloatDigits digits)
    {
        for (var i = 0; i < count; i++)
        {
            Unsafe.Add(ref digits, i) = JsonFloatFormatter.ToDigits(Unsafe.Add(ref values, i));
        }
    }

    /// <summary>Reads a flat JSON array of numbers into <paramref name="destination"/> and returns the count.</summary>
    /// <exception cref="MalformedPayloadException">Not a flat array of finite float32 numbers, or more values than fit.</exception>
    public static int Read(ReadOnlySpan<byte> json, Span<float> destination)
    {
        var scanner = new JsonScanner(json);
        scanner.Expect((byte)'[');
        if (scanner.TryConsume((byte)']'))
        {
            scanner.ExpectEnd();
            return 0;
        }

        var position = scanner.Position;
        if (!FloatRunReader.Read(json, ref position, destination, out var count))
        {
            throw new MalformedPayloadException($"JSON array must hold at most {destination.Length} values; it holds more.", position);
        }

        scanner.Position = position;
        scanner.ExpectEnd();
        return count;
    }

    [InlineArray(BlockValues)]
    private struct DigitsBlock
    {
        private FloatDigits first;
    }
}
