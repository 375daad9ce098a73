using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Toolkit.Kernels.Quantized.Internal;

namespace Toolkit.Kernels.Quantized;

/// <summary>
/// The int8 tiers' compute peak, for benchmarks to measure kernels against: each tier's dot-product instruction on
/// <see cref="Chains"/> independent accumulators, so throughput, not latency, bounds it. The 512-bit VNNI loop is
/// emitted machine code like its kernel; the others are intrinsics. Timing is the caller's.
/// </summary>
public static unsafe class DotProductPeak
{
    /// <summary>Independent accumulators: 5-cycle latency × 2 ports, with margin, within sixteen registers.</summary>
    public const int Chains = 12;

    private static readonly delegate* unmanaged[SuppressGCTransition]<nint, void> Vnni512Loop =
        (delegate* unmanaged[SuppressGCTransition]<nint, void>)ExecutableMemory.TryLoad(Vnni512Code.EmitPeakLoop(Chains));

    /// <summary>Runs <paramref name="iterations"/> trips of the tier's loop and returns the multiply-adds it did.</summary>
    /// <exception cref="IsaNotSupportedException">The CPU or runtime cannot run <paramref name="isa"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="isa"/> is the scalar tier, which has no such instruction.</exception>
    public static long Run(Int8Isa isa, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        switch (Int8IsaSupport.Resolve(isa))
        {
            case Int8Isa.Scalar:
                throw new ArgumentException("The scalar int8 tier has no dot-product instruction to take a peak of.", nameof(isa));
            case Int8Isa.Avx2:
                _ = Avx2Loop(iterations);
                return (long)iterations * Chains * 32;
            case Int8Isa.AvxVnni:
                _ = AvxVnniLoop(iterations);
                return (long)iterations * Chains * 32;
            case Int8Isa.Avx512Bw:
                _ = Avx512BwLoop(iterations);
                return (long)iterations * Chains * 64;
            default:
                Vnni512Loop(iterations);
                return (long)iterations * Chains * 64;
        }
    }

    // Each loop: the same instruction sequence the tier's micro-kernel issues per four depth steps, on 12 accumulators.
    // One operand changes every trip, so nothing can be hoisted out of the loop; the sum is returned so nothing is dropped.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int AvxVnniLoop(int iterations)
    {
        var x = Vector256.Create((byte)1);
        var step = Vector256.Create((byte)1);
        var w = Vector256.Create((sbyte)3);
        Vector256<int> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<int> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0; i < iterations; i++)
        {
            x += step;
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, x, w); c1 = AvxVnni.MultiplyWideningAndAdd(c1, x, w); c2 = AvxVnni.MultiplyWideningAndAdd(c2, x, w);
            c3 = AvxVnni.MultiplyWideningAndAdd(c3, x, w); c4 = AvxVnni.MultiplyWideningAndAdd(c4, x, w); c5 = AvxVnni.MultiplyWideningAndAdd(c5, x, w);
            c6 = AvxVnni.MultiplyWideningAndAdd(c6, x, w); c7 = AvxVnni.MultiplyWideningAndAdd(c7, x, w); c8 = AvxVnni.MultiplyWideningAndAdd(c8, x, w);
            c9 = AvxVnni.MultiplyWideningAndAdd(c9, x, w); c10 = AvxVnni.MultiplyWideningAndAdd(c10, x, w); c11 = AvxVnni.MultiplyWideningAndAdd(c11, x, w);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Avx2Loop(int iterations)
    {
        var x = Vector256.Create((byte)1);
        var step = Vector256.Create((byte)1);
        var w = Vector256.Create((sbyte)3);
        var ones = Vector256.Create((short)1);
        Vector256<int> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<int> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0; i < iterations; i++)
        {
            // Each chain gets its own product (the micro-kernel's products differ per column), so none is shared.
            x += step;
            c0 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, w), ones); c1 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x + step, w), ones);
            c2 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, w + w), ones); c3 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x + step, w + w), ones);
            c4 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, -w), ones); c5 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x + step, -w), ones);
            c6 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, w - step.AsSByte()), ones); c7 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x + step, w - step.AsSByte()), ones);
            c8 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x, w + step.AsSByte()), ones); c9 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x + step, w + step.AsSByte()), ones);
            c10 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x - step, w), ones); c11 += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(x - step, -w), ones);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Avx512BwLoop(int iterations)
    {
        var x = Vector512.Create((byte)1);
        var step = Vector512.Create((byte)1);
        var w = Vector512.Create((sbyte)3);
        var ones = Vector512.Create((short)1);
        Vector512<int> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<int> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0; i < iterations; i++)
        {
            x += step;
            c0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, w), ones); c1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x + step, w), ones);
            c2 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, w + w), ones); c3 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x + step, w + w), ones);
            c4 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, -w), ones); c5 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x + step, -w), ones);
            c6 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, w - step.AsSByte()), ones); c7 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x + step, w - step.AsSByte()), ones);
            c8 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x, w + step.AsSByte()), ones); c9 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x + step, w + step.AsSByte()), ones);
            c10 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x - step, w), ones); c11 += Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(x - step, -w), ones);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
