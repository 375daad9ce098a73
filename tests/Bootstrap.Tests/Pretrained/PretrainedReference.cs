using Toolkit.Bench.Models;
using Toolkit.Bench.Pretrained;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Pretrained;

/// <summary>
/// One pretrained model imported once per test class, with ONNX Runtime's outputs on the real file for each input,
/// and a way to run our engine on the same inputs at any tier.
/// </summary>
public abstract class PretrainedReference
{
    protected PretrainedReference(string model, IReadOnlyList<Tensor[]> inputs)
    {
        Graph = PretrainedModels.Import(model);
        Inputs = inputs;
        using var reference = ModelArtifacts.OpenOnnxRuntime(model, threads: 1);
        Expected = [.. inputs.Select(i => Run(reference, i))];
    }

    public ModelGraph Graph { get; }

    public IReadOnlyList<Tensor[]> Inputs { get; }

    /// <summary>ONNX Runtime's outputs, per input, per output.</summary>
    public IReadOnlyList<float[][]> Expected { get; }

    public IReadOnlyList<float[][]> RunKernels(Isa isa)
    {
        using var engine = KernelsEngine.Create(Graph, isa, 1);
        return [.. Inputs.Select(i => Run(engine, i))];
    }

    private static float[][] Run(IInferenceEngine engine, Tensor[] inputs)
    {
        var outputs = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        engine.Run(inputs, outputs);
        return [.. outputs.Select(o => o.AsSpan<float>().ToArray())];
    }
}
