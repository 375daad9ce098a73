using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

public class GraphOptimizerTests
{
    [Fact]
    public void MobileNetV1_folds_every_batch_norm_and_fuses_every_activation()
    {
        var graph = MobileNetV1.Build(ModelZoo.DefaultSeed);
        var optimized = GraphOptimizer.Optimize(graph);

        Assert.DoesNotContain(optimized.Nodes, n => n.OpType is OpTypes.BatchNorm or OpTypes.Activation);
        var convolutions = optimized.Nodes.Where(n => n.OpType == OpTypes.Conv2d).ToList();
        Assert.Equal(27, convolutions.Count);
        Assert.All(convolutions, c => Assert.Equal(Activation.Relu6, c.Attributes.Activation));
        Assert.All(convolutions, c => Assert.Equal(3, c.Inputs.Count));
        Assert.Equal(ShapeInference.Infer(graph)["output"], ShapeInference.Infer(optimized)["output"]);
    }

    [Fact]
    public void Optimizing_leaves_the_input_graph_unchanged_and_drops_unused_weights()
    {
        var graph = MobileNetV1.Build(ModelZoo.DefaultSeed);
        var before = graph.Nodes.Count;
        var optimized = GraphOptimizer.Optimize(graph);

        Assert.Equal(before, graph.Nodes.Count);
        var used = optimized.Nodes.SelectMany(n => n.Inputs).ToHashSet();
        Assert.All(optimized.Initializers.Keys, k => Assert.Contains(k, used));
        // Folding removes γ, β, μ, σ² (4 per channel) and adds one bias per channel.
        Assert.True(optimized.ParameterCount < graph.ParameterCount);
    }

    [Fact]
    public void Folded_weights_scale_each_output_channel()
    {
        var builder = new GraphBuilder("one_conv");
        var layers = new LayerBuilder(builder, new SeededRandom(1));
        var x = builder.Input("x", DataType.Float32, 1, 5, 5, 2);
        var (y, _) = layers.ConvBatchNorm(x, [1, 5, 5, 2], 3, 3, 3, 1, Activation.None, name: "c");
        var graph = builder.Build(y);

        var conv = GraphOptimizer.Optimize(graph).Nodes.Single();
        var folded = GraphOptimizer.Optimize(graph).Initializers[conv.Inputs[1]].AsSpan<float>().ToArray();
        var original = graph.Initializers["c/weights"].AsSpan<float>().ToArray();
        float Bn(string p, int c) => graph.Initializers[$"c/bn/{p}"].AsSpan<float>()[c];
        for (var e = 0; e < original.Length; e++)
        {
            var c = e % 3;
            var scale = Bn("gamma", c) / MathF.Sqrt(Bn("moving_variance", c) + LayerBuilder.BatchNormEpsilon);
            Assert.Equal(original[e] * scale, folded[e], 5);
        }
    }
}
