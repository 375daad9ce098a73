using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// The layers InceptionV3 and YOLOv5s added, in combinations the two models do not reach (asymmetric pool padding,
/// average pooling that counts padding, a stride-2 SAME convolution feeding a pool), on our kernels against ONNX
/// Runtime running the exported graph.
/// </summary>
public class LayerGraphTests
{
    private static readonly int[] Anchors = [10, 13, 16, 30, 33, 23];

    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Pools_concat_upsample_add_and_mul_match_onnxruntime(Isa isa)
    {
        var graph = new GraphBuilder("layers");
        var layers = new LayerBuilder(graph, new SeededRandom(21));
        var x = graph.Input("x", DataType.Float32, 1, 11, 10, 6);
        var stem = layers.ConvBatchNorm(x, [1, 11, 10, 6], 8, 3, 3, 2, Activation.Silu, name: "stem");
        var max = layers.Pool(OpTypes.MaxPool, stem.Output, stem.Shape, 3, 1, [0, 1, 2, 1], "max");
        var averageReal = layers.Pool(OpTypes.AveragePool, stem.Output, stem.Shape, 3, 1, [1, 1, 1, 1], "average_real");
        var averagePadded = layers.Pool(OpTypes.AveragePool, stem.Output, stem.Shape, 3, 1, [1, 1, 1, 1], "average_padded", countIncludePad: true);
        var joined = layers.ConcatChannels([averageReal, averagePadded, layers.Pool(OpTypes.MaxPool, stem.Output, stem.Shape, 3, 1, [1, 1, 1, 1], "max_same")], "joined");
        var mixed = layers.ConvBatchNorm(joined.Output, joined.Shape, 8, 1, 7, 1, Activation.Relu, name: "mixed");
        var sum = graph.Add(OpTypes.Add, [mixed.Output, stem.Output], nodeName: "sum");
        var product = graph.Add(OpTypes.Mul, [sum, stem.Output], nodeName: "product");
        graph.Add(OpTypes.Upsample, [product], new NodeAttributes { { "factor", 2 } }, "y");
        Compare(graph.Build("y", max.Output), isa, 1e-5);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Two_detect_levels_joined_along_boxes_match_onnxruntime(Isa isa)
    {
        var graph = new GraphBuilder("detect");
        var layers = new LayerBuilder(graph, new SeededRandom(22));
        var x = graph.Input("x", DataType.Float32, 1, 8, 6, 4);
        var fine = layers.ConvBatchNorm(x, [1, 8, 6, 4], 16, 3, 3, 1, Activation.Silu, name: "fine");
        var coarse = layers.ConvBatchNorm(fine.Output, fine.Shape, 16, 3, 3, 2, [1, 1, 1, 1], Activation.Silu, name: "coarse");
        string Level((string Output, int[] Shape) input, int stride, string name)
        {
            var head = layers.PointwiseConvWithBias(input.Output, input.Shape, 3 * 9, new float[3 * 9], name);
            return graph.Add(OpTypes.YoloDetect, [head.Output], new NodeAttributes { { "anchors", Anchors }, { "stride", stride } }, $"{name}/decode");
        }

        graph.Add(OpTypes.Concat, [Level(fine, 8, "p3"), Level(coarse, 16, "p4")], new NodeAttributes { { "axis", 1 } }, "boxes");
        Compare(graph.Build("boxes"), isa, 1e-5);
    }

    /// <summary>Every output of <paramref name="model"/> within <paramref name="tolerance"/> of ONNX Runtime's, relative to its largest value.</summary>
    private static void Compare(ModelGraph model, Isa isa, double tolerance)
    {
        var inputs = SeededInputs.For(model.Inputs, 5);
        using var ort = Toolkit.Bootstrap.Engines.OnnxRuntimeEngine.Open(Toolkit.Serialization.Onnx.OnnxExporter.Export(model));
        using var ours = Toolkit.Kernels.Engines.KernelsEngine.Create(model, isa);
        var expected = SeededInputs.OutputsFor(ort.Outputs);
        var actual = SeededInputs.OutputsFor(ours.Outputs);
        ort.Run(inputs, expected);
        ours.Run(inputs, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Shape, actual[i].Shape);
            var difference = TensorComparison.RelativeDifference(actual[i].AsSpan<float>(), expected[i].AsSpan<float>());
            Assert.True(difference <= tolerance, $"{model.Outputs[i]} on {isa}: rel diff {difference}");
        }
    }
}
