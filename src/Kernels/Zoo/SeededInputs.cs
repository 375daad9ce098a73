using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Zoo;

/// <summary>
/// Deterministic inputs for a model's input specs, shared by the benchmarks and the cross-engine tests: float inputs
/// hold pixel values k/255, as the paper's image clients sent; integer inputs stay zero.
/// </summary>
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

    /// <summary>Zero-filled tensors to receive a model's outputs.</summary>
    public static Tensor[] OutputsFor(IReadOnlyList<TensorSpec> specs) => [.. specs.Select(s => Tensor.Zeros(s.DataType, s.Shape))];
}
