using Toolkit.Kernels;
using Toolkit.Kernels.Gemm;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// Times SGEMM on one shape and tier: B pre-packed once (as inference packs its weights), seeded data, one warm-up
/// call, then samples of enough back-to-back calls to last about <see cref="SampleSeconds"/>. Each sample is paired
/// with a sample of the tier's FMA peak taken right before it, so the efficiency of a pair shares the same machine
/// state (clock, noisy neighbours); the medians of the samples and of the pairs' ratios are reported.
/// </summary>
public sealed class GemmTimer(int samples, double sampleSeconds)
{
    public int Samples { get; } = samples;

    public double SampleSeconds { get; } = sampleSeconds;

    public GemmTiming Measure(CpuContext cpu, GemmShape shape)
    {
        var a = Seeded(shape.M * shape.K, 1);
        var b = Seeded(shape.K * shape.N, 2);
        var bias = Seeded(shape.N, 3);
        var c = new float[shape.M * shape.N];
        using var packed = Sgemm.PackB(cpu.Isa, b, shape.K, shape.N, shape.N);

        void Call() => Sgemm.Multiply(cpu, shape.M, a, shape.K, packed, c, shape.N, bias, Activation.Relu6);

        var start = ThreadClock.NowSeconds();
        Call();
        var callSeconds = Math.Max(ThreadClock.NowSeconds() - start, 1e-7);
        var calls = (int)Math.Clamp(SampleSeconds / callSeconds, 1, 100_000);

        var gflops = new double[Samples];
        var peaks = new double[Samples];
        var efficiencies = new double[Samples];
        for (var s = 0; s < Samples; s++)
        {
            peaks[s] = FmaPeak.SampleGflops(cpu.Isa);
            start = ThreadClock.NowSeconds();
            for (var i = 0; i < calls; i++)
            {
                Call();
            }

            gflops[s] = shape.Flops * calls / (ThreadClock.NowSeconds() - start) / 1e9;
            efficiencies[s] = gflops[s] / peaks[s];
        }

        return new GemmTiming(Statistics.Median(gflops), Statistics.Median(peaks), Statistics.Median(efficiencies));
    }

    /// <summary>
    /// The median GFLOP/s of a peer's <paramref name="call"/> doing <paramref name="flops"/> operations, timed on the
    /// same thread clock (ONNX Runtime with one intra-op thread runs on the calling thread).
    /// </summary>
    public double MeasureGflops(double flops, Action call)
    {
        var start = ThreadClock.NowSeconds();
        call();
        var calls = (int)Math.Clamp(SampleSeconds / Math.Max(ThreadClock.NowSeconds() - start, 1e-7), 1, 100_000);
        var gflops = new double[Samples];
        for (var s = 0; s < Samples; s++)
        {
            start = ThreadClock.NowSeconds();
            for (var i = 0; i < calls; i++)
            {
                call();
            }

            gflops[s] = flops * calls / (ThreadClock.NowSeconds() - start) / 1e9;
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

/// <summary>Medians over the samples: GEMM GFLOP/s, the paired FMA-peak GFLOP/s, and the paired ratio.</summary>
public readonly record struct GemmTiming(double Gflops, double PeakGflops, double Efficiency);
