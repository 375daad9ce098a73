using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Toolkit.Kernels;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// A tier's single-core compute peak, measured rather than taken from a data sheet: a loop of fused multiply-adds at
/// the tier's vector width on independent accumulators, so throughput, not latency, bounds it. The efficiency of a
/// kernel is its GFLOP/s divided by this, measured in the same run on the same (possibly down-clocked) core.
/// </summary>
public static class FmaPeak
{
    /// <summary>
    /// Independent accumulator chains: FMA latency (4 cycles) × FMA ports (2) = 8 chains saturate the ports; 12 leave
    /// margin, and with the two multiplicands still fit in the 16 registers of SSE and AVX2.
    /// </summary>
    private const int Chains = 12;

    /// <summary>Loop trips per timed call: about a millisecond at peak, long enough to swamp timer overhead.</summary>
    private const int Iterations = 200_000;

    /// <summary>Untimed run-in before each sample: longer than the couple of milliseconds a core keeps a wide-vector clock licence.</summary>
    private const double LeadInSeconds = 0.004;

    /// <summary>
    /// One timed run of the tier's FMA loop (about a millisecond), in GFLOP/s of <see cref="ThreadClock"/> time, after
    /// <see cref="LeadInSeconds"/> of the same loop untimed. The core changes its clock with the widest vectors it ran
    /// in the last milliseconds: right after another tier's sample (or ONNX Runtime's AVX-512), a peak measured without
    /// the lead-in came out as low as 0.78 of its settled value, and the paired efficiency above 1.
    /// </summary>
    public static double SampleGflops(Isa isa)
    {
        var (loop, lanes) = Loop(isa);
        return SampleGiga(iterations => loop(iterations) is var _ ? 2.0 * Chains * lanes * iterations : 0, Iterations);
    }

    /// <summary>
    /// One timed run of <paramref name="run"/> (which returns the operations it did) over <paramref name="iterations"/>
    /// trips, in giga-operations per second of <see cref="ThreadClock"/> time, after <see cref="LeadInSeconds"/> of the
    /// same loop untimed: the lead-in every peak loop (FMA or int8 dot products) shares.
    /// </summary>
    public static double SampleGiga(Func<int, double> run, int iterations)
    {
        var settled = ThreadClock.NowSeconds() + LeadInSeconds;
        while (ThreadClock.NowSeconds() < settled)
        {
            run(iterations / 8);
        }

        var start = ThreadClock.NowSeconds();
        var operations = run(iterations);
        return operations / (ThreadClock.NowSeconds() - start) / 1e9;
    }

    /// <summary>Compiles and runs every tier's loop once, so no sample pays for the JIT.</summary>
    public static void WarmUp()
    {
        foreach (var isa in IsaSupport.Available)
        {
            Loop(isa).Run(Iterations);
        }
    }

    private static (Func<int, float> Run, int Lanes) Loop(Isa isa) => isa switch
    {
        Isa.Scalar => (ScalarLoop, 1),
        Isa.Vector128 => (Vector128Loop, Vector128<float>.Count),
        Isa.Avx2 => (Vector256Loop, Vector256<float>.Count),
        Isa.Avx512 => (Vector512Loop, Vector512<float>.Count),
        _ => throw new ArgumentOutOfRangeException(nameof(isa), isa, "Resolve the tier first."),
    };

