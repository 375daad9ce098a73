using BenchmarkDotNet.Attributes;
using Toolkit.Kernels;

namespace Toolkit.Bench.Micro.Kernels;

/// <summary>
/// SGEMM on the widest tier the process has, under jobs that switch tiers through the environment
/// (default, DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0); each job's setup checks it got the tier it asked for.
/// </summary>
[Config(typeof(TierJobs.EnvironmentConfig))]
[BenchmarkCategory(Categories.Kernels, Categories.Gemm)]
public class Perf_GemmEnvironmentTiers : IDisposable
{
    private GemmOperands? operands;

    [Params(255, 256)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TierJobs.CheckExpectedTier();
        operands = new GemmOperands(Isa.Best, Size);
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
