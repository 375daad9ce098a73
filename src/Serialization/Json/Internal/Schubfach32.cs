using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Toolkit.Serialization.Json.Internal;

/// <summary>
/// Shortest decimal for a float32, after Raffaello Giulietti's Schubfach algorithm ("The Schubfach way to render
/// doubles", 2020): scale the rounding interval of the binary value by a power of ten with one 64×64→128-bit
/// multiply, then pick the shortest decimal inside it (closest to the value on ties). Written from the paper.
/// </summary>
internal static class Schubfach32
{
    private const int SignificandBits = 24;
    private const int MinExponent = -149; // the binary exponent of the subnormals
    private const uint HiddenBit = 1u << 23;

    // Below 8 a subnormal's decimal interval is narrower than one unit of its leading digit (paper §9).
    private const uint TinySignificand = 8;

    private const int MinPowerOfTen = -32;
    private const int MaxPowerOfTen = 46;

    // g(e) = floor(10^e · 2^(62 − floor(e·log2 10))) + 1, a 63-bit over-approximation of 10^e for e in the range the
    // float32 exponents need. Built once from exact integers: 79 entries, microseconds at start-up.
    private static readonly ulong[] PowersOfTen = BuildPowersOfTen();

    // k, h and g of the general path for every biased exponent of a normal float whose significand is not a power of
    // two: 255 rows of 16 bytes, so that the hot path reads one row instead of computing two logarithms.
    private static readonly ExponentScale[] Scales = BuildScales();

    /// <summary>The rows of the general path, indexed by biased exponent, for <see cref="Avx2FloatDigits"/> to gather from.</summary>
    internal static ReadOnlySpan<ExponentScale> ExponentScales => Scales;

