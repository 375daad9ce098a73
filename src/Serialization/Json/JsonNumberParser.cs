using System.Globalization;
using System.Runtime.CompilerServices;
using Toolkit.Serialization.Errors;

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

    // 19 decimal digits always fit an unsigned 64-bit integer.
    private const int MaxMantissaDigits = 19;

    // A double's 29 low significand bits are what a float drops; exactly 1000…0 is a float midpoint.
    private const long DroppedBitsMask = 0x1FFF_FFFF;
    private const long MidpointPattern = 0x1000_0000;

    // 2^-126, float32's smallest normal value: below it a float keeps fewer than 24 bits and the midpoint test
    // above does not apply.
    private const double MinNormalFloat = 1.1754943508222875e-38;

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
        var negative = false;
        if ((uint)i < (uint)json.Length && json[i] == '-')
        {
            negative = true;
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;      // significant digits kept in the mantissa
        var dropped = false; // a non-zero digit beyond the 19 kept
        var exponent = 0;
        var integerStart = i;
        while ((uint)i < (uint)json.Length && (uint)(json[i] - '0') <= 9)
        {
            Accumulate(json[i], ref mantissa, ref digits, ref exponent, ref dropped, fraction: false);
            i++;
        }

        var integerDigits = i - integerStart;
        if (integerDigits == 0 || (integerDigits > 1 && json[integerStart] == '0'))
        {
            throw Malformed(json, start);
        }

        if ((uint)i < (uint)json.Length && json[i] == '.')
        {
            i++;
            var fractionStart = i;
            while ((uint)i < (uint)json.Length && (uint)(json[i] - '0') <= 9)
            {
                Accumulate(json[i], ref mantissa, ref digits, ref exponent, ref dropped, fraction: true);
                i++;
            }

            if (i == fractionStart)
            {
                throw Malformed(json, start);
            }
        }

        if ((uint)i < (uint)json.Length && (json[i] | 0x20) == 'e')
        {
            i++;
            var exponentNegative = false;
            if ((uint)i < (uint)json.Length && (json[i] == '-' || json[i] == '+'))
            {
                exponentNegative = json[i] == '-';
                i++;
            }

            var exponentStart = i;
            var explicitExponent = 0;
            while ((uint)i < (uint)json.Length && (uint)(json[i] - '0') <= 9)
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
        }

        position = i;
        if (mantissa == 0)
        {
            return negative ? -0f : 0f;
        }

        if (!dropped && mantissa <= (1UL << 53) && exponent >= -MaxExactPowerOfTen && exponent <= MaxExactPowerOfTen)
        {
            var exact = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
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

        return ParseSlow(json, start, i);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(byte digit, ref ulong mantissa, ref int digits, ref int exponent, ref bool dropped, bool fraction)
    {
        if (digits < MaxMantissaDigits)
        {
            mantissa = (mantissa * 10) + (uint)(digit - '0');
            if (mantissa != 0)
            {
                digits++; // leading zeros are not significant
            }

            if (fraction)
            {
                exponent--;
            }
        }
        else
        {
            dropped |= digit != '0';
            if (!fraction)
            {
                exponent++;
            }
        }
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
