using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using static Toolkit.Bootstrap.Tests.Import.OnnxAttribute;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// Operators of non-image values (matrices and [N,S,H] sequences), imported from hand-built ONNX graphs and run on
/// every tier against ONNX Runtime: softmax, reshapes with folded shape arithmetic, transposes, the layer norm and
/// GELU patterns exporters write, Tanh, Gather, Slice and Cast.
/// </summary>
public class OnnxImportSequenceOperatorTests
{
    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Softmax_over_the_last_axis_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder();
        model.Input("x", 3, 11);
        model.Node("Softmax", ["x"], "y");
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Tanh_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder();
        model.Input("x", 2, 7);
        model.Node("Tanh", ["x"], "y");
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    /// <summary>Reshape(y, Concat(Unsqueeze(Gather(Shape(y), 0)), [−1])), as PyTorch writes x.view(x.size(0), -1): folded to [1,144].</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_reshape_to_a_computed_shape_is_folded_to_a_constant(Isa isa)
    {
        var model = new OnnxBuilder(seed: 2);
        model.Input("x", 1, 4, 6, 6);
        var conv = model.Node("Conv", ["x", model.Weights("w", [4, 4, 3, 3])], "conv", IntList("pads", 1, 1, 1, 1));
        var shape = model.Node("Shape", [conv], "shape");
        var batch = model.Node("Gather", [shape, model.Constant("zero", [0L])], "batch", Int("axis", 0));
        var batchVector = model.Node("Unsqueeze", [batch, model.Constant("axes", [0L], 1)], "batch_vector");
        var target = model.Node("Concat", [batchVector, model.Constant("rest", [-1L], 1)], "target", Int("axis", 0));
        model.Node("Reshape", [conv, target], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal([OpTypes.Transpose, OpTypes.Conv2d, OpTypes.Transpose, OpTypes.Reshape], graph.Nodes.Select(n => n.OpType));
        Assert.Equal([1, 144], graph.Nodes[^1].Attributes.Ints("shape"));
    }

    public static TheoryData<long[], Isa> Permutations
    {
        get
        {
            var data = new TheoryData<long[], Isa>();
            foreach (var isa in IsaSupport.Available)
            {
                data.Add([0, 2, 1], isa);
                data.Add([2, 0, 1], isa);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Permutations))]
    public void A_transpose_of_a_rank_3_value_matches_onnxruntime(long[] perm, Isa isa)
    {
        var model = new OnnxBuilder();
        model.Input("x", 2, 3, 5);
        model.Node("Transpose", ["x"], "y", IntList("perm", perm));
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    /// <summary>The pre-opset-17 export: d = x − mean(x); d / √(mean(d²) + ε) · γ + β, fused into one layer norm.</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_decomposed_layer_norm_is_fused_and_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 3);
        model.Input("x", 2, 5, 8);
        var mean = model.Node("ReduceMean", ["x"], "mean", IntList("axes", -1));
        var centred = model.Node("Sub", ["x", mean], "centred");
        var squared = model.Node("Pow", [centred, model.Constant("two", [2f])], "squared");
        var variance = model.Node("ReduceMean", [squared], "variance", IntList("axes", -1));
        var padded = model.Node("Add", [variance, model.Constant("epsilon", [1e-5f])], "padded");
        var deviation = model.Node("Sqrt", [padded], "deviation");
        var normalized = model.Node("Div", [centred, deviation], "normalized");
        var scaled = model.Node("Mul", [normalized, model.Weights("gamma", [8], scale: 2f)], "scaled");
        model.Node("Add", [scaled, model.Weights("beta", [8])], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal([OpTypes.LayerNorm], graph.Nodes.Select(n => n.OpType));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Opset_17_layer_normalization_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(opset: 17, seed: 4);
        model.Input("x", 2, 5, 8);
        model.Node("LayerNormalization", ["x", model.Weights("gamma", [8], scale: 2f), model.Weights("beta", [8])], "y", Int("axis", -1), Float("epsilon", 1e-5f));
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal([OpTypes.LayerNorm], graph.Nodes.Select(n => n.OpType));
    }

    /// <summary>MatMul + Add then x · ½ · (1 + erf(x / √2)): one dense layer with GELU in its epilogue.</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void The_erf_gelu_after_a_dense_layer_rides_in_its_epilogue(Isa isa)
    {
        var model = new OnnxBuilder(seed: 5);
        model.Input("x", 2, 5, 8);
        var product = model.Node("MatMul", ["x", model.Weights("w", [8, 16])], "product");
        var biased = model.Node("Add", [model.Weights("b", [16]), product], "biased");
        var scaled = model.Node("Div", [biased, model.Constant("sqrt2", [MathF.Sqrt(2)])], "scaled");
        var onePlus = model.Node("Add", [model.Node("Erf", [scaled], "erf"), model.Constant("one", [1f])], "one_plus");
        var halfX = model.Node("Mul", [biased, model.Constant("half", [0.5f])], "half_x");
        model.Node("Mul", [halfX, onePlus], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        var dense = Assert.Single(graph.Nodes);
        Assert.Equal(OpTypes.Dense, dense.OpType);
        Assert.Equal(Activation.Gelu, dense.Attributes.Activation);
    }

    /// <summary>Token 0 of a computed [1,5,8] sequence (BERT's pooler input): Gather of index 0 on axis 1.</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_gather_of_index_0_from_a_computed_sequence_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 6);
        model.Input("x", 1, 5, 8);
        var product = model.Node("MatMul", ["x", model.Weights("w", [8, 8])], "product");
        model.Node("Gather", [product, model.Constant("first", [0L])], "y", Int("axis", 1));
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_slice_of_one_axis_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 7);
        model.Input("x", 1, 5, 8);
        var product = model.Node("MatMul", ["x", model.Weights("w", [8, 8])], "product");
        model.Node("Slice", [product, model.Constant("starts", [1L], 1), model.Constant("ends", [-1L], 1), model.Constant("axes", [1L], 1)], "y");
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_cast_of_int64_values_to_float_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder();
        model.TypedInput("x", OnnxTensor.Int64Type, 2, 3);
        model.Node("Cast", ["x"], "y", Int("to", OnnxTensor.FloatType));
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }
}
