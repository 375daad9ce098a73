using Toolkit.Kernels;
using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Quantized;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// One engine's GEMM on one shape, ready to call: a tier of our kernels (B pre-packed once, as inference packs its
/// weights, with the tier's peak to pair each sample with: FMA for SGEMM, the dot-product instruction for int8) or a
/// peer engine (no peak of its own).
/// </summary>
public sealed class GemmContestant : IDisposable
{
    private readonly IDisposable[] owned;

    public GemmContestant(string kernel, string isa, Func<double>? samplePeak, Action call, params IDisposable[] owned)
    {
        Kernel = kernel;
        Isa = isa;
        SamplePeak = samplePeak;
        Call = call;
        this.owned = owned;
    }

    /// <summary>The row's kernel field: <c>sgemm</c> or <c>int8gemm</c>.</summary>
    public string Kernel { get; }

    /// <summary>The row's isa field: a tier name, or the peer's name.</summary>
    public string Isa { get; }

    /// <summary>One sample of the tier's peak in G(FL)OP/s, taken right before each of this contestant's samples; null for a peer.</summary>
    public Func<double>? SamplePeak { get; }

    public Action Call { get; }

    /// <summary>Our kernels on <paramref name="isa"/>, single thread: seeded A, B and bias, with a bias + ReLU6 epilogue.</summary>
    public static GemmContestant Ours(Isa isa, GemmShape shape)
    {
        var a = Seeded(shape.M * shape.K, 1);
        var b = Seeded(shape.K * shape.N, 2);
        var bias = Seeded(shape.N, 3);
        var c = new float[shape.M * shape.N];
        var cpu = CpuContext.Create(isa, 1);
        var packed = Sgemm.PackB(isa, b, shape.K, shape.N, shape.N);
        return new GemmContestant("sgemm", IsaSupport.Name(isa), () => FmaPeak.SampleGflops(isa), () => Sgemm.Multiply(cpu, shape.M, a, shape.K, packed, c, shape.N, bias, Activation.Relu6), packed, cpu);
    }

    /// <summary>
    /// Our int8 GEMM on <paramref name="isa"/>, single thread: seeded u8 activations and s8 weights (7-bit on the
    /// vpmaddubsw tiers), requantized to u8 with a per-channel bias and ReLU6, the epilogue a quantized convolution runs.
    /// </summary>
    public static GemmContestant Int8(Int8Isa isa, GemmShape shape)
    {
        var random = new Random(4);
        var a = new byte[shape.M * shape.K];
        random.NextBytes(a);
        var limit = Int8IsaSupport.NeedsNarrowWeights(isa) ? Int8IsaSupport.NarrowWeightMax : sbyte.MaxValue;
        var b = new sbyte[shape.K * shape.N];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = (sbyte)random.Next(-limit, limit + 1);
        }

        var scales = Enumerable.Range(0, shape.N).Select(_ => 0.002f + (0.01f * random.NextSingle())).ToArray();
        var bias = Seeded(shape.N, 5);
        var requantization = Requantization.Create(shape.N, 0.02f, 128, scales, bias, 0.05f, 0, Activation.Relu6);
        var c = new byte[shape.M * shape.N];
        var cpu = CpuContext.Create(Toolkit.Kernels.Isa.Scalar, 1, isa);
        var packed = Int8Gemm.PackB(isa, b, shape.K, shape.N, shape.N);
        Func<double>? peak = Int8Peak.Has(isa) ? () => Int8Peak.SampleGops(isa) : null;
        return new GemmContestant("int8gemm", Int8IsaSupport.Name(isa), peak, () => Int8Gemm.Multiply(cpu, shape.M, a, shape.K, packed, requantization, c, shape.N), packed, cpu);
    }

    public void Dispose()
    {
        foreach (var resource in owned)
        {
            resource.Dispose();
        }
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
