using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>
/// <see cref="FloatDigits"/> of eight floats at once: the general path of <see cref="Schubfach32"/> and the digit
/// split of <see cref="Json.JsonFloatFormatter.ToDigits"/>, lane by lane in AVX2 registers, with the same results
/// bit for bit. A group with a lane the general path does not cover (zero, a subnormal, NaN or infinity, a power of
/// two, a small integer) is refused and goes to the scalar code, which is rare in real tensors.
/// The scalar code spends most of a value's time in a long chain of dependent multiplies; eight lanes run eight
/// chains side by side.
/// </summary>
internal static class Avx2FloatDigits
{
    public const int Lanes = 8;

    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Converts the eight floats at <paramref name="values"/> into <paramref name="digits"/>, or returns
    /// false, writing nothing, when a lane needs the scalar path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool TryConvert(ref float values, ref FloatDigits digits)
    {
        var bits = Vector256.LoadUnsafe(ref Unsafe.As<float, uint>(ref values));
        var biasedExponent = (bits >> 23) & Vector256.Create(0xFFu);
        var fraction = bits & Vector256.Create(0x7F_FFFFu);
        var c = fraction | Vector256.Create(1u << 23);

        // A small integer has no bits below its binary point: c mod 2^(150 − e) is zero. Shifts of 32 or more give
        // zero here, so other exponents yield an all-ones mask and never match.
        var belowPoint = Avx2.ShiftLeftLogicalVariable(Vector256<uint>.One, Vector256.Create(150u) - biasedExponent) - Vector256<uint>.One;
        var special = Vector256.Equals(biasedExponent, Vector256<uint>.Zero)
            | Vector256.Equals(biasedExponent, Vector256.Create(0xFFu))
            | Vector256.Equals(fraction, Vector256<uint>.Zero)
            | Vector256.Equals(c & belowPoint, Vector256<uint>.Zero);
        if (special != Vector256<uint>.Zero)
        {
            return false;
        }

        Vector256<ulong> gLower, gUpper;
        Vector256<int> h, k;
        fixed (Schubfach32.ExponentScale* rows = Schubfach32.ExponentScales)
        {
            // Rows are 16 bytes: G is the 8-byte word 2e, H and K the 4-byte words 4e + 2 and 4e + 3.
            var e = biasedExponent.AsInt32();
            var wordOfG = e << 1;
            gLower = Avx2.GatherVector256((ulong*)rows, wordOfG.GetLower(), 8);
            gUpper = Avx2.GatherVector256((ulong*)rows, wordOfG.GetUpper(), 8);
            h = Avx2.GatherVector256((int*)rows, (e << 2) + Vector256.Create(2), 4);
            k = Avx2.GatherVector256((int*)rows, (e << 2) + Vector256.Create(3), 4);
        }

        var cb = c << 2;
        var outside = c & Vector256<uint>.One;
        var shifts = new ProductShifts(h);
        var vb = RoundToOdd(gLower, gUpper, cb, shifts);
        var vbLeft = RoundToOdd(gLower, gUpper, cb - Vector256.Create(2u), shifts);
        var vbRight = RoundToOdd(gLower, gUpper, cb + Vector256.Create(2u), shifts);
        var (significand, useShort) = Select(vb, vbLeft, vbRight, outside);
        var exponent = k - useShort.AsInt32(); // one digit fewer: the exponent goes up by one

        WriteDigits(significand, exponent, bits, ref digits);
        return true;
    }

