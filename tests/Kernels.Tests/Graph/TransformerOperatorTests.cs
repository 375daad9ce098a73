using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

/// <summary>
/// The graph operators BERT added (Slice, Tanh, LayerNorm, Embedding, MultiHeadAttention): shapes, the errors that name
/// the node, int32 inputs through the arena, and the memory plan of a whole encoder.
/// </summary>
public class TransformerOperatorTests
{
    private static readonly int[] FlatFour = [4];

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Slice_takes_the_first_token_of_every_sequence(Isa isa)
    {
        var graph = new GraphBuilder("slice");
        var x = graph.Input("x", DataType.Float32, 2, 5, 3);
        graph.Add(OpTypes.Slice, [x], new NodeAttributes { { "axis", 1 }, { "start", 1 }, { "end", 3 } }, "y");
        using var engine = KernelsEngine.Create(graph.Build("y"), isa);
        var values = TestData.Random(30, 1);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run([Tensor.From<float>(values, 2, 5, 3)], outputs);

        Assert.Equal([2, 2, 3], engine.Outputs[0].Shape);
        TestData.AssertIdentical([.. values[3..9], .. values[18..24]], outputs[0].AsSpan<float>(), $"Slice on {isa}");
    }

    [Fact]
    public void Shape_errors_name_the_node()
    {
        var graph = new GraphBuilder("bad");
        var qkv = graph.Input("qkv", DataType.Float32, 1, 7, 48);
        var mask = graph.Input("mask", DataType.Int32, 1, 6);
        graph.Add(OpTypes.MultiHeadAttention, [qkv, mask], new NodeAttributes { { "heads", 4 } }, "attention");
        Assert.Contains("'attention'", Assert.Throws<GraphException>(() => ShapeInference.Infer(graph.Build("attention"))).Message, StringComparison.Ordinal);

        var slice = new GraphBuilder("bad_slice");
        var x = slice.Input("x", DataType.Float32, 1, 4, 2);
        slice.Add(OpTypes.Slice, [x], new NodeAttributes { { "axis", 1 }, { "start", 3 }, { "end", 5 } }, "cls");
        Assert.Contains("'cls'", Assert.Throws<GraphException>(() => ShapeInference.Infer(slice.Build("cls"))).Message, StringComparison.Ordinal);

        var norm = new GraphBuilder("bad_norm");
        var y = norm.Input("y", DataType.Float32, 3, 8);
        norm.Add(OpTypes.LayerNorm, [y, norm.Initializer("gamma", Tensor.Zeros(DataType.Float32, 7)), norm.Initializer("beta", Tensor.Zeros(DataType.Float32, 8))], nodeName: "ln");
        Assert.Contains("'ln'", Assert.Throws<GraphException>(() => ShapeInference.Infer(norm.Build("ln"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_the_arena_cannot_hold_are_refused_by_name()
    {
        // Float32, Int32 and Int64 inputs fit the arena's 4-byte slots (Int64 takes two); Float16 and UInt8 do not.
        var graph = new GraphBuilder("float16");
        var ids = graph.Input("ids", DataType.Float16, 1, 4);
        graph.Add(OpTypes.Reshape, [ids], new NodeAttributes { { "shape", FlatFour } }, "y");
        Assert.Contains("'ids'", Assert.Throws<GraphException>(() => KernelsEngine.Create(graph.Build("y"), Isa.Scalar)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_memory_plan_of_an_encoder_holds_about_one_feed_forward_step()
    {
        // The widest step is the feed-forward: its [S × 4H] output lives beside its [S × H] input and the residual.
        // Every layer's values reuse the same few slices, so the arena stays near that, not the sum over layers.
        var config = BertConfig.Tiny with { Layers = 4 };
        using var engine = KernelsEngine.Create(BertBase.Build(config, 1), Isa.Scalar);
        var feedForwardStepFloats = config.SequenceLength * (config.Intermediate + (2 * config.Hidden));
        Assert.InRange(engine.ArenaBytes, feedForwardStepFloats * sizeof(float), 2 * feedForwardStepFloats * sizeof(float));
    }

    [Fact]
    public void Multiply_accumulates_count_attention_as_two_batched_products()
    {
        var graph = new GraphBuilder("attention");
        var qkv = graph.Input("qkv", DataType.Float32, 1, 10, 3 * 32);
        var mask = graph.Input("mask", DataType.Int32, 1, 10);
        graph.Add(OpTypes.MultiHeadAttention, [qkv, mask], new NodeAttributes { { "heads", 4 } }, "y");

        // Q·Kᵀ and P·V: 2 × (4 heads × 10 × 10 × 8) = 2 · S² · H.
        Assert.Equal(2L * 10 * 10 * 32, ShapeInference.CountMultiplyAccumulates(graph.Build("y")));
    }
}
