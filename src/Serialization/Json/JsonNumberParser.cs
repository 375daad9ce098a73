using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json.Internal;

namespace Toolkit.Serialization.Json;

/// <summary>
/// Parses JSON numbers (RFC 8259 grammar, strictly: no leading '+', no leading zeros, no NaN or Infinity) into
/// float32 with correct rounding, and into integers. The fast path is Clinger's: up to 19 digits fit a 64-bit
/// integer, and when that integer and the power of ten are exact doubles one IEEE multiply or divide gives the
/// correctly rounded double. Rounding that double to float can only go wrong when it sits exactly on a float
/// midpoint (any midpoint strictly between it and the exact value would be a closer double), so that case and
/// everything outside the fast path falls back to the framework's correctly rounding parser.
/// </summary>
public static class JsonNumberParser
{
    // 10^0..10^22 are exact doubles: the limit of Clinger's fast path.
    private const int MaxExactPowerOfTen = 22;

    // 19 decimal digits always fit an unsigned 64-bit integer (leading zeros count too: rare and only slower).
    private const int MaxMantissaDigits = 19;

    // A double's 29 low significand bits are what a float drops; exactly 1000…0 is a float midpoint.
    private const long DroppedBitsMask = 0x1FFF_FFFF;
    private const long MidpointPattern = 0x1000_0000;

    // 2^-126, float32's smallest normal value: below it a float keeps fewer than 24 bits and the midpoint test
    // above does not apply.
    private const double MinNormalFloat = 1.1754943508222875e-38;

