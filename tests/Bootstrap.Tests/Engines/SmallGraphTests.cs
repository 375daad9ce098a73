using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>Small graphs that exercise one operation each, on our kernels against ONNX Runtime.</summary>
public class SmallGraphTests
{
    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Dense_layers_with_activations_and_softmax_match_onnxruntime(Isa isa)
    {
        var graph = new GraphBuilder("dense");
        var layers = new LayerBuilder(graph, new SeededRandom(3));
        var x = graph.Input("x", DataType.Float32, 3, 37);
        var h = layers.Dense(x, 37, 53, Activation.Relu6, "hidden");
        var g = layers.Dense(h, 53, 29, Activation.Gelu, "gelu");
        var s = layers.Dense(g, 29, 17, Activation.Silu, "silu");
        var logits = layers.Dense(s, 17, 11, Activation.None, "logits");
        graph.Add(OpTypes.Softmax, [logits], nodeName: "y");
        var model = graph.Build("y");

        var inputs = SeededInputs.For(model.Inputs, 4);
        var expected = EngineComparison.RunOnnxRuntime(model, inputs);
        var actual = EngineComparison.RunKernels(model, inputs, isa);

        Assert.True(TensorComparison.RelativeDifference(actual, expected) <= 1e-4, $"rel diff {TensorComparison.RelativeDifference(actual, expected)}");
    }

    [Fact]
    public void Onnx_export_keeps_the_models_signature()
    {
        var model = MobileNetV1.Build(ModelZoo.DefaultSeed);
        using var engine = Toolkit.Bootstrap.Engines.OnnxRuntimeEngine.Open(Toolkit.Serialization.Onnx.OnnxExporter.Export(model));

        Assert.Equal("input", engine.Inputs.Single().Name);
        Assert.Equal([1, 224, 224, 3], engine.Inputs.Single().Shape);
        Assert.Equal("output", engine.Outputs.Single().Name);
        Assert.Equal([1, 1001], engine.Outputs.Single().Shape);
    }

    [Fact]
    public void Onnxruntime_rejects_a_wrong_shape_by_name()
    {
        var model = MobileNetV1.Build(ModelZoo.DefaultSeed);
        using var engine = Toolkit.Bootstrap.Engines.OnnxRuntimeEngine.Open(Toolkit.Serialization.Onnx.OnnxExporter.Export(model));
        var error = Assert.Throws<ArgumentException>(() => engine.Run([Tensor.Zeros(DataType.Float32, 1, 10, 10, 3)], [Tensor.Zeros(DataType.Float32, 1, 1001)]));
        Assert.Contains("input", error.Message, StringComparison.Ordinal);
    }
}
