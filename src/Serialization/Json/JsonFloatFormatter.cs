using System.Diagnostics.CodeAnalysis;
using System.Numerics;
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

    private const ulong AsciiZeros = 0x3030_3030_3030_3030UL;

    // "0.00" as one little-endian store.
    private const uint ZeroPointZeroZero = 0x3030_2E30u;

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
    /// <see cref="MaxLengthBytes"/> bytes of room, and returns the byte count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Format(float value, ref byte destination) => Write(ToDigits(value), ref destination);

    /// <summary>The shortest decimal of <paramref name="value"/> (Schubfach), its digits scaled to exactly nine and
    /// turned into ASCII in registers (<see cref="DigitWriter.EightDigits"/>), so that the trailing zeros fall out
    /// of a leading-zero count instead of a division loop.</summary>
    /// <exception cref="MalformedPayloadException">The value is NaN or infinite.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FloatDigits ToDigits(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        var magnitude = bits & 0x7FFF_FFFFu;
        if (magnitude >= 0x7F80_0000u)
        {
            ThrowNotFinite(value);
        }

        var sign = (byte)(bits >> 31);
        if (magnitude == 0)
        {
            return new FloatDigits('0', (byte)'0', 1, 1, sign); // "0": an integer of one digit
        }

        var (significand, exponent) = Schubfach32.ToDecimal(magnitude);
        var digitCount = DigitWriter.CountDigits(significand);
        var nine = significand * DigitWriter.PowerOfTen(9 - digitCount);
        var leading = nine / 100_000_000;
        var restValues = DigitWriter.EightDigitValues(nine - (leading * 100_000_000));
        var rest = restValues + AsciiZeros;
        return new FloatDigits(
            ('0' + leading) | (rest << 8),
            (byte)(rest >> 56),
            (sbyte)(digitCount + exponent),
            (byte)(9 - (BitOperations.LeadingZeroCount(restValues) >> 3)),
            sign);
    }

    /// <summary>Writes <paramref name="digits"/> in plain or scientific notation. Each layout is a few
    /// unconditional stores: up to <see cref="MaxLengthBytes"/> bytes, past the returned length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Write(FloatDigits digits, ref byte destination)
    {
        destination = (byte)'-'; // overwritten below when the value is positive
        int sign = digits.Sign;
        return sign + WriteUnsigned(digits, ref Unsafe.Add(ref destination, sign));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteUnsigned(FloatDigits digits, ref byte destination)
    {
        var head = digits.Head;
        var ninth = digits.Ninth;
        int pointPosition = digits.PointPosition;
        int significantDigits = digits.SignificantDigits;
        if ((uint)(pointPosition + MaxPlainLeadingZeros) <= MaxPlainLeadingZeros)
        {
            // 0.000ddd: the common case for probabilities and pixels. "0.00", then the digits over the unused zeros.
            var zeros = -pointPosition;
            Unsafe.WriteUnaligned(ref destination, ZeroPointZeroZero);
            ref var at = ref Unsafe.Add(ref destination, 2 + zeros);
            Unsafe.WriteUnaligned(ref at, head);
            Unsafe.Add(ref at, 8) = ninth;
            return 2 + zeros + significantDigits;
        }

        if ((uint)(pointPosition - 1) < MaxPlainIntegerDigits)
        {
            if (significantDigits <= pointPosition)
            {
                // An integer: the nine-digit form already has its zeros.
                Unsafe.WriteUnaligned(ref destination, head);
                Unsafe.Add(ref destination, 8) = ninth;
                return pointPosition;
            }

            // 123.45 (the point falls within the first eight digits): the integer digits from head, the fraction
            // from head moved one byte up, then the point over the byte between them.
            var integerMask = ulong.MaxValue >> (64 - (8 * pointPosition));
            Unsafe.WriteUnaligned(ref destination, (head & integerMask) | ((head << 8) & ~integerMask));
            Unsafe.Add(ref destination, 8) = (byte)(head >> 56);
            Unsafe.Add(ref destination, 9) = ninth;
            Unsafe.Add(ref destination, pointPosition) = (byte)'.';
            return significantDigits + 1;
        }

        // Scientific: d[.ddd]e±x.
        destination = (byte)head;
        Unsafe.Add(ref destination, 1) = (byte)'.';
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 2), (head >> 8) | ((ulong)ninth << 56));
        var length = significantDigits == 1 ? 1 : significantDigits + 1;
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
