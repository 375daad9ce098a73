using Toolkit.Kernels.Engines;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Graph.Operators;
using Toolkit.Kernels.Tensors;
using Toolkit.Kernels.Tests.Infrastructure;
using Toolkit.Kernels.Zoo;

namespace Toolkit.Kernels.Tests.Graph;

/// <summary>
/// Transpose through a one-node graph on every tier, compared bit for bit with a reference that finds each output
/// element from its index: odd shapes of rank 1 to 6, the tiled NCHW ↔ NHWC path with edges on every side, every element
/// type the arena holds, and the permutation errors that name the node.
/// </summary>
public class TransposeOperatorTests
{
    private static readonly (int[] Shape, int[] Perm)[] OddCases =
    [
        ([9], [0]),
        ([7, 13], [1, 0]),
        ([37, 70], [1, 0]),
        ([5, 6, 7], [2, 0, 1]),
        ([5, 6, 7], [1, 2, 0]),
        ([5, 6, 7], [0, 2, 1]),
        ([5, 6, 7], [2, 1, 0]),
        ([5, 6, 7], [1, 0, 2]),
        ([1, 3, 7, 5], [0, 2, 3, 1]),
        ([1, 3, 7, 5], [0, 3, 1, 2]),
        ([1, 3, 7, 5], [3, 2, 1, 0]),
        ([1, 3, 7, 5], [2, 0, 3, 1]),
        ([1, 3, 7, 5], [1, 0, 2, 3]),
        ([2, 5, 3, 1, 4], [4, 3, 2, 1, 0]),
        ([2, 5, 3, 1, 4], [0, 2, 1, 3, 4]),
        ([2, 5, 3, 1, 4], [1, 4, 0, 3, 2]),
        ([2, 5, 3, 1, 4], [3, 0, 4, 2, 1]),
        ([2, 5, 3, 1, 4], [2, 4, 1, 0, 3]),
        ([2, 3, 1, 4, 2, 3], [5, 3, 1, 0, 4, 2]),
    ];

    /// <summary>NCHW → NHWC and back with C = 3 (an image) and C = 17, H = W = 11; the last spans several tiles and bands.</summary>
    private static readonly (int[] Shape, int[] Perm)[] LayoutCases =
    [
        ([2, 3, 11, 11], [0, 2, 3, 1]),
        ([2, 17, 11, 11], [0, 2, 3, 1]),
        ([2, 11, 11, 3], [0, 3, 1, 2]),
        ([2, 11, 11, 17], [0, 3, 1, 2]),
        ([1, 41, 33, 35], [0, 2, 3, 1]),
        ([1, 33, 35, 41], [0, 3, 1, 2]),
    ];

    private static readonly int[] Identity = [0, 1, 2, 3];

    private static readonly int[] SevenAxesReversed = [6, 5, 4, 3, 2, 1, 0];

    public static TheoryData<Isa, int[], int[]> OddShapes => Cases(OddCases);

    public static TheoryData<Isa, int[], int[]> Layouts => Cases(LayoutCases);

