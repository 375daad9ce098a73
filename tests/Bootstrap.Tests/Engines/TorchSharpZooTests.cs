using Toolkit.Bench.TorchSharp;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>InceptionV3 on libtorch against ONNX Runtime: 1×7, 7×1 and 5×5 convolutions, average pooling with padding.</summary>
public sealed class TorchSharpInceptionV3Tests(InceptionV3EngineTests.Reference reference) : IClassFixture<InceptionV3EngineTests.Reference>
{
    [Fact]
    public void Matches_onnxruntime()
    {
        using var engine = TorchSharpEngine.Create(reference.Graph);
        var actual = EngineComparison.Run(engine, reference.Inputs);

        // The bound for the CNNs, as for our kernels.
        var difference = TensorComparison.RelativeDifference(actual, reference.Expected);
        Assert.True(difference <= 1e-3, $"rel diff {difference}");
        Assert.Equal(TensorComparison.ArgMax(reference.Expected), TensorComparison.ArgMax(actual));
    }
}

/// <summary>YOLOv5s on libtorch against ONNX Runtime: SiLU, C3, SPPF, upsample, concat and the Detect decode.</summary>
public sealed class TorchSharpYoloV5sTests(YoloV5sEngineTests.Reference reference) : IClassFixture<YoloV5sEngineTests.Reference>
{
    [Fact]
    public void Matches_onnxruntime()
    {
        using var engine = TorchSharpEngine.Create(reference.Graph);
        var actual = EngineComparison.Run(engine, reference.Inputs);

        // As for our kernels: the whole output (box sizes in pixels dominate) and, separately, the scores.
        var difference = TensorComparison.RelativeDifference(actual, reference.Expected);
        Assert.True(difference <= 1e-3, $"rel diff {difference}");
        var scores = TensorComparison.RelativeDifference(Scores(actual), Scores(reference.Expected));
        Assert.True(scores <= 1e-3, $"scores rel diff {scores}");
        Assert.Equal(TensorComparison.ArgMax(Scores(reference.Expected)), TensorComparison.ArgMax(Scores(actual)));
    }

    /// <summary>Columns 4–84 of every row: objectness and the 80 class scores.</summary>
    private static float[] Scores(float[] rows) =>
        [.. Enumerable.Range(0, rows.Length / YoloV5s.RowLength).SelectMany(r => rows.AsSpan((r * YoloV5s.RowLength) + 4, YoloV5s.RowLength - 4).ToArray())];
}
