using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Optimization;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Zoo;

public class BertBaseTests
{
    private static readonly ModelGraph Graph = BertBase.Build(ModelZoo.DefaultSeed);

    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    [Fact]
    public void Has_the_papers_signature()
    {
        var shapes = ShapeInference.Infer(Graph);

        Assert.Equal(["input_ids", "input_masks", "segment_ids"], Graph.Inputs.Select(i => i.Name));
        Assert.All(Graph.Inputs, i => Assert.Equal(DataType.Int32, i.DataType));
        Assert.All(Graph.Inputs, i => Assert.Equal([1, 500], i.Shape));
        Assert.Equal(BertBase.OutputName, Graph.Outputs.Single());
        Assert.Equal([1, 2], shapes[BertBase.OutputName]);
        Assert.Equal([1, 500, 768], shapes["bert/encoder/layer_11/output/LayerNorm"]);
        Assert.Equal([1, 500, 3072], shapes["bert/encoder/layer_0/intermediate/dense"]);
    }

    [Fact]
    public void Has_about_110_million_parameters_within_10_percent_of_the_papers_428_MB()
    {
        // Embeddings 23.84 M, 12 blocks of 7.09 M, pooler 0.59 M, classifier 1538: Hugging Face's bert-base-uncased
        // with a 2-way head has 109,483,778.
        Assert.Equal(109_483_778, Graph.ParameterCount);
        Assert.InRange(Graph.ParameterCount * 4 / 1e6, 428 * 0.9, 428 * 1.1);
    }

    [Fact]
    public void Costs_about_94_GFLOPs_at_500_tokens()
    {
        // Per token and block: Q|K|V 768·2304, output 768², feed-forward 2·768·3072 multiply-accumulates; per block
        // attention 2·500²·768. 500 tokens × 12 blocks: 42.47 G + 4.61 G MACs, 94.2 GFLOPs.
        var gflops = 2.0 * ShapeInference.CountMultiplyAccumulates(Graph) / 1e9;
        Assert.InRange(gflops, 94.1, 94.3);
    }

    [Fact]
    public void The_seeded_review_is_padded_as_the_tokenizer_pads()
    {
        var inputs = SeededInputs.For(Graph.Inputs, 11);
        var ids = inputs[0].AsSpan<int>();
        var mask = inputs[1].AsSpan<int>();
        var tokens = mask.IndexOf(0);

        Assert.InRange(tokens, 120, 380);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[tokens - 1]);
        Assert.All(ids[1..(tokens - 1)].ToArray(), id => Assert.InRange(id, 1996, 30521));
        Assert.All(ids[tokens..].ToArray(), id => Assert.Equal(0, id));
        Assert.All(mask[tokens..].ToArray(), m => Assert.Equal(0, m));
        Assert.All(inputs[2].AsSpan<int>().ToArray(), s => Assert.Equal(0, s));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void The_tiny_model_matches_the_scalar_tier_on_every_tier(Isa isa)
    {
        var tiny = BertBase.Build(BertConfig.Tiny, 3);
        var inputs = SeededInputs.For(tiny.Inputs, 4);
        var reference = Run(tiny, inputs, Isa.Scalar, 1);
        var actual = Run(tiny, inputs, isa, 1);

        // Two blocks of float sums in another order (vector lanes, fused multiply-adds): far below the 1e-3 the
        // cross-engine tests allow.
        Assert.True(TensorComparison.RelativeDifference(actual, reference) <= 1e-4, $"{isa}: {TensorComparison.RelativeDifference(actual, reference)}");
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void The_tiny_model_gives_the_same_bits_on_two_threads(Isa isa)
    {
        var tiny = BertBase.Build(BertConfig.Tiny, 3);
        var inputs = SeededInputs.For(tiny.Inputs, 4);
        Assert.Equal(Run(tiny, inputs, isa, 1), Run(tiny, inputs, isa, 2));
    }

    [Fact]
    public void Padding_does_not_change_the_answer()
    {
        // Ids behind a zero mask are never attended to, so changing them leaves [CLS] (and the output) bit for bit alone.
        var tiny = BertBase.Build(BertConfig.Tiny, 3);
        var inputs = SeededInputs.For(tiny.Inputs, 4);
        var before = Run(tiny, inputs, Isa.Best, 1);
        var ids = inputs[0].AsSpan<int>();
        var mask = inputs[1].AsSpan<int>();
        for (var t = mask.IndexOf(0); t < ids.Length; t++)
        {
            ids[t] = 2000 + t;
        }

        Assert.Equal(before, Run(tiny, inputs, Isa.Best, 1));
    }

    [Fact]
    public void The_tiny_model_survives_the_model_file()
    {
        var graph = GraphOptimizer.Optimize(BertBase.Build(BertConfig.Tiny, 5));
        var path = Path.Combine(Path.GetTempPath(), $"toolkit-{Guid.NewGuid():N}{ModelFile.Extension}");
        try
        {
            ModelFile.Write(graph, path, Isa.Avx2, Isa.Avx512);
            var tier = IsaSupport.Resolve(Isa.Best);
            using var built = KernelsEngine.Create(graph, tier);
            using var mapped = KernelsEngine.Open(path, tier);
            var inputs = SeededInputs.For(built.Inputs, 2);
            Assert.Equal(EngineRuns.FirstOutput(built, inputs), EngineRuns.FirstOutput(mapped, inputs));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Out_of_vocabulary_ids_are_refused_by_name()
    {
        var tiny = BertBase.Build(BertConfig.Tiny with { Vocabulary = 100 }, 3);
        var inputs = SeededInputs.For(tiny.Inputs, 4);
        using var engine = KernelsEngine.Create(tiny, Isa.Scalar);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => engine.Run(inputs, SeededInputs.OutputsFor(engine.Outputs)));
        Assert.Equal("ids", error.ParamName);
    }

    [Fact]
    public void Bad_configs_name_the_field()
    {
        Assert.Equal("Hidden", Assert.Throws<ArgumentException>(() => BertBase.Build(BertConfig.Tiny with { Heads = 5 }, 1)).ParamName);
        Assert.Equal("SequenceLength", Assert.Throws<ArgumentException>(() => BertBase.Build(BertConfig.Tiny with { SequenceLength = 513 }, 1)).ParamName);
    }

    private static float[] Run(ModelGraph graph, Tensor[] inputs, Isa isa, int threads)
    {
        using var engine = KernelsEngine.Create(graph, isa, threads);
        return EngineRuns.FirstOutput(engine, inputs);
    }
}
