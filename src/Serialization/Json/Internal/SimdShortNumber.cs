using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>
/// The array reader's fast path for the numbers tensors are made of: <c>-?digits(.digits)?</c>, optionally with a
/// one- or two-digit exponent, followed by ',' or ']', all inside one 16-byte window. The number is classified with
/// one vector load and a few byte masks, so the position of the next number waits only on a compare, a mask and
/// two bit scans, never on a loop over digits. The digits are moved into place with one shuffle (dot removed,
/// right-aligned) and combined with three multiply-add steps into an integer below 10^15, and Clinger's
/// observation makes the rest exact: that integer and 10^0..10^22 are exact doubles, so one IEEE division or
/// multiplication gives the correctly rounded double.
/// </summary>
/// <remarks>Anything else (a longer exponent or one beyond ±22, a leading zero, a missing digit, a number too long
/// for the window, a double that sits exactly on a float midpoint) returns 0 and goes to
/// <see cref="JsonNumberParser"/>, which either parses it or reports the error, so this path never has to produce
/// an error message.</remarks>
internal static class SimdShortNumber
{
    /// <summary>Bytes the fast path reads from the number's first byte on; it may look past the number's end.</summary>
    public const int WindowBytes = 16;

    // A double's 29 low significand bits are what a float drops; exactly 1000…0 is a float midpoint, where the
    // double's own rounding may have decided the float's (see JsonNumberParser).
    private const long DroppedBitsMask = 0x1FFF_FFFF;
    private const long MidpointPattern = 0x1000_0000;

    // Past the window: a sentinel non-digit, so that bit scans of an all-digit window stop at 16.
    private const uint PastWindow = 1u << WindowBytes;

    /// <summary>True where the shuffle and multiply-add instructions this path is built on exist.</summary>
    public static bool IsSupported => Sse41.IsSupported;

    // 10^0..10^22 are exact doubles: the limit of Clinger's fast path.
    private const int MaxExactPowerOfTen = 22;

