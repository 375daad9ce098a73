using Toolkit.Bench.Reporting;
using Toolkit.Bench.TorchSharp;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// A torchsharp child process per ISA tier, as table3 runs them: each must run the kernels of its tier (oneDNN's verbose
/// record names them) and still match ONNX Runtime on MobileNetV1.
/// </summary>
public sealed class TorchSharpIsaChildTests : IClassFixture<MobileNetV1EngineTests.Reference>, IDisposable
{
    private readonly float[] expected;
    private readonly string modelFile = Path.Combine(Path.GetTempPath(), $"torchsharp-test-{Guid.NewGuid():N}{ModelFile.Extension}");

    public TorchSharpIsaChildTests(MobileNetV1EngineTests.Reference reference)
    {
        // The child feeds the seeded input table3 uses (seed 1), not the fixture's.
        expected = EngineComparison.RunOnnxRuntime(reference.Graph, SeededInputs.For(reference.Graph.Inputs));
        ModelFile.Write(GraphOptimizer.Optimize(reference.Graph), modelFile);
    }

    public static TheoryData<string> Tiers => [.. TorchSharpIsa.Available];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Each_tier_runs_its_own_kernels_and_matches_onnxruntime(string tier)
    {
        var run = TorchSharpChild.Run(modelFile, tier, threads: 1, quick: true);
        var kernels = run.Kernels;

        Assert.True(kernels.OneDnnKernels.Count > 0, $"{tier}: no oneDNN kernel recorded: {kernels}");
        if (tier == TorchSharpIsa.Avx2)
        {
            // The cap holds for every library: oneDNN reports AVX2 as its ceiling and names AVX2 kernels, and MKL (the
            // single-thread 1×1 convolutions' GEMM) reports AVX2. On other vendors' CPUs MKL's banner names no ISA
            // ("Intel(R) Architecture processors"), so there only its presence is checked.
            Assert.Contains("AVX2", kernels.OneDnnIsa ?? "", StringComparison.Ordinal);
            Assert.False(kernels.UsedAvx512, $"avx2 child ran AVX-512 kernels: {kernels}");
            Assert.Contains(kernels.OneDnnKernels.Keys, k => k.EndsWith(":avx2", StringComparison.Ordinal));
            Assert.Contains(MachineInfo.Current().CpuModel.Contains("Intel", StringComparison.Ordinal) ? "AVX2" : "Intel(R) Architecture processors", kernels.MklIsa ?? "", StringComparison.Ordinal);
            Assert.Equal("avx2", kernels.AtenCapability);
        }
        else
        {
            Assert.True(kernels.UsedAvx512, $"avx512 child ran no AVX-512 kernel: {kernels}");
        }

        var difference = TensorComparison.RelativeDifference(run.Output, expected);
        Assert.True(difference <= 1e-3, $"{tier}: rel diff {difference}");
        Assert.Equal(TensorComparison.ArgMax(expected), TensorComparison.ArgMax(run.Output));
        Assert.NotEmpty(run.Samples.SamplesMs);

        // libtorch's float32 GEMM (the classifier's linear) is MKL's SGEMM, which only MKL's own verbose lines show.
        Assert.Contains("SGEMM", kernels.MklCalls.Keys);
        Assert.True(run.MatmulGflops > 0, $"{tier}: matmul probe gave {run.MatmulGflops} GFLOP/s");
    }

    public void Dispose() => File.Delete(modelFile);
}
