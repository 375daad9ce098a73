using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

/// <summary>
/// A model file stores a 3×3 convolution's Winograd transform beside its panels for each tier at which it runs that way,
/// so mapping the file serves the transform where it lies; a convolution that does not run that way gets none.
/// </summary>
public sealed class WinogradModelFileTests : IDisposable
{
    private static readonly Isa[] PackedTiers = [Isa.Vector128, Isa.Avx2, Isa.Avx512];
    private static readonly ModelGraph Optimized = GraphOptimizer.Optimize(Build());
    private readonly string path = Path.Combine(Path.GetTempPath(), $"toolkit-{Guid.NewGuid():N}{ModelFile.Extension}");

    public WinogradModelFileTests() => ModelFile.Write(Optimized, path, PackedTiers);

    public void Dispose() => File.Delete(path);

    /// <summary>The weights of the stride-1 convolution (runs as Winograd) and of the stride-2 one (does not).</summary>
    private static (string Winograd, string Strided) Weights
    {
        get
        {
            var convolutions = Optimized.Nodes.Where(n => n.OpType == OpTypes.Conv2d).ToList();
            return (convolutions[0].Inputs[1], convolutions[1].Inputs[1]);
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Vectorized), MemberType = typeof(Tiers))]
    public void A_mapped_model_serves_its_stored_transform_and_computes_what_the_parsed_one_does(Isa isa)
    {
        var mapped = ModelFile.Map(path, isa);
        var (winograd, strided) = Weights;
        var transformed = mapped.Prepacked[winograd].Winograd;
        Assert.NotNull(transformed);
        Assert.Equal(isa, transformed.Isa);
        Assert.Equal(32, transformed.Depth);
        Assert.Null(mapped.Prepacked[strided].Winograd);
        Assert.Equal(Optimized.ParameterCount, mapped.ParameterCount);

        var input = SeededInputs.For(Optimized.Inputs, 5)[0];
        Assert.Equal(EngineRuns.FirstOutputOnce(KernelsEngine.Create(Optimized, isa), [input]), EngineRuns.FirstOutputOnce(KernelsEngine.Open(path, isa), [input]));
    }

    [Fact]
    public void Reading_the_file_back_ignores_the_transforms_and_writing_it_again_gives_the_same_bytes()
    {
        var loaded = ModelFile.Read(path);
        Assert.Equal(Optimized.Initializers.Keys.Order(), loaded.Initializers.Keys.Order());
        Assert.Equal(Optimized.Initializers[Weights.Winograd].Data, loaded.Initializers[Weights.Winograd].Data);

        using var again = new MemoryStream();
        ModelFile.Write(ModelFile.Map(path, IsaSupport.Resolve(Isa.Best)), again, PackedTiers);
        Assert.Equal(File.ReadAllBytes(path), again.ToArray());
    }

    [Fact]
    public void A_file_for_the_scalar_tier_alone_maps_without_transforms()
    {
        var mapped = ModelFile.Map(path, Isa.Scalar);
        Assert.Empty(mapped.Prepacked);
        Assert.Contains(Weights.Winograd, mapped.Initializers.Keys);
    }

    /// <summary>A 3×3 stride-1 convolution over 16×16×32 (Winograd on every vector tier), then a stride-2 one (never).</summary>
    private static ModelGraph Build()
    {
        var graph = new GraphBuilder("winograd");
        var layers = new LayerBuilder(graph, new SeededRandom(11));
        var x = graph.Input("input", DataType.Float32, 1, 16, 16, 32);
        var (y, shape) = layers.ConvBatchNorm(x, [1, 16, 16, 32], 40, 3, 3, 1, Activation.Relu);
        var (z, _) = layers.ConvBatchNorm(y, shape, 32, 3, 3, 2, Activation.Relu);
        return graph.Build(z);
    }
}
