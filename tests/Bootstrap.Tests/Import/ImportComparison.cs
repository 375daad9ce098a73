using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>Imports ONNX bytes and runs them on our kernels and, unchanged, on ONNX Runtime, with the same seeded input.</summary>
internal static class ImportComparison
{
    /// <summary>
    /// The operator tests' bound: 1e-4 of the largest reference value. The graphs are a few layers of float32 sums
    /// (at most a few hundred terms each) taken in a different order by our kernels and by MLAS.
    /// </summary>
    public const double Tolerance = 1e-4;

    public static ModelGraph Import(byte[] model) => OnnxImporter.Import(model, "test.onnx");

    /// <summary>Imports <paramref name="model"/>, runs it on <paramref name="isa"/> and on ONNX Runtime, and compares every output.</summary>
    /// <returns>The imported graph, for assertions on its nodes.</returns>
    public static ModelGraph AssertMatchesOnnxRuntime(byte[] model, Isa isa, double tolerance = Tolerance, ulong seed = 5)
    {
        var graph = Import(model);
        using var ort = OnnxRuntimeEngine.Open(model);
        using var ours = KernelsEngine.Create(graph, isa);
        var inputs = Inputs(graph.Inputs, seed);
        var expected = SeededInputs.OutputsFor(ort.Outputs);
        var actual = SeededInputs.OutputsFor(ours.Outputs);
        ort.Run([.. ort.Inputs.Select(spec => inputs[spec.Name])], expected);
        ours.Run([.. ours.Inputs.Select(spec => inputs[spec.Name])], actual);

        Assert.Equal(ort.Outputs.Select(o => o.Name), ours.Outputs.Select(o => o.Name));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Shape, actual[i].Shape);
            var difference = TensorComparison.RelativeDifference(actual[i].AsSpan<float>(), expected[i].AsSpan<float>());
            Assert.True(difference <= tolerance, $"{ours.Outputs[i].Name} on {isa}: rel diff {difference}");
        }

        return graph;
    }

    /// <summary>How many nodes of <paramref name="opType"/> the imported graph has.</summary>
    public static int Count(ModelGraph graph, string opType) => graph.Nodes.Count(n => n.OpType == opType);

    /// <summary>
    /// Seeded inputs by name: floats uniform in [−2, 2) (signed, so ReLU and Clip cut, and large enough to reach Clip's
    /// 6 after a convolution), integers in 0..4.
    /// </summary>
    private static Dictionary<string, Tensor> Inputs(IReadOnlyList<TensorSpec> specs, ulong seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var tensor = Tensor.Zeros(spec.DataType, spec.Shape);
            switch (spec.DataType)
            {
                case DataType.Float32:
                    random.Fill(tensor.AsSpan<float>(), -2f, 2f);
                    break;
                case DataType.Int64:
                    var longs = tensor.AsSpan<long>();
                    for (var i = 0; i < longs.Length; i++)
                    {
                        longs[i] = random.NextInt(5);
                    }

                    break;
                default:
                    throw new ArgumentException($"no seeded values for input '{spec.Name}' of {spec.DataType}", nameof(specs));
            }

            inputs[spec.Name] = tensor;
        }

        return inputs;
    }
}
