using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Infrastructure;

public static class EngineRuns
{
    /// <summary>The first output of one run of <paramref name="engine"/> on <paramref name="inputs"/>.</summary>
    public static float[] FirstOutput(KernelsEngine engine, IReadOnlyList<Tensor> inputs)
    {
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run(inputs, outputs);
        return outputs[0].AsSpan<float>().ToArray();
    }

    /// <summary>The first output of one run of an engine this call then disposes.</summary>
    public static float[] FirstOutputOnce(KernelsEngine engine, IReadOnlyList<Tensor> inputs)
    {
        using (engine)
        {
            return FirstOutput(engine, inputs);
        }
    }
}
