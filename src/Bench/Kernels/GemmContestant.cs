using Toolkit.Kernels;
using Toolkit.Kernels.Gemm;

namespace Toolkit.Bench.Kernels;

/// <summary>
/// One engine's GEMM on one shape, ready to call: a tier of our kernels (B pre-packed once, as inference packs its
/// weights, with the tier's FMA peak to pair each sample with) or a peer engine (no peak of its own).
/// </summary>
public sealed class GemmContestant : IDisposable
{
    private readonly IDisposable[] owned;

    public GemmContestant(string isa, Isa? peakTier, Action call, params IDisposable[] owned)
    {
        Isa = isa;
        PeakTier = peakTier;
        Call = call;
        this.owned = owned;
    }

    /// <summary>The row's isa field: a tier name, or the peer's name.</summary>
    public string Isa { get; }

    /// <summary>The tier whose FMA peak each sample is paired with; null for a peer.</summary>
    public Isa? PeakTier { get; }

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
        return new GemmContestant(IsaSupport.Name(isa), isa, () => Sgemm.Multiply(cpu, shape.M, a, shape.K, packed, c, shape.N, bias, Activation.Relu6), packed, cpu);
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
