using System.Diagnostics;
using Toolkit.Kernels;
using Toolkit.Kernels.Gemm;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// Times SGEMM on one shape and tier: B pre-packed once (as inference packs its weights), seeded data, one warm-up
/// call, then the median over samples of enough back-to-back calls to last <see cref="SampleSeconds"/>.
/// </summary>
public sealed class GemmTimer(int samples, double sampleSeconds)
{
    public int Samples { get; } = samples;

    public double SampleSeconds { get; } = sampleSeconds;

    public double MeasureGflops(CpuContext cpu, GemmShape shape)
    {
        var a = Seeded(shape.M * shape.K, 1);
        var b = Seeded(shape.K * shape.N, 2);
        var bias = Seeded(shape.N, 3);
        var c = new float[shape.M * shape.N];
        using var packed = Sgemm.PackB(cpu.Isa, b, shape.K, shape.N, shape.N);

        return MeasureGflops(shape.Flops, () => Sgemm.Multiply(cpu, shape.M, a, shape.K, packed, c, shape.N, bias, Activation.Relu6));
    }

    /// <summary>The median GFLOP/s of <paramref name="call"/>, which does <paramref name="flops"/> floating-point operations.</summary>
    public double MeasureGflops(double flops, Action call)
    {
        var start = Stopwatch.GetTimestamp();
        call();
        var callSeconds = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-7);
        var calls = (int)Math.Clamp(SampleSeconds / callSeconds, 1, 100_000);

        var gflops = new double[Samples];
        for (var s = 0; s < Samples; s++)
        {
            start = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                call();
            }

            gflops[s] = flops * calls / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
        }

        return Statistics.Median(gflops);
    }

    private static float[] Seeded(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
