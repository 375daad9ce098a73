using Toolkit.Bootstrap.Engines;
using Toolkit.Kernels;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Zoo;
using Toolkit.Serialization.Onnx;

namespace Toolkit.Bootstrap.Tests.Engines;

/// <summary>MobileNetV1 on our kernels at every tier against ONNX Runtime on the same exported model and input.</summary>
public sealed class MobileNetV1EngineTests : IClassFixture<MobileNetV1EngineTests.Reference>
{
    private readonly Reference reference;

    public MobileNetV1EngineTests(Reference reference) => this.reference = reference;

    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Matches_onnxruntime_on_every_tier(Isa isa)
    {
        var actual = EngineComparison.RunKernels(reference.Graph, reference.Inputs, isa);

        // The bound: 1e-3 of the largest probability. Both engines sum in float32 in different orders over
        // 28 layers; measured differences are around 1e-6.
        Assert.True(TensorComparison.RelativeDifference(actual, reference.Expected) <= 1e-3, $"{isa}: rel diff {TensorComparison.RelativeDifference(actual, reference.Expected)}");
        Assert.Equal(TensorComparison.ArgMax(reference.Expected), TensorComparison.ArgMax(actual));
    }

    [Fact]
    public void Two_threads_give_the_same_bits_as_one()
    {
        var one = EngineComparison.RunKernels(reference.Graph, reference.Inputs, Isa.Best, threads: 1);
        var two = EngineComparison.RunKernels(reference.Graph, reference.Inputs, Isa.Best, threads: 2);
        Assert.Equal(one, two);
    }

    [Fact]
    public void The_output_is_a_probability_distribution_with_a_clear_winner()
    {
        Assert.Equal(1.0, reference.Expected.Sum(), 3);
        var sorted = reference.Expected.OrderDescending().ToArray();
        // A top-1 comparison only means something when the first and second classes are apart by more than the
        // engines' disagreement.
        Assert.True(sorted[0] - sorted[1] > 1e-3, $"top-1 {sorted[0]} vs top-2 {sorted[1]}");
    }

    public sealed class Reference
    {
        public Reference()
        {
            Graph = MobileNetV1.Build(ModelZoo.DefaultSeed);
            Inputs = SeededInputs.For(Graph.Inputs, 11);
            using var engine = OnnxRuntimeEngine.Open(OnnxExporter.Export(Graph));
            Expected = EngineComparison.Run(engine, Inputs);
        }

        public Kernels.Graph.ModelGraph Graph { get; }

        public Tensor[] Inputs { get; }

        public float[] Expected { get; }
    }
}
