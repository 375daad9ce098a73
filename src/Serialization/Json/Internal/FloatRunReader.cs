using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>
/// Reads the numbers of one JSON array of float32 values (after its '[', with a first element known to follow)
/// straight into a span: the hot loop of every JSON tensor decoder, shared by <see cref="JsonFloatArray"/> and the
/// tensor formats. Compact arrays put the comma right after each number, so that is tested before any whitespace.
/// </summary>
/// <remarks>Each number is first offered to <see cref="SimdShortNumber"/>, which takes nearly every tensor value
/// whole from one 16-byte load; the scalar parser handles the rest and every error. A two-pass variant (find a
/// block's commas with 16-byte compares, then parse the numbers between them independently) measured slower than
/// this one-pass loop.</remarks>
internal static class FloatRunReader
{
    /// <summary>Reads values into <paramref name="destination"/> until the array's ']' (consumed; returns true) or
    /// until the destination is full with more to come (returns false, <paramref name="position"/> at the next
    /// number). <paramref name="count"/> is how many were written.</summary>
    /// <exception cref="Errors.MalformedPayloadException">A malformed number, or something other than ',' or ']'
    /// after one.</exception>
    public static bool Read(ReadOnlySpan<byte> json, ref int position, Span<float> destination, out int count)
    {
        ref var target = ref MemoryMarshal.GetReference(destination);
        ref var text = ref MemoryMarshal.GetReference(json);
        var simdEnd = SimdShortNumber.IsSupported ? json.Length - SimdShortNumber.WindowBytes : -1;
        var i = position;
        var n = 0;
        while (true)
        {
            i = SkipWhitespace(json, i);
            if (n == destination.Length)
            {
                position = i;
                count = n;
                return false;
            }

            if (i <= simdEnd)
            {
                var taken = SimdShortNumber.TryRead(ref Unsafe.Add(ref text, i), out var value);
                if (taken != 0)
                {
                    Unsafe.Add(ref target, n++) = value;
                    i += taken;
                    if (Unsafe.Add(ref text, i - 1) == ',')
                    {
                        continue;
                    }

                    position = i;
                    count = n;
                    return true;
                }
            }

            Unsafe.Add(ref target, n++) = JsonNumberParser.ParseFloat(json, ref i);
            if ((uint)i < (uint)json.Length && json[i] == ',')
            {
                i++;
                continue;
            }

            i = SkipWhitespace(json, i);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> json, int position)
    {
        while ((uint)position < (uint)json.Length && json[position] <= ' ' && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            position++;
        }

        return position;
    }
}
