using Toolkit.Bench.Pretrained;
using Toolkit.Kernels;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Quantized;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Pretrained;

/// <summary>
/// The pretrained ResNet18 quantized to int8 (<see cref="Int8Quantizer"/>) with real weights, calibrated on real
/// photographs: the mirror images of the test photographs, so no photograph it is judged on was seen in calibration.
/// Seeded weights cannot judge quantization: a seeded MobileNetV1 ranks one class first for every input, and its
/// logits vary with the input by only about 4% of their size.
/// </summary>
public sealed class ResNet18Int8Tests(ResNet18Tests.Reference reference) : IClassFixture<ResNet18Tests.Reference>
{
    /// <summary>The least cosine similarity of a photograph's int8 features to its float features.</summary>
    private const double MinimumCosine = 0.98;

    public static TheoryData<Int8Isa> Tiers => [.. Int8IsaSupport.Available.Where(t => t != Int8Isa.Scalar)];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Int8_features_stay_close_to_float_and_keep_the_nearest_neighbours(Int8Isa tier)
    {
        var quantized = Int8Quantizer.Quantize(reference.Graph, [.. reference.Inputs.Select(i => new[] { Mirror(i[0]) })], tier);
        Assert.Equal(reference.Graph.Nodes.Count(n => n.OpType == OpTypes.Conv2d), quantized.Nodes.Count(n => n.OpType == OpTypes.QConv2d));
        using var engine = KernelsEngine.Create(quantized, Isa.Best, 1, tier);
        var features = reference.Inputs.Select(i => Run(engine, i)).ToList();

        for (var i = 0; i < features.Count; i++)
        {
            var cosine = Embeddings.Cosine(features[i], reference.Expected[i][0]);
            Assert.True(cosine >= MinimumCosine, $"{Int8IsaSupport.Name(tier)}, {Path.GetFileName(PretrainedInputs.Photographs[i])}: cosine {cosine:F4} < {MinimumCosine}");
        }

        // Each photograph's two nearest neighbours stay; on the 8-bit (VNNI) tiers the whole order does. The 7-bit
        // tiers have half the weight resolution, and there the order of the least similar photographs can swap.
        var expected = Embeddings.NeighbourOrder([.. reference.Expected.Select(o => o[0])]);
        var actual = Embeddings.NeighbourOrder(features);
        Assert.Equal(expected.Select(o => o[..2]), actual.Select(o => o[..2]));
        if (!Int8IsaSupport.NeedsNarrowWeights(tier))
        {
            Assert.Equal(expected, actual);
        }
    }

    /// <summary>An NCHW image flipped left to right.</summary>
    private static Tensor Mirror(Tensor image)
    {
        var source = image.AsSpan<float>();
        var width = image.Shape[^1];
        var mirrored = new float[source.Length];
        for (var row = 0; row < source.Length / width; row++)
        {
            for (var x = 0; x < width; x++)
            {
                mirrored[(row * width) + x] = source[(row * width) + width - 1 - x];
            }
        }

        return Tensor.From<float>(mirrored, image.Shape);
    }

    private static float[] Run(KernelsEngine engine, Tensor[] inputs)
    {
        var outputs = engine.Outputs.Select(o => Tensor.Zeros(o.DataType, o.Shape)).ToArray();
        engine.Run(inputs, outputs);
        return outputs[0].AsSpan<float>().ToArray();
    }
}
