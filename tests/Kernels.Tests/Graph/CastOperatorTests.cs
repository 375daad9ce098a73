using System.Globalization;
using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

/// <summary>
/// Cast through small graphs on every tier: each pair of arena types against C#'s own conversions (negatives, truncation
/// toward zero, rounding), the values a target cannot hold, Int64 values in the arena (two slots each) on the way in and
/// out, the type errors that name the node, and a model file holding Cast and Transpose.
/// </summary>
public class CastOperatorTests
{
    private static readonly int[] SwapLastTwo = [0, 2, 1];

    private static readonly long[] Longs = [int.MinValue, -123_456_789, -1, 0, 1, 42, int.MaxValue];

    private static readonly long[] WideLongs = [long.MinValue, -(1L << 40) - 1, -3, 0, 5, 16_777_217, 1L << 53, long.MaxValue];

    private static readonly int[] Ints = [int.MinValue, -16_777_217, -7, -1, 0, 3, 16_777_217, int.MaxValue];

    /// <summary>Truncation toward zero on both sides of zero, halves, −0, and the ends of Int32 that a float can hold.</summary>
    private static readonly float[] Floats = [-2.9f, -2.5f, -1f, -0.5f, -0f, 0f, 0.7f, 1.5f, 2.99f, -2147483648f, 2147483520f];

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Int64_narrows_to_Int32(Isa isa) =>
        Assert.Equal([.. Longs.Select(v => (int)v)], CastOne(isa, Tensor.From<long>(Longs, Longs.Length), DataType.Int32).AsSpan<int>().ToArray());

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Int32_widens_to_Int64(Isa isa) =>
        Assert.Equal([.. Ints.Select(v => (long)v)], CastOne(isa, Tensor.From<int>(Ints, 2, 4), DataType.Int64).AsSpan<long>().ToArray());

