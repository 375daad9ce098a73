using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>Runs one graph on our kernels and, exported to ONNX, on ONNX Runtime, with the same seeded input.</summary>
internal static class EngineComparison
{
    public static Tensor[] SeededInputs(IReadOnlyList<TensorSpec> specs, ulong seed)
    {
        var random = new SeededRandom(seed);
        return [.. specs.Select(spec =>
        {
            var tensor = Tensor.Zeros(spec.DataType, spec.Shape);
            var values = tensor.AsSpan<float>();
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = random.NextInt(256) / 255f;
            }

            return tensor;
        })];
    }

    public static float[] RunOnnxRuntime(ModelGraph graph, Tensor[] inputs)
    {
        using var engine = OnnxRuntimeEngine.Open(OnnxExporter.Export(graph));
        return Run(engine, inputs);
    }

    public static float[] RunKernels(ModelGraph graph, Tensor[] inputs, Isa isa, int threads = 1)
    {
        using var engine = KernelsEngine.Create(graph, isa, threads);
        return Run(engine, inputs);
    }

    public static float[] Run(IInferenceEngine engine, Tensor[] inputs)
    {
        var outputs = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        engine.Run(inputs, outputs);
        return outputs[0].AsSpan<float>().ToArray();
    }

    /// <summary>max|actual − expected| ÷ max|expected|.</summary>
    public static double RelativeDifference(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxDiff / maxRef;
    }

    public static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());
}
