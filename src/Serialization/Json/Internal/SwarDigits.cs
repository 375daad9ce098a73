using System.Numerics;
using System.Runtime.CompilerServices;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>Runs of ASCII digits read as one little-endian 8-byte word: their length from a byte mask, their value
/// in three multiplies, so that the number parser has no loop and no branch per digit.</summary>
internal static class SwarDigits
{
    private const ulong AsciiZeros = 0x3030_3030_3030_3030UL;

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