    /// <summary>The shortest significand · 10^<paramref name="exponent"/> that reads back as the finite, non-zero,
    /// positive float with these <paramref name="bits"/>. Inlined into the array writers, so the common case (a
    /// normal float) costs no call and no out-parameter traffic; subnormals go out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ShortestDecimal ToDecimal(uint bits)
    {
        var biasedExponent = (int)(bits >> 23);
        if (biasedExponent == 0)
        {
            return SubnormalToDecimal(bits);
        }

        var minusQ = 150 - biasedExponent;
        var c = HiddenBit | (bits & (HiddenBit - 1));
        if ((uint)(minusQ - 1) < SignificandBits - 1)
        {
            // Small integers are their own shortest decimal.
            var integer = c >> minusQ;
            if (integer << minusQ == c)
            {
                return new ShortestDecimal(integer, 0);
            }
        }

        if (c == HiddenBit)
        {
            return PowerOfTwoToDecimal(-minusQ);
        }

        // The common case: k, h and g depend on the exponent alone, so they come from one table row.
        var scale = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Scales), biasedExponent);
        var cb = (long)c << 2;
        var vb = RoundToOdd(scale.G, cb << scale.H);
        var vbLeft = RoundToOdd(scale.G, (cb - 2) << scale.H);
        var vbRight = RoundToOdd(scale.G, (cb + 2) << scale.H);
        return Select(vb, vbLeft, vbRight, c & 1, scale.K, 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ShortestDecimal PowerOfTwoToDecimal(int q) => ToDecimal(q, HiddenBit, 0);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ShortestDecimal SubnormalToDecimal(uint bits)
    {
        var fraction = bits & (HiddenBit - 1);
        var (significand, exponent) = fraction < TinySignificand
            ? ToDecimal(MinExponent, 10 * fraction, -1)
            : ToDecimal(MinExponent, fraction, 0);

        // The paper's algorithm stops at two digits, but a subnormal's interval is wide relative to its value, so
        // fewer may read back (2.9e-44 is also 3e-44). Subnormals are rare in tensors, so check by parsing.
        ShortenSubnormal(bits, ref significand, ref exponent);
        return new ShortestDecimal(significand, exponent);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ShortestDecimal ToDecimal(int q, uint c, int exponentAdjust)
    {
        var cb = (long)c << 2;
        var cbRight = cb + 2;
        long cbLeft;
        int k;
        if (c != HiddenBit || q == MinExponent)
        {
            cbLeft = cb - 2;
            k = FloorLog10Pow2(q);
        }
        else
        {
            // At a power of two the gap below is half the gap above.
            cbLeft = cb - 1;
            k = FloorLog10ThreeQuartersPow2(q);
        }

        var h = q + FloorLog2Pow10(-k) + 33;
        var g = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(PowersOfTen), -k - MinPowerOfTen);
        var vb = RoundToOdd(g, cb << h);
        var vbLeft = RoundToOdd(g, cbLeft << h);
        var vbRight = RoundToOdd(g, cbRight << h);
        return Select(vb, vbLeft, vbRight, c & 1, k, exponentAdjust);
    }

    /// <summary>Picks the decimal from the scaled value <paramref name="vb"/> and its rounding interval
    /// [<paramref name="vbLeft"/>, <paramref name="vbRight"/>] (all in quarter units; the ends are excluded when
    /// <paramref name="outside"/> is 1, for odd significands).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ShortestDecimal Select(uint vb, uint vbLeft, uint vbRight, uint outside, int k, int exponentAdjust)
    {
        // Both candidates are computed and one is selected arithmetically: which one wins depends on the value's
        // digits (about half the time each on real tensors), so a branch here would mispredict half the time.
        var s = vb >> 2;

        // One digit fewer: the multiples of ten around s. Used only when s has at least three digits and exactly one
        // of them is inside the rounding interval.
        var sp = (uint)((s * 1_717_986_919UL) >> 34); // s / 10
        var sp10 = sp * 10;
        var upIn = vbLeft + outside <= sp10 << 2 ? 1 : 0;
        var wpIn = ((sp10 + 10) << 2) + outside <= vbRight ? 1 : 0;
        var useShort = (upIn ^ wpIn) & (s >= 100 ? 1 : 0);
        var shortSignificand = sp + (uint)(1 - upIn);

        // Full length: s or s + 1, the one inside the interval, else the closer one, else the even one.
        var t = s + 1;
        var uIn = vbLeft + outside <= s << 2 ? 1 : 0;
        var wIn = (t << 2) + outside <= vbRight ? 1 : 0;
        var compare = (long)vb - ((s + t) << 1);
        var closerIsS = (compare < 0 ? 1 : 0) | ((compare == 0 ? 1 : 0) & (int)(~s & 1));
        var onlyOneIn = uIn ^ wIn;
        var pickS = (onlyOneIn & uIn) | ((onlyOneIn ^ 1) & closerIsS);
        var longSignificand = s + (uint)(1 - pickS);

        var shortMask = (uint)-useShort;
        return new ShortestDecimal(
            longSignificand + ((shortSignificand - longSignificand) & shortMask),
            k + exponentAdjust + ((1 - exponentAdjust) & -useShort));
    }

    private static void ShortenSubnormal(uint bits, ref uint significand, ref int exponent)
    {
        Span<byte> text = stackalloc byte[24];
        while (significand >= 10)
        {
            var rounded = (significand + 5) / 10; // the nearest one-digit-shorter decimal, then its neighbours
            var found = false;
            foreach (var candidate in (ReadOnlySpan<uint>)[rounded, rounded - 1, rounded + 1])
            {
                if (candidate == 0 || !ReadsBackAs(candidate, exponent + 1, bits, text))
                {
                    continue;
                }

                significand = candidate;
                exponent++;
                found = true;
                break;
            }

            if (!found)
            {
                return;
            }
        }
    }

    private static bool ReadsBackAs(uint significand, int exponent, uint bits, Span<byte> text)
    {
        significand.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        text[length++] = (byte)'e';
        exponent.TryFormat(text[length..], out var exponentLength, default, CultureInfo.InvariantCulture);
        return float.TryParse(text[..(length + exponentLength)], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && BitConverter.SingleToUInt32Bits(value) == bits;
    }

    /// <summary>The high bits of g·cp, with the discarded bits folded into the lowest bit (round to odd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint RoundToOdd(ulong g, long cp)
    {
        // The high half only: MultiplyNoFlags keeps the discarded low half out of memory.
        var high = Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(g, (ulong)cp) : Math.BigMul(g, (ulong)cp, out _);
        var integerPart = high >> 31;
        return (uint)(integerPart | (((high & 0xFFFF_FFFFUL) + 0xFFFF_FFFFUL) >> 32));
    }

    // The three logarithms below are exact for the exponent ranges used here (paper, §6): fixed-point multipliers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog10Pow2(int e) => (int)((e * 661_971_961_083L) >> 41);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog10ThreeQuartersPow2(int e) => (int)(((e * 661_971_961_083L) - 274_743_187_321L) >> 41);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog2Pow10(int e) => (int)((e * 913_124_641_741L) >> 38);

    private static ExponentScale[] BuildScales()
    {
        var table = new ExponentScale[255];
        for (var biasedExponent = 1; biasedExponent < table.Length; biasedExponent++)
        {
            var q = biasedExponent - 150;
            var k = FloorLog10Pow2(q);
            table[biasedExponent] = new ExponentScale(PowersOfTen[-k - MinPowerOfTen], q + FloorLog2Pow10(-k) + 33, k);
        }

        return table;
    }

    /// <summary>g (the 63-bit power of ten), h (the shift that lines the significand up with it, 33 to 36) and k
    /// (the decimal exponent): 16 bytes, G at offset 0, H at 8 and K at 12.</summary>
    internal readonly record struct ExponentScale(ulong G, int H, int K);

    private static ulong[] BuildPowersOfTen()
    {
        var table = new ulong[MaxPowerOfTen - MinPowerOfTen + 1];
        for (var e = MinPowerOfTen; e <= MaxPowerOfTen; e++)
        {
            var shift = 62 - FloorLog2Pow10(e);
            BigInteger scaled;
            if (e >= 0)
            {
                var power = BigInteger.Pow(10, e);
                scaled = shift >= 0 ? power << shift : power >> -shift;
            }
            else
            {
                scaled = (BigInteger.One << shift) / BigInteger.Pow(10, -e);
            }

            table[e - MinPowerOfTen] = (ulong)scaled + 1;
        }

        return table;
    }
}

/// <summary>Significand · 10^Exponent: eight bytes, so it comes back in one register.</summary>
internal readonly record struct ShortestDecimal(uint Significand, int Exponent);
