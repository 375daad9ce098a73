using Toolkit.Bench.TorchSharp;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// BERT on libtorch against ONNX Runtime on the same seeded review, compared on the logits (exposed as a first output)
/// and the probabilities: the tiny configuration, and BERT-base once (about 2 s on libtorch; ONNX Runtime's reference
/// is built once per class).
/// </summary>
public sealed class TorchSharpBertTests(BertEngineTests.FullReference full) : IClassFixture<BertEngineTests.FullReference>
{
    /// <summary>
    /// The bound, as for our kernels: MKL's GEMM and ATen's softmax, layer norm and erf sum in their own orders
    /// through every block; the logits agree to about 1e-5 relative to the largest.
    /// </summary>
    private const double Tolerance = 1e-3;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_tiny_model_matches_onnxruntime(int threads)
    {
        var graph = BertEngineTests.WithLogits(BertBase.Build(BertConfig.Tiny, 7));
        var inputs = SeededInputs.For(graph.Inputs, 11);
        var expected = BertEngineTests.RunOnnxRuntime(graph, inputs);

        AssertClose(expected, RunTorchSharp(graph, inputs, threads), $"tiny x{threads}");
    }

    [Fact]
    public void Bert_base_matches_onnxruntime() =>
        AssertClose(full.Expected, RunTorchSharp(full.Graph, full.Inputs, 2), "bert_base");

    /// <summary>
    /// The feed-forward's GELU is the exact erf form, as our <c>GeluOperator</c> computes it, not PyTorch's tanh
    /// approximation, which is up to about 5e-4 off near |x| = 2: the bound here is far below that gap.
    /// </summary>
    [Fact]
    public void Gelu_is_the_erf_form()
    {
        var builder = new GraphBuilder("gelu");
        var x = builder.Input("x", DataType.Float32, [1, 241]);
        builder.Add(OpTypes.Activation, [x], new NodeAttributes { { "activation", nameof(Activation.Gelu) } }, "gelu");
        var graph = builder.Build("gelu");
        Tensor[] inputs = [Tensor.From<float>([.. Enumerable.Range(0, 241).Select(i => (i - 120) / 20f)], [1, 241])];

        using var engine = TorchSharpEngine.Create(graph);
        var actual = EngineComparison.Run(engine, inputs);
        var expected = EngineComparison.RunKernels(graph, inputs, Isa.Scalar);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"x = {inputs[0].AsSpan<float>()[i]}: libtorch {actual[i]}, kernels {expected[i]}");
        }
    }

    private static float[][] RunTorchSharp(ModelGraph graph, Tensor[] inputs, int threads)
    {
        using var engine = TorchSharpEngine.Create(graph, threads);
        var outputs = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        engine.Run(inputs, outputs);
        return [.. outputs.Select(o => o.AsSpan<float>().ToArray())];
    }

    private static void AssertClose(float[][] expected, float[][] actual, string context)
    {
        var logits = TensorComparison.RelativeDifference(actual[0], expected[0]);
        var probabilities = TensorComparison.RelativeDifference(actual[1], expected[1]);
        Assert.True(logits <= Tolerance, $"{context}: logits rel diff {logits}");
        Assert.True(probabilities <= Tolerance, $"{context}: probabilities rel diff {probabilities}");
        Assert.Equal(TensorComparison.ArgMax(expected[1]), TensorComparison.ArgMax(actual[1]));
    }
}
