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
}