    private static readonly byte[] ShuffleControls = BuildShuffleControls();

    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>Reads the number at <paramref name="number"/> (at least <see cref="WindowBytes"/> readable bytes)
    /// and returns how many bytes it took including its ',' or ']' terminator, or 0 when it is not a number of
    /// that shape (then <paramref name="value"/> is meaningless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TryRead(ref byte number, out float value)
    {
        var text = Vector128.LoadUnsafe(ref number);
        var digits = text - Vector128.Create((byte)'0');
        var digitMask = Vector128.LessThanOrEqual(digits, Vector128.Create((byte)9)).ExtractMostSignificantBits();
        var dotMask = Vector128.Equals(text, Vector128.Create((byte)'.')).ExtractMostSignificantBits();
        var terminatorMask = (Vector128.Equals(text, Vector128.Create((byte)',')) | Vector128.Equals(text, Vector128.Create((byte)']'))).ExtractMostSignificantBits();

        // The digits start after an optional '-'; the first non-digit after them is either the dot, with the
        // fraction digits up to the second non-digit, or the terminator. Each check is its own branch: on tensor
        // data they all go one way, and a predicted branch costs less than folding the conditions into a mask.
        var sign = number == '-' ? 1u : 0u;
        var nonDigits = (~digitMask | PastWindow) & ~sign;
        var first = (uint)BitOperations.TrailingZeroCount(nonDigits);
        var integerDigits = first - sign;
        value = 0;
        if (integerDigits - 1 >= WindowBytes - 1)
        {
            return 0; // no integer digit, or no room left for a terminator
        }

        var end = first;
        var fractionDigits = 0u;
        if (((dotMask >> (int)first) & 1) != 0)
        {
            end = (uint)BitOperations.TrailingZeroCount(nonDigits & (nonDigits - 1));
            fractionDigits = end - first - 1;
            if (fractionDigits == 0)
            {
                return 0;
            }
        }

        if (integerDigits > 1 && Unsafe.Add(ref number, sign) == '0')
        {
            return 0; // a leading zero
        }

        // The terminator's position is checked before the digits are shuffled: it bounds the control table's index.
        ref var powers = ref MemoryMarshal.GetReference(PowersOfTen);
        double exact;
        var stop = end;
        if (((terminatorMask >> (int)end) & 1) != 0)
        {
            exact = Mantissa(digits, ShuffleControl(sign, first, end)) / Unsafe.Add(ref powers, (int)fractionDigits);
        }
        else
        {
            var exponent = -(int)fractionDigits;
            stop = ReadExponent(ref number, nonDigits, end, ref exponent);
            if (((terminatorMask >> (int)stop) & 1) == 0 || (uint)(exponent + MaxExactPowerOfTen) > 2 * MaxExactPowerOfTen)
            {
                return 0; // a second dot, a number past the window, or an exponent beyond Clinger's range
            }

            var mantissa = Mantissa(digits, ShuffleControl(sign, first, end));
            exact = exponent <= 0 ? mantissa / Unsafe.Add(ref powers, -exponent) : mantissa * Unsafe.Add(ref powers, exponent);
        }

        if ((BitConverter.DoubleToInt64Bits(exact) & DroppedBitsMask) == MidpointPattern)
        {
            return 0;
        }

        // At most 15 digits times 10^-22 to 10^22 lies between 10^-22 and 10^37: normal floats, never infinite.
        value = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits((float)exact) | (sign << 31));
        return (int)stop + 1;
    }

    /// <summary>After the digits end at <paramref name="end"/>: an 'e' or 'E', an optional sign and one or two
    /// digits, added to <paramref name="exponent"/>. Returns where the exponent stops, or past the window when
    /// that is not what follows (more exponent digits are legal JSON, but only leading zeros or out of range).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadExponent(ref byte number, uint nonDigits, uint end, ref int exponent)
    {
        // 'e', a digit and a terminator need three bytes: the window must hold them.
        if (end > WindowBytes - 3 || (Unsafe.Add(ref number, end) | 0x20) != 'e')
        {
            return WindowBytes;
        }

        var signByte = Unsafe.Add(ref number, end + 1);
        var digitsStart = end + (signByte is (byte)'-' or (byte)'+' ? 2u : 1u);
        var stop = digitsStart + (uint)BitOperations.TrailingZeroCount(nonDigits >> (int)digitsStart);
        var count = stop - digitsStart;
        if (count - 1 >= 2)
        {
            return WindowBytes;
        }

        var magnitude = Unsafe.Add(ref number, digitsStart) - '0';
        if (count == 2)
        {
            magnitude = (magnitude * 10) + Unsafe.Add(ref number, digitsStart + 1) - '0';
        }

        exponent += signByte == '-' ? -magnitude : magnitude;
        return stop;
    }

    /// <summary>The integer the number's digits spell, dot left out: the shuffle moves the digits to the top lanes
    /// and zeroes the lanes below; then pairs, quads and eights of lanes are combined by multiply-adds into two
    /// 8-digit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Mantissa(Vector128<byte> digits, Vector128<byte> control)
    {
        var aligned = Ssse3.Shuffle(digits, control);
        var pairs = Ssse3.MultiplyAddAdjacent(aligned, Vector128.Create((sbyte)10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
        var quads = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)100, 1, 100, 1, 100, 1, 100, 1));
        var packed = Sse41.PackUnsignedSaturate(quads, quads).AsInt16();
        var eights = Sse2.MultiplyAddAdjacent(packed, Vector128.Create((short)10_000, 1, 10_000, 1, 10_000, 1, 10_000, 1)).AsUInt32();
        return ((long)eights.ToScalar() * 100_000_000) + eights.GetElement(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ShuffleControl(uint sign, uint first, uint end) =>
        Vector128.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(ShuffleControls), (((sign * WindowBytes) + first) * WindowBytes + end) * WindowBytes);

    /// <summary>One shuffle control per number layout (sign, position of the first non-digit, position of the
    /// terminator; the first non-digit is the dot unless it is the terminator): lane 15 takes the last digit,
    /// lane 14 the one before, skipping the dot and stopping before the sign; the lanes left over take 0x80, which
    /// makes the shuffle write zero. 8 KiB, of which a tensor touches the few entries its value lengths use;
    /// a load of one replaces the dozen vector operations that built the control from the positions.</summary>
    private static byte[] BuildShuffleControls()
    {
        var table = new byte[2 * WindowBytes * WindowBytes * WindowBytes];
        for (var sign = 0; sign < 2; sign++)
        {
            for (var first = 0; first < WindowBytes; first++)
            {
                for (var end = 0; end < WindowBytes; end++)
                {
                    var control = table.AsSpan((((sign * WindowBytes) + first) * WindowBytes + end) * WindowBytes, WindowBytes);
                    control.Fill(0x80);
                    var lane = WindowBytes - 1;
                    for (var position = end - 1; position >= sign; position--)
                    {
                        if (position != first)
                        {
                            control[lane--] = (byte)position;
                        }
                    }
                }
            }
        }

        return table;
    }
}