    // 10^run for a run of 1 to 8 digits.
    private static ReadOnlySpan<ulong> RunScales => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>Parses the number starting at <paramref name="position"/> and moves past it.</summary>
    /// <exception cref="MalformedPayloadException">No valid JSON number there, or it is beyond float32's range.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ParseFloat(ReadOnlySpan<byte> json, ref int position)
    {
        var start = position;
        var i = position;
        var length = json.Length;
        ref var first = ref MemoryMarshal.GetReference(json);
        var negative = false;
        if (i < length && Unsafe.Add(ref first, i) == '-')
        {
            negative = true;
            i++;
        }

        // Digits go into the mantissa unchecked; more than 19 of them may have wrapped it, and then the slow path
        // (which reparses the text) takes over.
        ulong mantissa = 0;
        var integerStart = i;
        while (i < length && (uint)(Unsafe.Add(ref first, i) - '0') <= 9)
        {
            mantissa = (mantissa * 10) + (uint)(Unsafe.Add(ref first, i) - '0');
            i++;
        }

        var integerDigits = i - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && Unsafe.Add(ref first, integerStart) == '0'))
        {
            throw Malformed(json, start);
        }

        var fractionDigits = 0;
        if (i < length && Unsafe.Add(ref first, i) == '.')
        {
            i++;
            var fractionStart = i;
            // Whole 8-byte words while the input has them: a run of 1 to 8 digits per word, no loop per digit.
            while (i + 8 <= length)
            {
                var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i));
                var run = SwarDigits.LeadingDigitCount(word);
                if (run == 0)
                {
                    break;
                }

                mantissa = (mantissa * Unsafe.Add(ref MemoryMarshal.GetReference(RunScales), run)) + SwarDigits.DigitsValue(word, run);
                i += run;
                if (run < 8)
                {
                    break;
                }
            }

            while (i < length && (uint)(Unsafe.Add(ref first, i) - '0') <= 9)
            {
                mantissa = (mantissa * 10) + (uint)(Unsafe.Add(ref first, i) - '0');
                i++;
            }

            fractionDigits = i - fractionStart;
            if (fractionDigits == 0)
            {
                throw Malformed(json, start);
            }
        }

        var exponent = -fractionDigits;
        if (i < length && (Unsafe.Add(ref first, i) | 0x20) == 'e')
        {
            i = ParseExponent(json, start, i, ref exponent);
        }

        position = i;
        if (integerDigits + fractionDigits <= MaxMantissaDigits)
        {
            if (mantissa == 0)
            {
                return negative ? -0f : 0f;
            }

            if (mantissa <= (1UL << 53) && exponent >= -MaxExactPowerOfTen && exponent <= MaxExactPowerOfTen)
            {
                ref var powers = ref MemoryMarshal.GetArrayDataReference(PowersOfTen);
                var exact = exponent < 0 ? (long)mantissa / Unsafe.Add(ref powers, -exponent) : (long)mantissa * Unsafe.Add(ref powers, exponent); // signed: cheaper to convert, and exact below 2^53
                var doubleBits = BitConverter.DoubleToInt64Bits(exact);
                if ((doubleBits & DroppedBitsMask) != MidpointPattern && exact >= MinNormalFloat)
                {
                    var result = (float)exact;
                    if (float.IsInfinity(result))
                    {
                        throw OutOfRange(json, start, i);
                    }

                    return negative ? -result : result;
                }
            }
        }

        return ParseSlow(json, start, i);
    }

    private static int ParseExponent(ReadOnlySpan<byte> json, int start, int i, ref int exponent)
    {
        i++;
        var exponentNegative = false;
        if (i < json.Length && (json[i] == '-' || json[i] == '+'))
        {
            exponentNegative = json[i] == '-';
            i++;
        }

        var exponentStart = i;
        var explicitExponent = 0;
        while (i < json.Length && (uint)(json[i] - '0') <= 9)
        {
            // Saturate: anything past 10^5 is zero or overflow for a float anyway.
            explicitExponent = Math.Min((explicitExponent * 10) + (json[i] - '0'), 100_000);
            i++;
        }

        if (i == exponentStart)
        {
            throw Malformed(json, start);
        }

        exponent += exponentNegative ? -explicitExponent : explicitExponent;
        return i;
    }

    /// <summary>Parses a JSON integer (no fraction, no exponent) starting at <paramref name="position"/>.</summary>
    /// <exception cref="MalformedPayloadException">No JSON integer there, or it does not fit 64 bits.</exception>
    public static long ParseInt64(ReadOnlySpan<byte> json, ref int position)
    {
        var start = position;
        var i = position;
        var negative = (uint)i < (uint)json.Length && json[i] == '-';
        if (negative)
        {
            i++;
        }

        var digitsStart = i;
        ulong magnitude = 0;
        while ((uint)i < (uint)json.Length && (uint)(json[i] - '0') <= 9)
        {
            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                throw new MalformedPayloadException("Integer does not fit 64 bits.", start);
            }

            magnitude = (magnitude * 10) + (uint)(json[i] - '0');
            i++;
        }

        var digitCount = i - digitsStart;
        if (digitCount == 0 || (digitCount > 1 && json[digitsStart] == '0'))
        {
            throw Malformed(json, start);
        }

        if ((uint)i < (uint)json.Length && (json[i] == '.' || (json[i] | 0x20) == 'e'))
        {
            throw new MalformedPayloadException("Expected an integer, found a number with a fraction or exponent.", start);
        }

        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        if (magnitude > limit)
        {
            throw new MalformedPayloadException("Integer does not fit 64 bits.", start);
        }

        position = i;
        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    private static float ParseSlow(ReadOnlySpan<byte> json, int start, int end)
    {
        if (!float.TryParse(json[start..end], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Malformed(json, start);
        }

        if (float.IsInfinity(value))
        {
            throw OutOfRange(json, start, end);
        }

        return value;
    }

    private static MalformedPayloadException OutOfRange(ReadOnlySpan<byte> json, int start, int end) =>
        new($"Number '{Excerpt(json, start, end)}' is beyond float32's range (±3.4028235e38).", start);

    private static MalformedPayloadException Malformed(ReadOnlySpan<byte> json, int start)
    {
        var end = start;
        while (end < json.Length && end - start < 24 && json[end] is not ((byte)',' or (byte)']' or (byte)'}' or (byte)' '))
        {
            end++;
        }

        var text = Excerpt(json, start, end);
        var problem = text.StartsWith("NaN", StringComparison.Ordinal) || text.TrimStart('-').StartsWith("Infinity", StringComparison.Ordinal)
            ? "NaN and Infinity are not JSON numbers"
            : "expected a JSON number";
        return new MalformedPayloadException($"{problem}, found '{text}'.", start);
    }

    private static string Excerpt(ReadOnlySpan<byte> json, int start, int end) =>
        end <= start ? (start < json.Length ? ((char)json[start]).ToString() : "end of input") : System.Text.Encoding.UTF8.GetString(json[start..end]);
}
