using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>Decimal digits of unsigned integers, two at a time from a 200-byte table.</summary>
internal static class DigitWriter
{
    private static ReadOnlySpan<byte> Pairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    // Digit count without branches (digit counts of float significands vary value to value, so branches would
    // mispredict): for x in [2^j, 2^(j+1)), (x + table[j]) >> 32 is the count, where table[j] holds the count of
    // 2^j in the high half and, when 10^d falls inside the range, 2^32 − 10^d in the low half to carry past it.
    private static readonly ulong[] DigitCountTable = BuildDigitCountTable();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountDigits(uint value) =>
        (int)((value + Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(DigitCountTable), BitOperations.Log2(value))) >> 32);

    /// <summary>Writes exactly <paramref name="digitCount"/> digits of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(uint value, int digitCount, Span<byte> destination)
    {
        _ = destination[digitCount - 1];
        Write(value, digitCount, ref MemoryMarshal.GetReference(destination));
    }

    /// <summary>Writes exactly <paramref name="digitCount"/> digits at <paramref name="destination"/>, two bytes
    /// per store; the caller guarantees the room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(uint value, int digitCount, ref byte destination)
    {
        ref var pairs = ref MemoryMarshal.GetReference(Pairs);
        var end = digitCount;
        while (value >= 100)
        {
            var quotient = value / 100;
            var pair = (nint)(value - (quotient * 100)) * 2;
            value = quotient;
            end -= 2;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, end), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, pair)));
        }

        if (value >= 10)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, end - 2), Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, (nint)value * 2)));
        }
        else
        {
            Unsafe.Add(ref destination, end - 1) = (byte)('0' + value);
        }
    }

    /// <summary>10^0..10^9: scales a significand of d digits up to exactly nine.</summary>
    private static ReadOnlySpan<uint> PowersOfTen => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint PowerOfTen(int exponent) => Unsafe.Add(ref MemoryMarshal.GetReference(PowersOfTen), exponent);

    /// <summary>The eight ASCII digits of <paramref name="value"/> (below 10^8, leading zeros included), first digit
    /// in the low byte so that one little-endian store writes them in order. No loop and no division: the value is
    /// split into two 4-digit halves, one per 32-bit lane, then each lane into 2-digit pairs (×10486 >> 20 is /100
    /// below 10^4) and each pair into digits (×103 >> 10 is /10 below 100), all lanes at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EightDigits(uint value) => EightDigitValues(value) + 0x3030_3030_3030_3030UL;

    /// <summary>Like <see cref="EightDigits"/> but the digit values 0..9 rather than ASCII: the high zero bytes are
    /// the trailing zero digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EightDigitValues(uint value)
    {
        var high = value / 10_000;
        var halves = high | ((ulong)(value - (high * 10_000)) << 32);
        var hundreds = ((halves * 10_486) >> 20) & 0x0000_007F_0000_007FUL;
        var pairs = hundreds | ((halves - (hundreds * 100)) << 16);
        var tens = ((pairs * 103) >> 10) & 0x000F_000F_000F_000FUL;
        return tens | ((pairs - (tens * 10)) << 8);
    }

    private static ulong[] BuildDigitCountTable()
    {
        var table = new ulong[32];
        for (var j = 0; j < 32; j++)
        {
            var low = 1UL << j;
            var high = (1UL << (j + 1)) - 1;
            var digits = low.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            var nextPower = (ulong)Math.Pow(10, digits);
            table[j] = ((ulong)digits << 32) + (nextPower <= high ? (1UL << 32) - nextPower : 0);
        }

        return table;
    }

    /// <summary>Writes a signed 64-bit integer and returns the byte count (at most 20).</summary>
    public static int WriteInt64(long value, Span<byte> destination)
    {
        var position = 0;
        ulong magnitude;
        if (value < 0)
        {
            destination[position++] = (byte)'-';
            magnitude = (ulong)(-(value + 1)) + 1;
        }
        else
        {
            magnitude = (ulong)value;
        }

        if (magnitude <= uint.MaxValue)
        {
            var count = CountDigits((uint)magnitude);
            Write((uint)magnitude, count, destination[position..]);
            return position + count;
        }

        // Rare on the wire (shapes and ids fit 32 bits); the framework's formatter is fine here.
        magnitude.TryFormat(destination[position..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return position + written;
    }
}
