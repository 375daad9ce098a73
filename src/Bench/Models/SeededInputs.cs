using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Bench.Models;

/// <summary>Deterministic inputs for a model's input specs: float images hold pixel values k/255, as the paper's clients sent.</summary>
public static class SeededInputs
{
    public static Tensor[] For(IReadOnlyList<TensorSpec> specs, ulong seed = 1)
    {
        var random = new SeededRandom(seed);
        return [.. specs.Select(spec =>
        {
            var tensor = Tensor.Zeros(spec.DataType, spec.Shape);
            if (spec.DataType == DataType.Float32)
            {
                var values = tensor.AsSpan<float>();
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = random.NextInt(256) / 255f;
                }
            }

            return tensor;
        })];
    }

    public static Tensor[] OutputsFor(IReadOnlyList<TensorSpec> specs) => [.. specs.Select(s => Tensor.Zeros(s.DataType, s.Shape))];
}