    [Fact]
    public void A_slice_of_Int32_stays_Int32_so_a_cast_after_it_reads_integers()
    {
        var graph = new GraphBuilder("slice-cast");
        var x = graph.Input("x", DataType.Int32, 2, 4);
        var first = graph.Add(OpTypes.Slice, [x], new NodeAttributes { { "axis", 0 }, { "start", 0 }, { "end", 1 } }, "first");
        graph.Add(OpTypes.Cast, [first], new NodeAttributes { { "to", nameof(DataType.Float32) } }, "cast");
        var output = RunAll(graph.Build("cast"), Tensor.From<int>(Ints, 2, 4))[0];
        Assert.Equal([.. Ints.Take(4).Select(v => (float)v)], output.AsSpan<float>().ToArray());
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Integers_round_to_the_nearest_float(Isa isa)
    {
        Assert.Equal([.. WideLongs.Select(v => (float)v)], CastOne(isa, Tensor.From<long>(WideLongs, WideLongs.Length), DataType.Float32).AsSpan<float>().ToArray());
        Assert.Equal([.. Ints.Select(v => (float)v)], CastOne(isa, Tensor.From<int>(Ints, Ints.Length), DataType.Float32).AsSpan<float>().ToArray());
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Floats_truncate_toward_zero(Isa isa)
    {
        int[] expected = [-2, -2, -1, 0, 0, 0, 0, 1, 2, int.MinValue, 2147483520];
        Assert.Equal(expected, CastOne(isa, Tensor.From<float>(Floats, Floats.Length), DataType.Int32).AsSpan<int>().ToArray());
        float[] large = [.. Floats, -9.2233720E18f, 1e18f];
        Assert.Equal([.. expected.Select(v => (long)v), -9_223_372_036_854_775_808, 999_999_984_306_749_440], CastOne(isa, Tensor.From<float>(large, large.Length), DataType.Int64).AsSpan<long>().ToArray());
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void A_cast_to_its_own_type_keeps_every_bit(Isa isa)
    {
        var input = Tensor.From<float>([float.NaN, -0f, float.Epsilon, 1.5f], 4);
        Assert.Equal(input.Data, CastOne(isa, input, DataType.Float32).Data);
        var ids = Tensor.From<long>(WideLongs, WideLongs.Length);
        Assert.Equal(ids.Data, CastOne(isa, ids, DataType.Int64).Data);
    }

    [Theory]
    [InlineData(2147483648L)]
    [InlineData(-2147483649L)]
    [InlineData(long.MaxValue)]
    public void An_Int64_beyond_Int32_stops_the_run_by_node_and_element(long value)
    {
        var error = Assert.Throws<OverflowException>(() => CastOne(Isa.Scalar, Tensor.From<long>([7, 8, value], 3), DataType.Int32));
        Assert.Contains("'cast'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"element 2 is {value.ToString(CultureInfo.InvariantCulture)}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN, DataType.Int32)]
    [InlineData(float.PositiveInfinity, DataType.Int32)]
    [InlineData(2147483648f, DataType.Int32)]
    [InlineData(-2147483904f, DataType.Int32)]
    [InlineData(float.NegativeInfinity, DataType.Int64)]
    [InlineData(9.223372E18f, DataType.Int64)]
    public void A_float_the_integer_cannot_hold_stops_the_run(float value, DataType to)
    {
        var error = Assert.Throws<OverflowException>(() => CastOne(Isa.Scalar, Tensor.From<float>([1f, value], 2), to));
        Assert.Contains("'cast'", error.Message, StringComparison.Ordinal);
        Assert.Contains("element 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Float16")]
    [InlineData("UInt8")]
    [InlineData("int32")]
    [InlineData("2")]
    [InlineData("")]
    public void A_target_the_arena_cannot_hold_is_refused_by_name(string to)
    {
        var graph = new GraphBuilder("bad_cast");
        var x = graph.Input("x", DataType.Int64, 2);
        graph.Add(OpTypes.Cast, [x], to.Length > 0 ? new NodeAttributes { { "to", to } } : null, "ids32");
        Assert.Contains("'ids32'", Assert.Throws<GraphException>(() => ShapeInference.Infer(graph.Build("ids32"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Operations_that_read_4_byte_elements_refuse_Int64_by_name()
    {
        var graph = new GraphBuilder("int64_add");
        var a = graph.Input("a", DataType.Int64, 4);
        var b = graph.Input("b", DataType.Int64, 4);
        graph.Add(OpTypes.Add, [a, b], nodeName: "sum");
        var error = Assert.Throws<GraphException>(() => KernelsEngine.Create(graph.Build("sum"), Isa.Scalar));
        Assert.Contains("'sum'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Int64_ids_cast_at_the_entrance_embed_as_Int32_ids_do(Isa isa)
    {
        int[] ids = [101, 7, 3, 102];
        int[] segments = [0, 0, 1, 1];
        var fromInt32 = Embed(isa, Tensor.From<int>(ids, 1, 4), Tensor.From<int>(segments, 1, 4));
        var fromInt64 = Embed(isa, Tensor.From<long>([.. ids.Select(i => (long)i)], 1, 4), Tensor.From<long>([.. segments.Select(i => (long)i)], 1, 4));
        TestData.AssertIdentical(fromInt32.AsSpan<float>(), fromInt64.AsSpan<float>(), $"Embedding after Cast on {isa}");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Int64_values_take_two_slots_through_the_plan(Isa isa)
    {
        using var engine = KernelsEngine.Create(RoundTripGraph(), isa);
        var ids = Tensor.From<long>([.. Enumerable.Range(-6, 12).Select(i => (long)i)], 2, 3, 2);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run([ids], outputs);

        Assert.Equal([DataType.Int64, DataType.Float32], engine.Outputs.Select(o => o.DataType));
        Assert.Equal([2, 2, 3], engine.Outputs[0].Shape);
        long[] transposed = [-6, -4, -2, -5, -3, -1, 0, 2, 4, 1, 3, 5];
        Assert.Equal(transposed, outputs[0].AsSpan<long>().ToArray());
        Assert.Equal([.. transposed.Select(v => (float)v)], outputs[1].AsSpan<float>().ToArray());
    }

    [Fact]
    public void A_model_file_round_trips_Cast_and_Transpose()
    {
        var graph = RoundTripGraph();
        using var stream = new MemoryStream();
        ModelFile.Write(graph, stream);
        var written = stream.ToArray();
        var loaded = ModelFile.Read(new MemoryStream(written));

        Assert.Equal(graph.Inputs.Select(i => i.ToString()), loaded.Inputs.Select(i => i.ToString()));
        Assert.Equal(graph.Nodes.Select(n => n.ToString()), loaded.Nodes.Select(n => n.ToString()));
        Assert.Equal(graph.Outputs, loaded.Outputs);
        using var rewritten = new MemoryStream();
        ModelFile.Write(loaded, rewritten);
        Assert.Equal(written, rewritten.ToArray());

        var ids = Tensor.From<long>([.. Enumerable.Range(0, 12).Select(i => (long)i * 1000)], 2, 3, 2);
        Assert.Equal(RunAll(graph, ids).Select(t => t.Data), RunAll(loaded, ids).Select(t => t.Data));
    }

    /// <summary>Int64 [2,3,2] → Cast Int32 → Transpose [0,2,1] → Cast Int64 (output 0) and Cast Float32 (output 1).</summary>
    private static ModelGraph RoundTripGraph()
    {
        var graph = new GraphBuilder("cast_transpose");
        var ids = graph.Input("ids", DataType.Int64, 2, 3, 2);
        var narrow = graph.Add(OpTypes.Cast, [ids], new NodeAttributes { { "to", nameof(DataType.Int32) } }, "narrow");
        var swapped = graph.Add(OpTypes.Transpose, [narrow], new NodeAttributes { { "perm", SwapLastTwo } }, "swapped");
        graph.Add(OpTypes.Cast, [swapped], new NodeAttributes { { "to", nameof(DataType.Int64) } }, "wide");
        graph.Add(OpTypes.Cast, [swapped], new NodeAttributes { { "to", nameof(DataType.Float32) } }, "floats");
        return graph.Build("wide", "floats");
    }

    private static Tensor[] RunAll(ModelGraph graph, params Tensor[] inputs)
    {
        using var engine = KernelsEngine.Create(graph, Isa.Scalar);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run(inputs, outputs);
        return outputs;
    }

    private static Tensor CastOne(Isa isa, Tensor input, DataType to)
    {
        var graph = new GraphBuilder("cast");
        var x = graph.Input("x", input.DataType, input.Shape);
        graph.Add(OpTypes.Cast, [x], new NodeAttributes { { "to", to.ToString() } }, "cast");
        using var engine = KernelsEngine.Create(graph.Build("cast"), isa);
        Assert.Equal(to, engine.Outputs[0].DataType);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run([input], outputs);
        return outputs[0];
    }

    /// <summary>BERT's entrance as the ONNX importer builds it: ids and segment ids cast to Int32 unless they already are.</summary>
    private static Tensor Embed(Isa isa, Tensor ids, Tensor segments)
    {
        const int hidden = 8;
        var graph = new GraphBuilder("embed");
        var idValues = graph.Input("ids", ids.DataType, ids.Shape);
        var segmentValues = graph.Input("segments", segments.DataType, segments.Shape);
        if (ids.DataType == DataType.Int64)
        {
            idValues = graph.Add(OpTypes.Cast, [idValues], new NodeAttributes { { "to", nameof(DataType.Int32) } });
            segmentValues = graph.Add(OpTypes.Cast, [segmentValues], new NodeAttributes { { "to", nameof(DataType.Int32) } });
        }

        var words = graph.Initializer("words", Tensor.From<float>(TestData.Random(110 * hidden, 1), 110, hidden));
        var positions = graph.Initializer("positions", Tensor.From<float>(TestData.Random(4 * hidden, 2), 4, hidden));
        var types = graph.Initializer("types", Tensor.From<float>(TestData.Random(2 * hidden, 3), 2, hidden));
        graph.Add(OpTypes.Embedding, [idValues, segmentValues, words, positions, types], nodeName: "embedded");
        using var engine = KernelsEngine.Create(graph.Build("embedded"), isa);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run([ids, segments], outputs);
        return outputs[0];
    }
}
