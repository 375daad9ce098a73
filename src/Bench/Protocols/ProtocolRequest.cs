using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Formats;
using Toolkit.Serialization.Payloads;

namespace Toolkit.Bench.Protocols;

/// <summary>
/// The request every format sends for one model: the paper model's seeded payload (pixels k/255, BERT ids) where the
/// served input matches it in type and shape, because JSON sizes and codec costs depend on the values; seeded random
/// values otherwise. Tensors take the served input names.
/// </summary>
public static class ProtocolRequest
{
    public static InferenceMessage For(string modelName, IReadOnlyList<TensorSpec> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var paper = PaperModels.All.Where(m => m.Id() == modelName).Select(m => (PaperModel?)m).FirstOrDefault();
        var paperTensors = paper is { } model ? PayloadGenerator.Request(model).Tensors : [];
        var seeded = SeededInputs.For(inputs);
        var tensors = inputs.Select((spec, i) =>
            new NamedTensor(spec.Name, i < paperTensors.Count && Fits(paperTensors[i].Tensor, spec) ? paperTensors[i].Tensor : seeded[i]));
        return new InferenceMessage(modelName, [.. tensors]);
    }

    private static bool Fits(Tensor tensor, TensorSpec spec) => tensor.DataType == spec.DataType && tensor.Shape.SequenceEqual(spec.Shape);
}
