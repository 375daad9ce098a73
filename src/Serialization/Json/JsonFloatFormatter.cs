using System.Runtime.CompilerServices;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json.Internal;

namespace Toolkit.Serialization.Json;

/// <summary>
/// Writes a float32 as the shortest JSON number that parses back to the same float (Schubfach digits).
/// Plain notation for decimal exponents a human reads easily (0.00001 to 999999999), scientific outside them;
/// integers have no fraction part. NaN and Infinity have no JSON form and are refused.
/// </summary>
public static class JsonFloatFormatter
{
    /// <summary>The most bytes one value can take: "-1.2345678e-45" and the like.</summary>
    public const int MaxLengthBytes = 16;

    // Plain notation while the decimal point sits at most this many places right of the first digit...
    private const int MaxPlainIntegerDigits = 9;

    // ...or at most this many zeros after "0." (0.00001 is plain, 0.000001 is 1e-6), so no form exceeds 16 bytes.
    private const int MaxPlainLeadingZeros = 4;

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/> (at least
    /// <see cref="MaxLengthBytes"/> long) and returns the byte count.</summary>
    /// <exception cref="MalformedPayloadException">The value is NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Format(float value, Span<byte> destination)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var magnitude = bits & 0x7FFF_FFFFu;
        if (magnitude >= 0x7F80_0000u)
        {
            throw new MalformedPayloadException($"Cannot write {value} as JSON: NaN and Infinity are not JSON numbers.");
        }

        var position = 0;
        if ((int)bits < 0)
        {
            destination[position++] = (byte)'-';
        }

        if (magnitude == 0)
        {
            destination[position] = (byte)'0';
            return position + 1;
        }

        Schubfach32.ToDecimal(magnitude, out var significand, out var exponent);
        while (significand % 10 == 0)
        {
            significand /= 10;
            exponent++;
        }

        return position + WriteDecimal(significand, exponent, destination[position..]);
    }

    private static int WriteDecimal(uint significand, int exponent, Span<byte> destination)
    {
        var digitCount = DigitWriter.CountDigits(significand);
        var pointPosition = digitCount + exponent; // value = 0.d1d2…dn × 10^pointPosition
        if (exponent >= 0 && pointPosition <= MaxPlainIntegerDigits)
        {
            DigitWriter.Write(significand, digitCount, destination);
            destination.Slice(digitCount, exponent).Fill((byte)'0');
            return pointPosition;
        }

        if (pointPosition > 0 && pointPosition <= MaxPlainIntegerDigits)
        {
            // 123.45: write all digits one place right, then move the integer part left over the gap.
            DigitWriter.Write(significand, digitCount, destination[1..]);
            destination.Slice(1, pointPosition).CopyTo(destination);
            destination[pointPosition] = (byte)'.';
            return digitCount + 1;
        }

        if (pointPosition <= 0 && pointPosition > -MaxPlainLeadingZeros - 1)
        {
            var zeros = -pointPosition;
            destination[0] = (byte)'0';
            destination[1] = (byte)'.';
            destination.Slice(2, zeros).Fill((byte)'0');
            DigitWriter.Write(significand, digitCount, destination[(2 + zeros)..]);
            return 2 + zeros + digitCount;
        }

        // Scientific: d[.ddd]e±x.
        DigitWriter.Write(significand, digitCount, destination[1..]);
        destination[0] = destination[1];
        var length = 1;
        if (digitCount > 1)
        {
            destination[1] = (byte)'.';
            length = digitCount + 1;
        }

        destination[length++] = (byte)'e';
        var scientificExponent = pointPosition - 1;
        if (scientificExponent < 0)
        {
            destination[length++] = (byte)'-';
            scientificExponent = -scientificExponent;
        }

        var exponentDigits = DigitWriter.CountDigits((uint)scientificExponent);
        DigitWriter.Write((uint)scientificExponent, exponentDigits, destination[length..]);
        return length + exponentDigits;
    }
}
