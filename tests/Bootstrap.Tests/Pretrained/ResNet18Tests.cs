using Toolkit.Bench.Pretrained;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Pretrained;

/// <summary>
/// The pretrained ResNet18 (ML.NET's featurizer, from its NuGet package) imported into our engine, on real
/// photographs: its 512 features match ONNX Runtime's on the original file on every tier, and so does the order in which
/// the photographs resemble each other.
/// </summary>
public sealed class ResNet18Tests(ResNet18Tests.Reference reference) : IClassFixture<ResNet18Tests.Reference>
{
    /// <summary>The bound on the features' relative difference.</summary>
    private const double Tolerance = 1e-4;

    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    public sealed class Reference() : PretrainedReference(PretrainedModels.ResNet18, [.. PretrainedInputs.Photographs.Select(p => new[] { PretrainedInputs.ResNet18Image(p) })]);

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Features_match_onnxruntime_on_every_photograph(Isa isa)
    {
        var actual = reference.RunKernels(isa);
        for (var i = 0; i < actual.Count; i++)
        {
            var difference = TensorComparison.RelativeDifference(actual[i][0], reference.Expected[i][0]);
            Assert.True(difference <= Tolerance, $"{isa}, {Path.GetFileName(PretrainedInputs.Photographs[i])}: relative difference {difference:E2} > {Tolerance:E0}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void The_photographs_nearest_neighbours_are_the_same(Isa isa)
    {
        var ours = Embeddings.NeighbourOrder([.. reference.RunKernels(isa).Select(o => o[0])]);
        var theirs = Embeddings.NeighbourOrder([.. reference.Expected.Select(o => o[0])]);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void Real_weights_see_the_two_animals_as_alike()
    {
        // Not a property of our engine but of the network, checked on ONNX Runtime's features: a sanity check that the
        // preprocessing feeds the network what it was trained on (a wrong channel order or scale breaks it).
        var names = PretrainedInputs.Photographs.Select(Path.GetFileNameWithoutExtension).ToList();
        var order = Embeddings.NeighbourOrder([.. reference.Expected.Select(o => o[0])]);
        Assert.Equal("raccoon", names[order[names.IndexOf("cat")][0]]);
    }

    [Fact]
    public void The_import_converts_layout_once_and_folds_every_batch_norm()
    {
        var ops = reference.Graph.Nodes.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, ops.GetValueOrDefault(OpTypes.Transpose));
        Assert.False(ops.ContainsKey(OpTypes.BatchNorm));
        Assert.Equal(22, ops[OpTypes.Conv2d]); // the file's 22 Conv nodes, each with its BatchNormalization folded in
    }
}
