using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>
/// Reads the numbers of one JSON array of float32 values (after its '[', with a first element known to follow)
/// straight into a span: the hot loop of every JSON tensor decoder. It works in blocks: first it finds the commas
/// of up to <see cref="BlockValues"/> numbers with 16-byte compares, then it parses each number between two
/// commas with <see cref="FastFloatParser"/>. Parsing one number after another would make each number's start wait
/// for the previous number's length; with the commas known, the numbers are independent work the CPU overlaps.
/// The last number of the array, numbers near the end of the input and any the fast path declines go through
/// <see cref="JsonNumberParser.ParseFloat"/>, which also reports errors.
/// </summary>
internal static class FloatRunReader
{
    // Numbers per block: 64 comma positions (256 bytes) stay in L1 and amortise the scan's setup.
    private const int BlockValues = 64;

    private const int VectorBytes = 16;

    /// <summary>Reads values into <paramref name="destination"/> until the array's ']' (consumed; returns true) or
    /// until the destination is full with more to come (returns false, <paramref name="position"/> at the next
    /// number). <paramref name="count"/> is how many were written.</summary>
    /// <exception cref="Errors.MalformedPayloadException">A malformed number, or something other than ',' or ']'
    /// after one.</exception>
    public static bool Read(ReadOnlySpan<byte> json, ref int position, Span<float> destination, out int count)
    {
        ref var target = ref MemoryMarshal.GetReference(destination);
        var commas = default(CommaBlock);
        var i = position;
        var n = 0;
        while (true)
        {
            var found = FindCommas(json, i, Math.Min(BlockValues, destination.Length - n), ref commas[0]);
            for (var k = 0; k < found; k++)
            {
                var end = commas[k];
                Unsafe.Add(ref target, n + k) = ParseBetween(json, i, end);
                i = end + 1;
            }

            n += found;
            if (found > 0)
            {
                continue;
            }

            // One number at a time: the array's last, or one too close to the end of the input for the scan.
            i = SkipWhitespace(json, i);
            if (n == destination.Length)
            {
                position = i;
                count = n;
                return false;
            }

            Unsafe.Add(ref target, n++) = ParseGeneral(json, i, out i);
            if ((uint)i < (uint)json.Length && json[i] == ',')
            {
                i++;
                continue;
            }

            count = n;
            if ((uint)i < (uint)json.Length && json[i] == ']')
            {
                position = i + 1;
                return true;
            }

            throw new JsonScanner(json) { Position = i }.Unexpected("',' or ']'");
        }
    }

    /// <summary>Positions of up to <paramref name="limit"/> commas from <paramref name="start"/>, stopping at the
    /// first ']' (the array's end) and far enough from the input's end that every number before a comma has
    /// <see cref="FastFloatParser.PaddingBytes"/> readable bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindCommas(ReadOnlySpan<byte> json, int start, int limit, ref int commas)
    {
        ref var first = ref MemoryMarshal.GetReference(json);
        var scanEnd = json.Length - FastFloatParser.PaddingBytes - VectorBytes;
        var found = 0;
        for (var p = start; p <= scanEnd && found < limit; p += VectorBytes)
        {
            var bytes = Vector128.LoadUnsafe(ref first, (nuint)p);
            var commaBits = Vector128.Equals(bytes, Vector128.Create((byte)',')).ExtractMostSignificantBits();
            var closeBits = Vector128.Equals(bytes, Vector128.Create((byte)']')).ExtractMostSignificantBits();
            commaBits &= (closeBits & (0 - closeBits)) - 1; // only the commas before the first ']'
            while (commaBits != 0 && found < limit)
            {
                Unsafe.Add(ref commas, found++) = p + System.Numerics.BitOperations.TrailingZeroCount(commaBits);
                commaBits &= commaBits - 1;
            }

            if (closeBits != 0)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>The number between <paramref name="start"/> and the comma at <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ParseBetween(ReadOnlySpan<byte> json, int start, int end)
    {
        ref var first = ref MemoryMarshal.GetReference(json);
        while (Unsafe.Add(ref first, start) == ' ' && start < end)
        {
            start++; // ", " separators (Python's json.dumps)
        }

        if (FastFloatParser.TryParse(ref Unsafe.Add(ref first, start), end - start, out var value))
        {
            return value;
        }

        return ParseBetweenGeneral(json, start, end);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float ParseBetweenGeneral(ReadOnlySpan<byte> json, int start, int end)
    {
        var value = ParseGeneral(json, SkipWhitespace(json, start), out var next);
        next = SkipWhitespace(json, next);
        if (next != end)
        {
            throw new JsonScanner(json) { Position = next }.Unexpected("',' or ']'");
        }

        return value;
    }

    // Out of line, so that the hot loop stays small and its position variables live in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float ParseGeneral(ReadOnlySpan<byte> json, int start, out int end)
    {
        end = start;
        var value = JsonNumberParser.ParseFloat(json, ref end);
        end = SkipWhitespace(json, end);
        return value;
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

    [InlineArray(BlockValues)]
    private struct CommaBlock
    {
        private int first;
    }
}
