using Toolkit.Bench.TorchSharp;
using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// MobileNetV1 on libtorch (TorchSharp) against ONNX Runtime on the same graph and seeded input. Loading libtorch at
/// all is part of the test: on Debian 12 it needs the build's patch of libLibTorchSharp.so.
/// </summary>
public sealed class TorchSharpEngineTests : IClassFixture<MobileNetV1EngineTests.Reference>
{
    private readonly MobileNetV1EngineTests.Reference reference;

    public TorchSharpEngineTests(MobileNetV1EngineTests.Reference reference) => this.reference = reference;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Mobilenet_v1_matches_onnxruntime(int threads)
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
