using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

/// <summary>Model files with GEMM weights stored pre-packed, read back dense and mapped for every tier.</summary>
public sealed class MappedModelFileTests : IDisposable
{
    private static readonly Isa[] PackedTiers = [Isa.Avx2, Isa.Avx512];
    private static readonly ModelGraph Optimized = GraphOptimizer.Optimize(MobileNetV1.Build(7));
    private readonly string path = Path.Combine(Path.GetTempPath(), $"toolkit-{Guid.NewGuid():N}{ModelFile.Extension}");

    public MappedModelFileTests() => ModelFile.Write(Optimized, path, PackedTiers);

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Packed_weights_read_back_as_the_dense_weights_they_came_from()
    {
        var loaded = ModelFile.Read(path);

        Assert.Empty(loaded.Prepacked);
        Assert.Equal(Optimized.Initializers.Keys.Order(), loaded.Initializers.Keys.Order());
        foreach (var (name, tensor) in Optimized.Initializers)
        {
            Assert.Equal(tensor.Shape, loaded.Initializers[name].Shape);
            Assert.Equal(tensor.Data, loaded.Initializers[name].Data);
        }
    }

    [Fact]
    public void The_same_graph_and_tiers_give_the_same_bytes_and_tiers_need_not_run_here()
    {
        using var again = new MemoryStream();
        ModelFile.Write(ModelFile.Map(path, IsaSupport.Resolve(Isa.Best)), again, PackedTiers);

        Assert.Equal(File.ReadAllBytes(path), again.ToArray());
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void A_mapped_model_keeps_its_tiers_panels_in_place_and_computes_what_the_parsed_one_does(Isa isa)
    {
        var mapped = ModelFile.Map(path, isa);
        var gemmWeights = Optimized.Nodes.Count(n => n.OpType == OpTypes.Dense || (n.OpType == OpTypes.Conv2d && n.Attributes.Int("group", 1) == 1));
        Assert.Equal(PackedTiers.Contains(isa) ? gemmWeights : 0, mapped.Prepacked.Count);
        Assert.Equal(Optimized.ParameterCount, mapped.ParameterCount);

        var input = SeededInputs.For(Optimized.Inputs, 3)[0];
        Assert.Equal(EngineRuns.FirstOutputOnce(KernelsEngine.Create(Optimized, isa), [input]), EngineRuns.FirstOutputOnce(KernelsEngine.Open(path, isa), [input]));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
    [InlineData(1_000_000)]
    public void A_truncated_file_is_refused_when_mapped(int keptBytes)
    {
        var truncated = path + ".cut";
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..keptBytes]);
        try
        {
            var error = Assert.Throws<ModelFormatException>(() => ModelFile.Map(truncated, Isa.Scalar));
            Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(truncated);
        }
    }

    [Fact]
    public void Packing_for_the_scalar_tier_or_best_is_refused()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => ModelFile.Write(Optimized, stream, Isa.Best));
        Assert.Throws<ArgumentException>(() => ModelFile.Write(Optimized, stream, Isa.Scalar));
    }
}
