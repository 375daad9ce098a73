using Toolkit.Bench.TorchSharp;
using Toolkit.Bench.TorchSharp.Native;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// MobileNetV1 on libtorch (TorchSharp) against ONNX Runtime on the same graph and seeded input. Loading libtorch at
/// all is part of the test: on Debian 12 it needs the patch of libLibTorchSharp.so (LibTorchSharpCompatibility).
/// </summary>
public sealed class TorchSharpEngineTests : IClassFixture<MobileNetV1EngineTests.Reference>
{
    private readonly MobileNetV1EngineTests.Reference reference;

    public TorchSharpEngineTests(MobileNetV1EngineTests.Reference reference) => this.reference = reference;

    [Fact]
    public void Mobilenet_v1_matches_onnxruntime_on_one_thread() => AssertMatches(threads: 1);

    /// <summary>Where oneDNN would die of SIGFPE (<see cref="CpuCacheTopology"/>), the engine refuses, naming the cause.</summary>
    [Fact]
    public void Mobilenet_v1_on_two_threads_matches_onnxruntime_or_is_refused_where_onednn_would_crash()
    {
        if (CpuCacheTopology.Hidden)
        {
            var refusal = Assert.Throws<InvalidOperationException>(() => TorchSharpEngine.Create(reference.Graph, threads: 2));
            Assert.Contains("cache", refusal.Message, StringComparison.Ordinal);
            return;
        }

        AssertMatches(threads: 2);
    }

    private void AssertMatches(int threads)
    {
        using var engine = TorchSharpEngine.Create(reference.Graph, threads);
        var actual = EngineComparison.Run(engine, reference.Inputs);

        // The bound, as for our kernels: libtorch's oneDNN convolutions sum in other orders (and Winograd-free
        // direct or GEMM algorithms of their own choice) over 28 layers.
        var difference = TensorComparison.RelativeDifference(actual, reference.Expected);
        Assert.True(difference <= 1e-3, $"threads {threads}: rel diff {difference}");
        Assert.Equal(TensorComparison.ArgMax(reference.Expected), TensorComparison.ArgMax(actual));
    }
}
