using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>Decimal digits of unsigned integers, two at a time from a 200-byte table.</summary>
internal static class DigitWriter
{
    private static ReadOnlySpan<byte> Pairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountDigits(uint value) =>
        value < 100_000
            ? value < 100 ? (value < 10 ? 1 : 2) : value < 1000 ? 3 : value < 10_000 ? 4 : 5
            : value < 10_000_000 ? (value < 1_000_000 ? 6 : 7) : value < 100_000_000 ? 8 : value < 1_000_000_000 ? 9 : 10;

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
