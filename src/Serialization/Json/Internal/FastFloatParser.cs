using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>
/// The hot path of <see cref="JsonNumberParser.ParseFloat"/> for numbers well inside the input: each run of digits
/// is read as one 8-byte word (its length from a byte mask, its value in three multiplies), so there is no loop per
/// digit and no bounds check per byte. It only accepts what it can finish exactly; for anything else (long or
/// malformed numbers, a value off Clinger's exact path) it returns false and the caller reparses with the general
/// parser, which also reports errors.
/// </summary>
internal static class FastFloatParser
{
    /// <summary>Readable bytes the fast path needs from a number's start: sign, up to 7 integer digits, point, two
    /// 8-byte words of fraction, 'e', sign and an 8-byte word of exponent digits.</summary>
    public const int PaddingBytes = 40;

    // 10^0..10^22 are exact doubles: the limit of Clinger's fast path.
    private const int MaxExactPowerOfTen = 22;

    // 19 decimal digits always fit an unsigned 64-bit integer.
    private const int MaxMantissaDigits = 19;

    // A double's 29 low significand bits are what a float drops; exactly 1000…0 is a float midpoint.
    private const long DroppedBitsMask = 0x1FFF_FFFF;
    private const long MidpointPattern = 0x1000_0000;

    // 2^-126, float32's smallest normal value: below it a float keeps fewer than 24 bits and the midpoint test
    // does not apply.
    private const double MinNormalFloat = 1.1754943508222875e-38;

    private const ulong AsciiZeros = 0x3030_3030_3030_3030UL;

    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    private static ReadOnlySpan<uint> IntegerPowersOfTen => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>Parses the number of exactly <paramref name="length"/> bytes at <paramref name="start"/>, which
    /// has at least <see cref="PaddingBytes"/> readable bytes; false when the general path must decide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ref byte start, int length, out float value)
    {
        value = 0;
        var negative = start == '-';
        var i = negative ? 1 : 0;
        var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
        var integerDigits = LeadingDigitCount(word);

        // No digit, eight or more (rare, and may need the 19-digit check), or a leading zero: not for this path.
        if ((uint)(integerDigits - 1) >= 7 || (integerDigits > 1 && (byte)word == '0'))
        {
            return false;
        }

        var mantissa = (ulong)DigitsValue(word, integerDigits);
        i += integerDigits;
        var exponent = 0;
        var digitCount = integerDigits;
        if (Unsafe.Add(ref start, i) == '.')
        {
            word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 1));
            var fractionDigits = LeadingDigitCount(word);
            if (fractionDigits == 0)
            {
                return false;
            }

            mantissa = (mantissa * Unsafe.Add(ref MemoryMarshal.GetReference(IntegerPowersOfTen), fractionDigits)) + DigitsValue(word, fractionDigits);
            if (fractionDigits == 8)
            {
                word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i + 9));
                var more = LeadingDigitCount(word);
                if (more == 8)
                {
                    return false;
                }

                if (more > 0)
                {
                    mantissa = (mantissa * Unsafe.Add(ref MemoryMarshal.GetReference(IntegerPowersOfTen), more)) + DigitsValue(word, more);
                    fractionDigits += more;
                }
            }

            i += 1 + fractionDigits;
            exponent = -fractionDigits;
            digitCount += fractionDigits;
        }

        if ((Unsafe.Add(ref start, i) | 0x20) == 'e')
        {
            i++;
            var exponentSign = Unsafe.Add(ref start, i);
            var exponentNegative = exponentSign == '-';
            i += exponentNegative || exponentSign == '+' ? 1 : 0;
            word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            var exponentDigits = LeadingDigitCount(word);
            if ((uint)(exponentDigits - 1) >= 3)
            {
                return false;
            }

            var explicitExponent = (int)DigitsValue(word, exponentDigits);
            exponent += exponentNegative ? -explicitExponent : explicitExponent;
            i += exponentDigits;
        }

        if (digitCount > MaxMantissaDigits || i != length)
        {
            return false;
        }

        if (mantissa == 0)
        {
            value = negative ? -0f : 0f;
            return true;
        }

        if (mantissa > (1UL << 53) || (uint)(exponent + MaxExactPowerOfTen) > 2 * MaxExactPowerOfTen)
        {
            return false;
        }

        // Clinger: an exact integer and an exact power of ten give the correctly rounded double in one operation.
        // Rounding that double to float can only go wrong when it sits exactly on a float midpoint (any midpoint
        // strictly between it and the exact value would be a closer double); below float's normal range the
        // midpoint test does not hold, and above its range the general path reports the overflow.
        ref var powers = ref MemoryMarshal.GetReference(PowersOfTen);
        var exact = exponent < 0 ? (long)mantissa / Unsafe.Add(ref powers, -exponent) : (long)mantissa * Unsafe.Add(ref powers, exponent); // signed: cheaper to convert, and exact below 2^53
        if ((BitConverter.DoubleToInt64Bits(exact) & DroppedBitsMask) == MidpointPattern || exact < MinNormalFloat || exact > float.MaxValue)
        {
            return false;
        }

        var result = (float)exact;
        value = negative ? -result : result;
        return true;
    }

    /// <summary>How many of the word's bytes, from the low one, are ASCII digits (0 to 8). A byte is a digit when
    /// its high nibble is 3 and adding 6 does not carry into it; a carry out of a non-digit byte can only disturb
    /// the bytes after it, which are not counted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LeadingDigitCount(ulong word)
    {
        var nonDigits = ((word & 0xF0F0_F0F0_F0F0_F0F0UL) ^ AsciiZeros) | (((word + 0x0606_0606_0606_0606UL) & 0xF0F0_F0F0_F0F0_F0F0UL) ^ AsciiZeros);
        return BitOperations.TrailingZeroCount(nonDigits) >> 3;
    }

    /// <summary>The value of the first <paramref name="count"/> (1 to 8) digits of the word: they are moved to the
    /// top so that the bytes below read as leading zeros, then combined in three multiply steps (pairs, quads,
    /// all eight).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint DigitsValue(ulong word, int count)
    {
        // Subtracting '0' cannot borrow out of a digit byte, so the bytes past the digits do not disturb them.
        var digits = (word - AsciiZeros) << (8 * (8 - count));
        digits = (digits * 10) + (digits >> 8); // each even byte now holds a two-digit pair
        digits = (((digits & 0x0000_00FF_0000_00FFUL) * (100 + (1_000_000UL << 32)))
            + (((digits >> 16) & 0x0000_00FF_0000_00FFUL) * (1 + (10_000UL << 32)))) >> 32;
        return (uint)digits;
    }
}
