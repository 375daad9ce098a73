using BenchmarkDotNet.Attributes;
using Toolkit.Kernels;

namespace Toolkit.Bench.Micro.Kernels;

/// <summary>
/// SGEMM (B pre-packed, bias + ReLU6 epilogue), one thread, per ISA tier chosen in process. Sizes pair an aligned 256
/// with an odd 255, so the edge tiles are measured too.
/// </summary>
[Config(typeof(TierJobs.InProcessConfig))]
[BenchmarkCategory(Categories.Kernels, Categories.Gemm)]
public class Perf_Gemm : IDisposable
{
    private GemmOperands? operands;

    [Params(Isa.Scalar, Isa.Vector128, Isa.Avx2, Isa.Avx512)]
    public Isa Tier { get; set; }

    [Params(255, 256)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TierJobs.CheckExpectedTier();
        // Throws IsaNotSupportedException, naming the tier, when this CPU lacks it: that case fails, the others run.
        operands = new GemmOperands(Tier, Size);
    }

    [Benchmark]
    public float Multiply() => operands!.Multiply();

    [GlobalCleanup]
    public void Dispose()
    {
        operands?.Dispose();
        GC.SuppressFinalize(this);
    }
}