    /// <summary>Schubfach's round-to-odd of the upper 64 bits of g · (x · 2^h), for x below 2^27. g · x is two
    /// 32 × 32-bit products per lane (AVX2 has no 64-bit multiply); with h from 33 to 36 the wanted bits start at
    /// bit 28 to 31 of that product, so the shift needs only its low word's top bits and its high part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RoundToOdd(Vector256<ulong> gLower, Vector256<ulong> gUpper, Vector256<uint> x, ProductShifts shifts) =>
        Vector256.Narrow(
            RoundToOdd(gLower, Avx2.ConvertToVector256Int64(x.GetLower()).AsUInt64(), shifts.LeftLower, shifts.RightLower),
            RoundToOdd(gUpper, Avx2.ConvertToVector256Int64(x.GetUpper()).AsUInt64(), shifts.LeftUpper, shifts.RightUpper));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> RoundToOdd(Vector256<ulong> g, Vector256<ulong> x, Vector256<ulong> left, Vector256<ulong> right)
    {
        var low = Avx2.Multiply(g.AsUInt32(), x.AsUInt32());
        var high = Avx2.Multiply((g >> 32).AsUInt32(), x.AsUInt32()) + (low >> 32);
        var upper = Avx2.ShiftLeftLogicalVariable(high, left) | Avx2.ShiftRightLogicalVariable(low & Vector256.Create(0xFFFF_FFFFUL), right);
        var sticky = ~Vector256.Equals(upper & Vector256.Create(0xFFFF_FFFFUL), Vector256<ulong>.Zero) & Vector256<ulong>.One;
        return (upper >> 31) | sticky;
    }

    /// <summary><see cref="Schubfach32"/>'s choice between the shortest decimal one digit shorter and the full-length
    /// one, in masks (all ones for true) instead of 0 and 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<uint> Significand, Vector256<uint> UseShort) Select(Vector256<uint> vb, Vector256<uint> vbLeft, Vector256<uint> vbRight, Vector256<uint> outside)
    {
        var left = vbLeft + outside;
        var s = vb >> 2;
        var sp = MultiplyHigh(s, 0xCCCC_CCCDu, 35); // s / 10
        var sp10 = sp * 10;
        var upIn = Vector256.LessThanOrEqual(left, sp10 << 2);
        var wpIn = Vector256.LessThanOrEqual(((sp10 + Vector256.Create(10u)) << 2) + outside, vbRight);
        var useShort = (upIn ^ wpIn) & Vector256.GreaterThanOrEqual(s, Vector256.Create(100u));
        var shortSignificand = sp + Vector256<uint>.One + upIn;

        var t = s + Vector256<uint>.One;
        var uIn = Vector256.LessThanOrEqual(left, s << 2);
        var wIn = Vector256.LessThanOrEqual((t << 2) + outside, vbRight);
        var quarter = vb & Vector256.Create(3u); // vb − 2(s + t) is quarter − 2
        var closerIsS = Vector256.LessThan(quarter, Vector256.Create(2u))
            | (Vector256.Equals(quarter, Vector256.Create(2u)) & Vector256.Equals(s & Vector256<uint>.One, Vector256<uint>.Zero));
        var onlyOneIn = uIn ^ wIn;
        var pickS = (onlyOneIn & uIn) | Vector256.AndNot(closerIsS, onlyOneIn);
        var longSignificand = t + pickS;
        return (Vector256.ConditionalSelect(useShort, shortSignificand, longSignificand), useShort);
    }