    // Each loop body: 12 independent accumulators, one FMA each per trip. The multiplier is just below 1 so values stay
    // finite; the sum is returned so the JIT cannot drop the loop.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float ScalarLoop(int iterations)
    {
        float x = 0.999999f, y = 1e-7f;
        float c0 = 0, c1 = 1, c2 = 2, c3 = 3, c4 = 4, c5 = 5, c6 = 6, c7 = 7, c8 = 8, c9 = 9, c10 = 10, c11 = 11;
        for (var i = 0; i < iterations; i++)
        {
            c0 = MathF.FusedMultiplyAdd(c0, x, y); c1 = MathF.FusedMultiplyAdd(c1, x, y); c2 = MathF.FusedMultiplyAdd(c2, x, y);
            c3 = MathF.FusedMultiplyAdd(c3, x, y); c4 = MathF.FusedMultiplyAdd(c4, x, y); c5 = MathF.FusedMultiplyAdd(c5, x, y);
            c6 = MathF.FusedMultiplyAdd(c6, x, y); c7 = MathF.FusedMultiplyAdd(c7, x, y); c8 = MathF.FusedMultiplyAdd(c8, x, y);
            c9 = MathF.FusedMultiplyAdd(c9, x, y); c10 = MathF.FusedMultiplyAdd(c10, x, y); c11 = MathF.FusedMultiplyAdd(c11, x, y);
        }

        return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector128Loop(int iterations)
    {
        Vector128<float> x = Vector128.Create(0.999999f), y = Vector128.Create(1e-7f);
        Vector128<float> c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y, c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (var i = 0; i < iterations; i++)
        {
            // MultiplyAddEstimate, as the Vector128 GEMM tile uses: one FMA where the CPU has it.
            c0 = Vector128.MultiplyAddEstimate(c0, x, y); c1 = Vector128.MultiplyAddEstimate(c1, x, y); c2 = Vector128.MultiplyAddEstimate(c2, x, y);
            c3 = Vector128.MultiplyAddEstimate(c3, x, y); c4 = Vector128.MultiplyAddEstimate(c4, x, y); c5 = Vector128.MultiplyAddEstimate(c5, x, y);
            c6 = Vector128.MultiplyAddEstimate(c6, x, y); c7 = Vector128.MultiplyAddEstimate(c7, x, y); c8 = Vector128.MultiplyAddEstimate(c8, x, y);
            c9 = Vector128.MultiplyAddEstimate(c9, x, y); c10 = Vector128.MultiplyAddEstimate(c10, x, y); c11 = Vector128.MultiplyAddEstimate(c11, x, y);
        }

        return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector256Loop(int iterations)
    {
        Vector256<float> x = Vector256.Create(0.999999f), y = Vector256.Create(1e-7f);
        Vector256<float> c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y, c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (var i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, x, y); c1 = Vector256.FusedMultiplyAdd(c1, x, y); c2 = Vector256.FusedMultiplyAdd(c2, x, y);
            c3 = Vector256.FusedMultiplyAdd(c3, x, y); c4 = Vector256.FusedMultiplyAdd(c4, x, y); c5 = Vector256.FusedMultiplyAdd(c5, x, y);
            c6 = Vector256.FusedMultiplyAdd(c6, x, y); c7 = Vector256.FusedMultiplyAdd(c7, x, y); c8 = Vector256.FusedMultiplyAdd(c8, x, y);
            c9 = Vector256.FusedMultiplyAdd(c9, x, y); c10 = Vector256.FusedMultiplyAdd(c10, x, y); c11 = Vector256.FusedMultiplyAdd(c11, x, y);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Vector512Loop(int iterations)
    {
        Vector512<float> x = Vector512.Create(0.999999f), y = Vector512.Create(1e-7f);
        Vector512<float> c0 = y, c1 = y, c2 = y, c3 = y, c4 = y, c5 = y, c6 = y, c7 = y, c8 = y, c9 = y, c10 = y, c11 = y;
        for (var i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, x, y); c1 = Vector512.FusedMultiplyAdd(c1, x, y); c2 = Vector512.FusedMultiplyAdd(c2, x, y);
            c3 = Vector512.FusedMultiplyAdd(c3, x, y); c4 = Vector512.FusedMultiplyAdd(c4, x, y); c5 = Vector512.FusedMultiplyAdd(c5, x, y);
            c6 = Vector512.FusedMultiplyAdd(c6, x, y); c7 = Vector512.FusedMultiplyAdd(c7, x, y); c8 = Vector512.FusedMultiplyAdd(c8, x, y);
            c9 = Vector512.FusedMultiplyAdd(c9, x, y); c10 = Vector512.FusedMultiplyAdd(c10, x, y); c11 = Vector512.FusedMultiplyAdd(c11, x, y);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
