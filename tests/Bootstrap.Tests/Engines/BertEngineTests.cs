using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// BERT on our kernels against ONNX Runtime on the same seeded review: the tiny configuration on every tier, the full
/// BERT-base on the best tier only (one inference is about 94 GFLOPs). Both compare the logits (the graph's value before
/// the softmax, exposed as a second output), since two probabilities near ½ would hide an error in the logits.
/// </summary>
public sealed class BertEngineTests(BertEngineTests.FullReference full) : IClassFixture<BertEngineTests.FullReference>
{
    /// <summary>
    /// The bound. Twelve blocks of float sums in different orders (our packed GEMM against MLAS, our A&amp;S erf
    /// against ONNX Runtime's) keep the logits within about 1e-5 of each other relative to the largest; 1e-3 leaves room.
    /// </summary>
    private const double Tolerance = 1e-3;

    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void The_tiny_model_matches_onnxruntime_on_every_tier(Isa isa)
    {
        var graph = WithLogits(BertBase.Build(BertConfig.Tiny, 7));
        var inputs = SeededInputs.For(graph.Inputs, 11);
        var expected = RunOnnxRuntime(graph, inputs);
        var actual = RunKernels(graph, inputs, isa, 1);

        AssertClose(expected, actual, isa.ToString());
    }

    [Fact]
    public void Bert_base_matches_onnxruntime_on_the_best_tier()
    {
        var actual = RunKernels(full.Graph, full.Inputs, Isa.Best, 1);
        AssertClose(full.Expected, actual, "bert_base");

        // The seeded model is not saturated: the logits differ, and neither class gets all the probability.
        Assert.True(Math.Abs(full.Expected[0][0] - full.Expected[0][1]) > 1e-3, $"logits {full.Expected[0][0]}, {full.Expected[0][1]}");
        Assert.InRange(full.Expected[1][0], 0.01f, 0.99f);
    }

    [Fact]
    public void Bert_base_gives_the_same_bits_on_two_threads()
    {
        var one = RunKernels(full.Graph, full.Inputs, Isa.Best, 1);
        var two = RunKernels(full.Graph, full.Inputs, Isa.Best, 2);
        Assert.Equal(one[0], two[0]);
        Assert.Equal(one[1], two[1]);
    }

    private static void AssertClose(float[][] expected, float[][] actual, string context)
    {
        var logits = TensorComparison.RelativeDifference(actual[0], expected[0]);
        var probabilities = TensorComparison.RelativeDifference(actual[1], expected[1]);
        Assert.True(logits <= Tolerance, $"{context}: logits rel diff {logits}");
        Assert.True(probabilities <= Tolerance, $"{context}: probabilities rel diff {probabilities}");
        Assert.Equal(TensorComparison.ArgMax(expected[1]), TensorComparison.ArgMax(actual[1]));
    }

    /// <summary>The same graph with the logits as a first output, beside the probabilities.</summary>
    internal static ModelGraph WithLogits(ModelGraph graph) =>
        new(graph.Name, graph.Inputs, graph.Nodes, graph.Initializers, [BertBase.LogitsName, BertBase.OutputName]);

    internal static float[][] RunOnnxRuntime(ModelGraph graph, Tensor[] inputs)
    {
        using var engine = OnnxRuntimeEngine.Open(OnnxExporter.Export(graph));
        return Run(engine, inputs);
    }

    private static float[][] RunKernels(ModelGraph graph, Tensor[] inputs, Isa isa, int threads)
    {
        using var engine = KernelsEngine.Create(graph, isa, threads);
        return Run(engine, inputs);
    }

    private static float[][] Run(IInferenceEngine engine, Tensor[] inputs)
    {
        var outputs = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        engine.Run(inputs, outputs);
        return [.. outputs.Select(o => o.AsSpan<float>().ToArray())];
    }

    /// <summary>BERT-base with its logits exposed, the seeded review, and ONNX Runtime's outputs on it: built once.</summary>
    public sealed class FullReference
    {
        public FullReference()
        {
            Graph = WithLogits(ModelZoo.Build(BertBase.Name));
            Inputs = SeededInputs.For(Graph.Inputs, 11);
            Expected = RunOnnxRuntime(Graph, Inputs);
        }

        public ModelGraph Graph { get; }

        public Tensor[] Inputs { get; }

        public float[][] Expected { get; }
    }
}