    /// <summary>The nine-digit split of <see cref="Json.JsonFloatFormatter.ToDigits"/>: scale the significand to
    /// exactly nine digits, take the leading one, then the other eight as digit values (two 4-digit halves per
    /// 64-bit lane, pairs, then digits), and finish each value's record in scalar code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteDigits(Vector256<uint> significand, Vector256<int> exponent, Vector256<uint> bits, ref FloatDigits digits)
    {
        var digitCount = Vector256<int>.One;
        var signed = significand.AsInt32();
        for (var power = 10; power <= 100_000_000; power *= 10)
        {
            digitCount -= Vector256.GreaterThan(signed, Vector256.Create(power - 1)); // a true mask is −1
        }

        var scale = Vector256.ConditionalSelect(
            Vector256.Equals(digitCount, Vector256<int>.One),
            Vector256.Create(100_000_000),
            Avx2.PermuteVar8x32(Vector256.Create(1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000), Vector256.Create(9) - digitCount));
        var nine = significand * scale.AsUInt32();
        var leading = MultiplyHigh(nine, 0x55E6_3B89u, 57); // nine / 10^8
        var rest = nine - (leading * 100_000_000);
        var high = MultiplyHigh(rest, 0xD1B7_1759u, 45); // rest / 10^4
        var low = rest - (high * 10_000);
        var valuesA = EightDigitValues(Avx2.UnpackLow(high, low)); // values 0, 1, 4, 5
        var valuesB = EightDigitValues(Avx2.UnpackHigh(high, low)); // values 2, 3, 6, 7
        var pointPosition = digitCount + exponent;

        Unsafe.SkipInit(out LaneValues lanes);
        valuesA.AsUInt64().StoreUnsafe(ref lanes.Values[0]);
        valuesB.AsUInt64().StoreUnsafe(ref lanes.Values[4]);
        leading.StoreUnsafe(ref lanes.Leading[0]);
        pointPosition.StoreUnsafe(ref lanes.PointPosition[0]);
        bits.StoreUnsafe(ref lanes.Bits[0]);
        for (var lane = 0; lane < Lanes; lane++)
        {
            // Unpacking put values 2 and 3 after 0 and 1, ahead of 4 and 5: lane 2 ↔ slot 4 and so on.
            var slot = ((lane & 2) << 1) | ((lane & 4) >> 1) | (lane & 1);
            var restValues = lanes.Values[slot];
            var ascii = restValues + 0x3030_3030_3030_3030UL;
            Unsafe.Add(ref digits, lane) = new FloatDigits(
                ('0' + lanes.Leading[lane]) | (ascii << 8),
                (byte)(ascii >> 56),
                (sbyte)lanes.PointPosition[lane],
                (byte)(9 - (BitOperations.LeadingZeroCount(restValues) >> 3)),
                (byte)(lanes.Bits[lane] >> 31));
        }
    }

    /// <summary><see cref="DigitWriter.EightDigitValues"/> on 32-bit lanes that each hold one 4-digit half: the
    /// first half in the even lane, so that each 64-bit lane ends up as one value's eight digit bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> EightDigitValues(Vector256<uint> halves)
    {
        var hundreds = (halves * 10_486) >> 20;
        var pairs = hundreds | ((halves - (hundreds * 100)) << 16);
        var tens = ((pairs * 103) >> 10) & Vector256.Create(0x000F_000Fu);
        return tens | ((pairs - (tens * 10)) << 8);
    }

    /// <summary>(x · <paramref name="multiplier"/>) >> <paramref name="shift"/> for a shift of 32 to 63: a
    /// division by a constant. AVX2 multiplies only the even 32-bit lanes into 64 bits, so the odd lanes take a
    /// second multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> MultiplyHigh(Vector256<uint> x, uint multiplier, [ConstantExpected(Min = 32, Max = 63)] byte shift)
    {
        var m = Vector256.Create((ulong)multiplier).AsUInt32();
        var even = Avx2.Multiply(x, m) >> shift;
        var odd = (Avx2.Multiply((x.AsUInt64() >> 32).AsUInt32(), m) >> shift) << 32;
        return (even | odd).AsUInt32();
    }

    /// <summary>Per-lane shifts that take the wanted 64 bits out of the 96-bit product: left by h − 32 for its
    /// high part, right by 64 − h for its low word.</summary>
    private readonly struct ProductShifts
    {
        public readonly Vector256<ulong> LeftLower, LeftUpper, RightLower, RightUpper;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ProductShifts(Vector256<int> h)
        {
            var left = h - Vector256.Create(32);
            var right = Vector256.Create(64) - h;
            LeftLower = Avx2.ConvertToVector256Int64(left.GetLower()).AsUInt64();
            LeftUpper = Avx2.ConvertToVector256Int64(left.GetUpper()).AsUInt64();
            RightLower = Avx2.ConvertToVector256Int64(right.GetLower()).AsUInt64();
            RightUpper = Avx2.ConvertToVector256Int64(right.GetUpper()).AsUInt64();
        }
    }

    private struct LaneValues
    {
        public EightULongs Values;
        public EightUInts Leading;
        public EightInts PointPosition;
        public EightUInts Bits;
    }

    [InlineArray(Lanes)]
    private struct EightULongs
    {
        private ulong first;
    }

    [InlineArray(Lanes)]
    private struct EightUInts
    {
        private uint first;
    }

    [InlineArray(Lanes)]
    private struct EightInts
    {
        private int first;
    }
}
