using Toolkit.Bench.ColdStart;
using Toolkit.Bench.HeavyStack;
using Toolkit.Bench.Models;
using Toolkit.Bootstrap.Tests.Engines;
using Toolkit.Bootstrap.Tests.HeavyStack.Infrastructure;
using Toolkit.Bootstrap.Tests.Report;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Xunit.Abstractions;

namespace Toolkit.Bootstrap.Tests.HeavyStack;

/// <summary>
/// The Python engine (<c>torch_graph.py</c>, behind <c>serve.py</c>'s Cloud Run host) against our kernels: each zoo
/// model's optimized graph exported as a <c>.torchgraph</c>, the harness's first request (the seeded input in the
/// KServe binary extension), and every output of the response compared with the kernels' on the same input. BERT
/// exposes its logits as a first output, since a 2-way softmax hides most differences.
/// </summary>
public sealed class PythonTorchEngineTests(ITestOutputHelper output)
{
    /// <summary>
    /// The bound, as for the TorchSharp and ONNX Runtime cross-checks: oneDNN's convolutions and OpenBLAS's
    /// GEMM sum in orders of their own through every layer.
    /// </summary>
    private const double Tolerance = 1e-3;

    [PythonTorchTheory]
    [InlineData(MobileNetV1.Name)]
    [InlineData(BertBase.Name)]
    [InlineData(InceptionV3.Name)]
    [InlineData(YoloV5s.Name)]
    public async Task The_python_engine_matches_our_kernels(string model)
    {
        var plain = ModelArtifacts.Graph(model);
        var graph = model == BertBase.Name ? BertEngineTests.WithLogits(plain) : plain;
        using var directory = new TempDirectory();
        TorchGraphFile.Write(graph, Path.Combine(directory.Path, model + TorchGraphFile.Extension));

        var response = await PythonServer.InferAsync(FirstRequest.For(model), directory.Path);

        var expected = RunKernels(graph, SeededInputs.For(graph.Inputs));
        Assert.Equal(graph.Outputs, response.Tensors.Select(t => t.Name));
        foreach (var (reference, (name, tensor)) in expected.Zip(response.Tensors))
        {
            var actual = tensor.AsSpan<float>();
            var difference = TensorComparison.RelativeDifference(actual, reference);
            output.WriteLine($"{model} {name}: rel diff {difference:E2}");
            Assert.True(difference <= Tolerance, $"{model} {name}: rel diff {difference}");
            if (model != YoloV5s.Name)
            {
                Assert.Equal(TensorComparison.ArgMax(reference), TensorComparison.ArgMax(actual));
            }
        }
    }

    private static float[][] RunKernels(ModelGraph graph, Tensor[] inputs)
    {
        using var engine = KernelsEngine.Create(graph, Isa.Best, threads: 2);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run(inputs, outputs);
        return [.. outputs.Select(o => o.AsSpan<float>().ToArray())];
    }
}
