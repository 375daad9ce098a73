using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>
/// A zoo model built once per test class, with its seeded input and ONNX Runtime's output on it: the big models take
/// seconds to build and to run, so every test of a class shares one.
/// </summary>
public abstract class ZooModelReference
{
    protected ZooModelReference(string model)
    {
        Graph = ModelZoo.Build(model);
        Inputs = SeededInputs.For(Graph.Inputs, 11);
        using var engine = OnnxRuntimeEngine.Open(OnnxExporter.Export(Graph));
        Expected = EngineComparison.Run(engine, Inputs);
    }

    public ModelGraph Graph { get; }

    public Tensor[] Inputs { get; }

    public float[] Expected { get; }
}
