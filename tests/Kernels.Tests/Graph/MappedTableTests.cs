using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

/// <summary>A mapped model file serves its embedding tables where they lie instead of copying them out at load.</summary>
public sealed class MappedTableTests : IDisposable
{
    private static readonly ModelGraph Optimized = GraphOptimizer.Optimize(BertBase.Build(BertConfig.Tiny, 5));
    private static readonly Isa[] PackedTiers = [Isa.Avx2, Isa.Avx512];
    private readonly string path = Path.Combine(Path.GetTempPath(), $"toolkit-{Guid.NewGuid():N}{ModelFile.Extension}");

    public MappedTableTests() => ModelFile.Write(Optimized, path, PackedTiers);

    public void Dispose() => File.Delete(path);

    private static IReadOnlyList<string> Tables => Optimized.Nodes.Single(n => n.OpType == OpTypes.Embedding).Inputs.Skip(2).ToList();

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Embedding_tables_stay_in_the_mapping_and_the_model_computes_what_the_parsed_one_does(Isa isa)
    {
        var mapped = ModelFile.Map(path, isa);
        Assert.All(Tables, table =>
        {
            Assert.DoesNotContain(table, mapped.Initializers.Keys);
            Assert.Equal(Optimized.Initializers[table].Shape, mapped.Prepacked[table].Shape);
        });
        Assert.Equal(Optimized.ParameterCount, mapped.ParameterCount);

        var inputs = SeededInputs.For(Optimized.Inputs, 9);
        Assert.Equal(EngineRuns.FirstOutputOnce(KernelsEngine.Create(Optimized, isa), inputs), EngineRuns.FirstOutputOnce(KernelsEngine.Open(path, isa), inputs));
    }

    [Fact]
    public void A_mapped_model_written_again_gives_the_same_bytes()
    {
        using var again = new MemoryStream();
        ModelFile.Write(ModelFile.Map(path, Isa.Scalar), again, PackedTiers);
        Assert.Equal(File.ReadAllBytes(path), again.ToArray());
    }
}