    public static TheoryData<Isa, DataType> TiersAndTypes()
    {
        var data = new TheoryData<Isa, DataType>();
        foreach (var isa in IsaSupport.Available)
        {
            foreach (var type in new[] { DataType.Float32, DataType.Int32, DataType.Int64 })
            {
                data.Add(isa, type);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void Odd_shapes_match_the_reference(Isa isa, int[] shape, int[] perm) => AssertMatchesReference(isa, Values(DataType.Float32, shape), perm);

    [Theory]
    [MemberData(nameof(Layouts))]
    public void NCHW_and_NHWC_swaps_match_the_reference(Isa isa, int[] shape, int[] perm) => AssertMatchesReference(isa, Values(DataType.Float32, shape), perm);

    [Theory]
    [MemberData(nameof(TiersAndTypes))]
    public void Every_arena_type_moves_whole(Isa isa, DataType type)
    {
        foreach (var (shape, perm) in OddCases.Concat(LayoutCases))
        {
            AssertMatchesReference(isa, Values(type, shape), perm);
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Threads_split_the_work_without_changing_a_bit(Isa isa)
    {
        foreach (var (shape, perm) in LayoutCases.Append(([3, 40, 7, 9], [2, 0, 3, 1])))
        {
            AssertMatchesReference(isa, Values(DataType.Float32, shape), perm, threads: 3);
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void The_identity_permutation_copies(Isa isa)
    {
        var input = Values(DataType.Float32, [2, 3, 4, 5]);
        Assert.Equal(input.Data, Run(isa, input, Identity, 1).Data);
    }

    [Fact]
    public void Without_perm_the_axes_reverse_as_in_ONNX()
    {
        var graph = new GraphBuilder("reverse");
        var x = graph.Input("x", DataType.Float32, 2, 3, 4);
        graph.Add(OpTypes.Transpose, [x], nodeName: "t");
        Assert.Equal([4, 3, 2], ShapeInference.Infer(graph.Build("t"))["t"]);
    }

    [Fact]
    public void NCHW_to_NHWC_reduces_to_a_batch_of_matrix_transposes()
    {
        AssertReduces([1, 3, 11, 11], [0, 2, 3, 1], [3, 121], [1, 0]);
        AssertReduces([2, 3, 11, 11], [0, 2, 3, 1], [2, 3, 121], [0, 2, 1]);
        AssertReduces([2, 11, 11, 17], [0, 3, 1, 2], [2, 121, 17], [0, 2, 1]);
        AssertReduces([2, 3, 4, 5], Identity, [120], [0]);
        AssertReduces([2, 5, 3, 1, 4], [3, 0, 4, 2, 1], [2, 5, 3, 4], [0, 3, 2, 1]);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 1, 2 })]
    [InlineData(new[] { 0, 1, 2 })]
    [InlineData(new[] { 0, 1, 2, 4 })]
    [InlineData(new[] { -1, 0, 1, 2 })]
    [InlineData(new[] { 0, 1, 2, 3, 4 })]
    public void A_perm_that_is_not_a_permutation_is_refused_by_name(int[] perm)
    {
        var graph = new GraphBuilder("bad_perm");
        var x = graph.Input("x", DataType.Float32, 1, 3, 7, 5);
        graph.Add(OpTypes.Transpose, [x], new NodeAttributes { { "perm", perm } }, "to_nhwc");
        var error = Assert.Throws<GraphException>(() => ShapeInference.Infer(graph.Build("to_nhwc")));
        Assert.Contains("'to_nhwc'", error.Message, StringComparison.Ordinal);
        Assert.Contains("permutation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rank_above_six_is_refused_by_name()
    {
        var graph = new GraphBuilder("rank7");
        var x = graph.Input("x", DataType.Float32, 1, 2, 1, 2, 1, 2, 1);
        graph.Add(OpTypes.Transpose, [x], new NodeAttributes { { "perm", SevenAxesReversed } }, "deep");
        Assert.Contains("'deep'", Assert.Throws<GraphException>(() => ShapeInference.Infer(graph.Build("deep"))).Message, StringComparison.Ordinal);
    }

    private static void AssertReduces(int[] shape, int[] perm, int[] expectedDims, int[] expectedPerm)
    {
        var (dims, reduced) = TransposeOperator.Simplify(shape, perm);
        Assert.Equal(expectedDims, dims);
        Assert.Equal(expectedPerm, reduced);
    }

    private static TheoryData<Isa, int[], int[]> Cases((int[] Shape, int[] Perm)[] cases)
    {
        var data = new TheoryData<Isa, int[], int[]>();
        foreach (var isa in IsaSupport.Available)
        {
            foreach (var (shape, perm) in cases)
            {
                data.Add(isa, shape, perm);
            }
        }

        return data;
    }

    private static void AssertMatchesReference(Isa isa, Tensor input, int[] perm, int threads = 1)
    {
        var output = Run(isa, input, perm, threads);
        var context = $"{input} by [{string.Join(',', perm)}] on {isa} x{threads}";
        Assert.Equal(perm.Select(axis => input.Shape[axis]), output.Shape);
        Assert.Equal(input.DataType, output.DataType);
        Assert.True(Reference(input, perm).AsSpan().SequenceEqual(output.Data), context);
    }

    private static Tensor Run(Isa isa, Tensor input, int[] perm, int threads)
    {
        var graph = new GraphBuilder("transpose");
        var x = graph.Input("x", input.DataType, input.Shape);
        graph.Add(OpTypes.Transpose, [x], new NodeAttributes { { "perm", perm } }, "y");
        using var engine = KernelsEngine.Create(graph.Build("y"), isa, threads);
        var outputs = SeededInputs.OutputsFor(engine.Outputs);
        engine.Run([input], outputs);
        return outputs[0];
    }

    /// <summary>Distinct elements: random floats; integers counting up from below zero, Int64 ones using their high half too.</summary>
    private static Tensor Values(DataType type, int[] shape)
    {
        var count = (int)Tensor.ElementCount(shape);
        return type switch
        {
            DataType.Float32 => Tensor.From<float>(TestData.Random(count, count), shape),
            DataType.Int32 => Tensor.From<int>([.. Enumerable.Range(-count / 2, count)], shape),
            _ => Tensor.From<long>([.. Enumerable.Range(-count / 2, count).Select(i => i * 0x1_0000_0001L)], shape),
        };
    }

    /// <summary>The scalar reference: each output element's input offset computed from its own index, byte by byte.</summary>
    private static byte[] Reference(Tensor input, int[] perm)
    {
        var shape = input.Shape;
        var size = input.DataType.Size();
        var strides = new long[shape.Length];
        long stride = 1;
        for (var axis = shape.Length - 1; axis >= 0; axis--)
        {
            strides[axis] = stride;
            stride *= shape[axis];
        }

        var result = new byte[input.Data.Length];
        for (long o = 0; o < input.Length; o++)
        {
            long rest = o, source = 0;
            for (var j = perm.Length - 1; j >= 0; j--)
            {
                source += rest % shape[perm[j]] * strides[perm[j]];
                rest /= shape[perm[j]];
            }

            Array.Copy(input.Data, source * size, result, o * size, size);
        }

        return result;
    }
}
