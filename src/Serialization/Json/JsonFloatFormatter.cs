using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Toolkit.Serialization.Errors;
using Toolkit.Serialization.Json.Internal;

namespace Toolkit.Serialization.Json;

/// <summary>
/// Writes a float32 as the shortest JSON number that parses back to the same float (Schubfach digits).
/// Plain notation where it is no longer than scientific (0.001 to 999999999), scientific outside;
/// integers have no fraction part. NaN and Infinity have no JSON form and are refused.
/// </summary>
public static class JsonFloatFormatter
{
    /// <summary>The most bytes one value can take: "-1.2345678e-45" and the like.</summary>
    public const int MaxLengthBytes = 16;

    // Plain notation while the decimal point sits at most this many places right of the first digit...
    private const int MaxPlainIntegerDigits = 9;

    // ...or at most this many zeros after "0.": from three zeros on, "1.5e-4" is shorter than "0.00015".
    private const int MaxPlainLeadingZeros = 2;

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/> (at least
    /// <see cref="MaxLengthBytes"/> long) and returns the byte count.</summary>
    /// <exception cref="MalformedPayloadException">The value is NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Format(float value, Span<byte> destination)
    {
        if (destination.Length < MaxLengthBytes)
        {
            throw new ArgumentException($"Destination must be at least {MaxLengthBytes} bytes; received {destination.Length}.", nameof(destination));
        }

        return Format(value, ref MemoryMarshal.GetReference(destination));
    }

    /// <summary>Writes <paramref name="value"/> at <paramref name="destination"/>, which must have
    /// <see cref="MaxLengthBytes"/> bytes of room, and returns the byte count. The array writers use this to
    /// write a whole tensor into one pre-sized span without per-value checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Format(float value, ref byte destination)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var magnitude = bits & 0x7FFF_FFFFu;
        if (magnitude >= 0x7F80_0000u)
        {
            ThrowNotFinite(value);
        }

        var sign = (int)(bits >> 31);
        destination = (byte)'-'; // overwritten below when the value is positive
        ref var digits = ref Unsafe.Add(ref destination, sign);
        if (magnitude == 0)
        {
            digits = (byte)'0';
            return sign + 1;
        }

        Schubfach32.ToDecimal(magnitude, out var significand, out var exponent);
        while (significand % 10 == 0)
        {
            significand /= 10;
            exponent++;
        }

        return sign + WriteDecimal(significand, exponent, ref digits);
    }

    private static int WriteDecimal(uint significand, int exponent, ref byte destination)
    {
        var digitCount = DigitWriter.CountDigits(significand);
        var pointPosition = digitCount + exponent; // value = 0.d1d2…dn × 10^pointPosition
        if (pointPosition <= 0 && pointPosition > -MaxPlainLeadingZeros - 1)
        {
            // 0.000ddd: the common case for probabilities and pixels.
            var zeros = -pointPosition;
            Unsafe.WriteUnaligned(ref destination, (ushort)('0' | ('.' << 8)));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 2), (ushort)0x3030); // up to two zeros; digits overwrite the rest
            DigitWriter.Write(significand, digitCount, ref Unsafe.Add(ref destination, 2 + zeros));
            return 2 + zeros + digitCount;
        }

        if (pointPosition > 0 && pointPosition <= MaxPlainIntegerDigits)
        {
            if (exponent >= 0)
            {
                DigitWriter.Write(significand, digitCount, ref destination);
                for (var i = 0; i < exponent; i++)
                {
                    Unsafe.Add(ref destination, digitCount + i) = (byte)'0';
                }

                return pointPosition;
            }

            // 123.45: write all digits one place right, then move the integer part left over the gap.
            DigitWriter.Write(significand, digitCount, ref Unsafe.Add(ref destination, 1));
            for (var i = 0; i < pointPosition; i++)
            {
                Unsafe.Add(ref destination, i) = Unsafe.Add(ref destination, i + 1);
            }

            Unsafe.Add(ref destination, pointPosition) = (byte)'.';
            return digitCount + 1;
        }

        // Scientific: d[.ddd]e±x.
        DigitWriter.Write(significand, digitCount, ref Unsafe.Add(ref destination, 1));
        destination = Unsafe.Add(ref destination, 1);
        var length = 1;
        if (digitCount > 1)
        {
            Unsafe.Add(ref destination, 1) = (byte)'.';
            length = digitCount + 1;
        }

        Unsafe.Add(ref destination, length++) = (byte)'e';
        var scientificExponent = pointPosition - 1;
        if (scientificExponent < 0)
        {
            Unsafe.Add(ref destination, length++) = (byte)'-';
            scientificExponent = -scientificExponent;
        }

        var exponentDigits = DigitWriter.CountDigits((uint)scientificExponent);
        DigitWriter.Write((uint)scientificExponent, exponentDigits, ref Unsafe.Add(ref destination, length));
        return length + exponentDigits;
    }

    [DoesNotReturn]
    private static void ThrowNotFinite(float value) =>
        throw new MalformedPayloadException($"Cannot write {value} as JSON: NaN and Infinity are not JSON numbers.");
}
