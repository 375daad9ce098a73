using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using static Toolkit.Bootstrap.Tests.Import.OnnxAttribute;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// Image operators of hand-built NCHW ONNX graphs with seeded weights, imported and run on every tier against ONNX
/// Runtime on the same bytes: convolutions of every grouping, padding and stride the importer maps, batch-norm
/// folding, Clip as ReLU6, pools, element-wise ops with constants, concatenation, flattening and upsampling.
/// </summary>
public class OnnxImportOperatorTests
{
    public static TheoryData<Isa> Tiers => [.. IsaSupport.Available];

    public static TheoryData<string, Isa> Convolutions => Cross(["dense", "depthwise", "strided", "asymmetric_pads", "same_upper", "no_bias", "rectangular"]);

    public static TheoryData<string, Isa> GroupedConvolutions => Cross(["group_2", "depthwise_multiplier_2"]);

    public static TheoryData<string, Isa> Pools => Cross(["max", "average_exclusive", "average_inclusive", "average_asymmetric", "global"]);

    public static TheoryData<int, Isa> ClipOpsets => Cross([10, 13]);

    public static TheoryData<int, Isa> SplitForms => Cross([11, 13, 18]);

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void Convolutions_match_onnxruntime(string variant, Isa isa)
    {
        var model = new OnnxBuilder(seed: 2);
        model.Input("x", 1, 4, 7, 6);
        var (outputs, group, kernel) = variant switch
        {
            "depthwise" => (4, 4, new[] { 3, 3 }),
            "rectangular" => (6, 1, [1, 3]),
            _ => (6, 1, [3, 3]),
        };
        ProtoMessage[] attributes = variant switch
        {
            "strided" => [IntList("pads", 1, 1, 1, 1), IntList("strides", 2, 2)],
            "asymmetric_pads" => [IntList("pads", 1, 1, 0, 0)],
            "same_upper" => [String("auto_pad", "SAME_UPPER"), IntList("strides", 2, 2)],
            "rectangular" => [IntList("pads", 0, 1, 0, 1)],
            _ => [IntList("pads", 1, 1, 1, 1)],
        };
        List<string> inputs = ["x", model.Weights("w", [outputs, 4 / group, kernel[0], kernel[1]])];
        if (variant != "no_bias")
        {
            inputs.Add(model.Weights("b", [outputs]));
        }

        model.Node("Conv", inputs, ["y"], [Int("group", group), IntList("kernel_shape", kernel[0], kernel[1]), .. attributes]);
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(group, Assert.Single(graph.Nodes, n => n.OpType == OpTypes.Conv2d).Attributes.Int("group", 1));
    }

    /// <summary>
    /// Groups between 1 and the channel count (ResNeXt, ShuffleNet) and depthwise convolutions with a channel
    /// multiplier: ONNX Runtime runs both, our Conv2d only groups of 1 and plain depthwise, so the importer must either
    /// split the convolution per group or refuse the node by name.
    /// </summary>
    [Theory]
    [MemberData(nameof(GroupedConvolutions))]
    public void A_grouped_convolution_runs_or_is_refused_at_import(string variant, Isa isa)
    {
        var model = new OnnxBuilder(seed: 2);
        model.Input("x", 1, 4, 7, 6);
        var (outputs, group) = variant == "group_2" ? (6, 2) : (8, 4);
        model.Node("Conv", ["x", model.Weights("w", [outputs, 4 / group, 3, 3]), model.Weights("b", [outputs])], "y", Int("group", group), IntList("pads", 1, 1, 1, 1));
        model.Output("y");

        var bytes = model.Build();
        if (Record.Exception(() => ImportComparison.Import(bytes)) is { } error)
        {
            var problem = Assert.Single(Assert.IsType<Serialization.Onnx.Import.OnnxImportException>(error).Problems);
            Assert.Contains("group", problem.Message, StringComparison.Ordinal);
            return;
        }

        ImportComparison.AssertMatchesOnnxRuntime(bytes, isa);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_batch_norm_and_relu_after_a_convolution_fold_into_it_and_still_match(Isa isa)
    {
        var model = new OnnxBuilder(seed: 3);
        model.Input("x", 1, 3, 8, 8);
        var conv = model.Node("Conv", ["x", model.Weights("w", [8, 3, 3, 3]), model.Weights("b", [8])], "conv", IntList("pads", 1, 1, 1, 1));
        var scale = model.Constant("scale", model.Random([8], 0.5f, 1.5f), 8);
        var shift = model.Weights("shift", [8]);
        var mean = model.Weights("mean", [8]);
        var variance = model.Constant("variance", model.Random([8], 0.25f, 2f), 8);
        var normalized = model.Node("BatchNormalization", [conv, scale, shift, mean, variance], "bn", Float("epsilon", 1e-3f));
        model.Node("Relu", [normalized], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(0, ImportComparison.Count(graph, OpTypes.BatchNorm));
        Assert.Equal(0, ImportComparison.Count(graph, OpTypes.Activation));
        Assert.Equal(Activation.Relu, Assert.Single(graph.Nodes, n => n.OpType == OpTypes.Conv2d).Attributes.Activation);
    }

    /// <summary>Mul(x, Sigmoid(x)) in either order is SiLU in the convolution's epilogue; a lone Sigmoid is one too.</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void Silu_and_sigmoid_after_convolutions_fold_into_them_and_match(Isa isa)
    {
        var model = new OnnxBuilder(seed: 9);
        model.Input("x", 1, 3, 8, 8);
        var conv = model.Node("Conv", ["x", model.Weights("w", [8, 3, 3, 3]), model.Weights("b", [8])], "conv", IntList("pads", 1, 1, 1, 1));
        var silu = model.Node("Mul", [model.Node("Sigmoid", [conv], "gate"), conv], "silu");
        var second = model.Node("Conv", [silu, model.Weights("w2", [4, 8, 1, 1]), model.Weights("b2", [4])], "conv2");
        model.Node("Sigmoid", [second], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(0, ImportComparison.Count(graph, OpTypes.Activation));
        Assert.Equal([Activation.Silu, Activation.Sigmoid], graph.Nodes.Where(n => n.OpType == OpTypes.Conv2d).Select(n => n.Attributes.Activation));
    }

    /// <summary>Clip(0, 6) is ReLU6 with its bounds as attributes (opset 10) or as constant inputs (opset 11 on).</summary>
    [Theory]
    [MemberData(nameof(ClipOpsets))]
    public void Clip_zero_six_is_relu6_from_attributes_and_from_inputs(int opset, Isa isa)
    {
        var model = new OnnxBuilder(opset, seed: 4);
        model.Input("x", 1, 4, 6, 6);
        var conv = model.Node("Conv", ["x", model.Weights("w", [5, 4, 3, 3], scale: 1.5f)], "conv", IntList("pads", 1, 1, 1, 1));
        if (opset < 11)
        {
            model.Node("Clip", [conv], "y", Float("min", 0), Float("max", 6));
        }
        else
        {
            model.Node("Clip", [conv, model.Constant("min", [0f]), model.Constant("max", [6f])], "y");
        }

        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(Activation.Relu6, Assert.Single(graph.Nodes, n => n.OpType == OpTypes.Conv2d).Attributes.Activation);
    }

    [Theory]
    [MemberData(nameof(Pools))]
    public void Pools_match_onnxruntime(string variant, Isa isa)
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 4, 7, 6);
        switch (variant)
        {
            case "max":
                model.Node("MaxPool", ["x"], "y", IntList("kernel_shape", 3, 3), IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1));
                break;
            case "global":
                model.Node("GlobalAveragePool", ["x"], "y");
                break;
            default:
                var pads = variant == "average_asymmetric" ? new long[] { 0, 1, 1, 0 } : [1, 1, 1, 1];
                model.Node("AveragePool", ["x"], "y", IntList("kernel_shape", 3, 3), IntList("pads", pads), Int("count_include_pad", variant == "average_inclusive" ? 1 : 0));
                break;
        }

        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void An_add_of_two_convolutions_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 6);
        model.Input("x", 1, 4, 6, 5);
        var left = model.Node("Conv", ["x", model.Weights("w1", [6, 4, 3, 3]), model.Weights("b1", [6])], "left", IntList("pads", 1, 1, 1, 1));
        var right = model.Node("Conv", ["x", model.Weights("w2", [6, 4, 1, 1])], "right");
        model.Node("Add", [left, right], "y");
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    /// <summary>Per-channel and scalar constants: x·c[C,1,1], then + 0.25, − 0.5, ÷ 3, and 1 − x (the constant first).</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void Arithmetic_with_per_channel_and_scalar_constants_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 7);
        model.Input("x", 1, 4, 6, 5);
        var conv = model.Node("Conv", ["x", model.Weights("w", [6, 4, 3, 3])], "conv", IntList("pads", 1, 1, 1, 1));
        var scaled = model.Node("Mul", [conv, model.Weights("per_channel", [6, 1, 1], scale: 2f)], "scaled");
        var shifted = model.Node("Add", [scaled, model.Constant("quarter", [0.25f])], "shifted");
        var lowered = model.Node("Sub", [shifted, model.Constant("half", [0.5f])], "lowered");
        var divided = model.Node("Div", [lowered, model.Constant("three", [3f])], "divided");
        model.Node("Sub", [model.Constant("one", [1f]), divided], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(0, ImportComparison.Count(graph, OpTypes.Mul));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_concat_of_convolutions_on_the_channel_axis_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 8);
        model.Input("x", 1, 4, 6, 5);
        var left = model.Node("Conv", ["x", model.Weights("w1", [3, 4, 3, 3])], "left", IntList("pads", 1, 1, 1, 1));
        var right = model.Node("Conv", ["x", model.Weights("w2", [5, 4, 1, 1])], "right");
        model.Node("Concat", [left, right, "x"], "y", Int("axis", 1));
        model.Output("y");

        ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
    }

    /// <summary>Gemm with transB, alpha and beta after a global pool: the flatten of [1,C,1,1] is a free reshape.</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_gemm_after_a_global_pool_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 9);
        model.Input("x", 1, 3, 8, 8);
        var conv = model.Node("Conv", ["x", model.Weights("w", [6, 3, 3, 3])], "conv");
        var flat = model.Node("Flatten", [model.Node("GlobalAveragePool", [conv], "pooled")], "flat");
        model.Node("Gemm", [flat, model.Weights("fc", [10, 6]), model.Weights("fc_bias", [10])], "y", Int("transB", 1), Float("alpha", 0.5f), Float("beta", 2f));
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(1, ImportComparison.Count(graph, OpTypes.Transpose));
    }

    /// <summary>Flattening a [1,4,3,3] map reads it in NCHW order: the one place the channels-last value must be transposed back.</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_gemm_after_flattening_a_spatial_map_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 10);
        model.Input("x", 1, 3, 6, 6);
        var conv = model.Node("Conv", ["x", model.Weights("w", [4, 3, 3, 3]), model.Weights("b", [4])], "conv", IntList("strides", 2, 2), IntList("pads", 1, 1, 1, 1));
        var flat = model.Node("Flatten", [conv], "flat");
        model.Node("Gemm", [flat, model.Weights("fc", [36, 5]), model.Weights("fc_bias", [5])], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(2, ImportComparison.Count(graph, OpTypes.Transpose));
    }

    /// <summary>A channel split of a convolution's map (sizes as an input, opset 13) stays channels-last: each part is a slice of the NHWC value.</summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_channel_split_of_an_image_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 14);
        model.Input("x", 1, 4, 6, 5);
        var conv = model.Node("Conv", ["x", model.Weights("w", [7, 4, 3, 3]), model.Weights("b", [7])], "conv", IntList("pads", 1, 1, 1, 1));
        model.Node("Split", [conv, model.Constant("sizes", [2L, 5L], 2)], ["left", "right"], [Int("axis", 1)]);
        model.Node("Conv", ["right", model.Weights("w2", [3, 5, 1, 1])], "y");
        model.Output("left");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(2, ImportComparison.Count(graph, OpTypes.Slice));
        Assert.Equal(3, ImportComparison.Count(graph, OpTypes.Transpose)); // the input's, and each output's back to NCHW
    }

    /// <summary>
    /// A dense layer's [1,6,12] split on the last axis: into equal parts with no sizes (opset 13), by the <c>split</c>
    /// attribute (opset 11), and by <c>num_outputs</c> into ceil-sized parts, the last one shorter (opset 18: 5, 5, 2).
    /// </summary>
    [Theory]
    [MemberData(nameof(SplitForms))]
    public void A_split_of_a_dense_layer_matches_onnxruntime(int opset, Isa isa)
    {
        var model = new OnnxBuilder(opset, seed: 15);
        model.Input("x", 1, 6, 8);
        var dense = model.Node("Add", [model.Node("MatMul", ["x", model.Weights("w", [8, 12])], "product"), model.Weights("bias", [12])], "dense");
        ProtoMessage[] attributes = opset switch
        {
            11 => [Int("axis", -1), IntList("split", 3, 4, 5)],
            18 => [Int("axis", 2), Int("num_outputs", 3)],
            _ => [Int("axis", -1)],
        };
        model.Node("Split", [dense], ["a", "b", "c"], attributes);
        foreach (var output in new[] { "a", "b", "c" })
        {
            model.Output(output);
        }

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(3, ImportComparison.Count(graph, OpTypes.Slice));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Nearest_resize_by_two_matches_onnxruntime(Isa isa)
    {
        var model = new OnnxBuilder(seed: 11);
        model.Input("x", 1, 4, 5, 3);
        var conv = model.Node("Conv", ["x", model.Weights("w", [6, 4, 1, 1])], "conv");
        model.Node("Resize", [conv, "", model.Constant("scales", [1f, 1, 2, 2], 4)], "y", String("mode", "nearest"));
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal(2, Assert.Single(graph.Nodes, n => n.OpType == OpTypes.Upsample).Attributes.Int("factor", 0));
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Identity_and_dropout_pass_their_input_through(Isa isa)
    {
        var model = new OnnxBuilder(seed: 12);
        model.Input("x", 1, 4, 5, 5);
        var conv = model.Node("Conv", ["x", model.Weights("w", [4, 4, 3, 3])], "conv", IntList("pads", 1, 1, 1, 1));
        var dropped = model.Node("Dropout", [model.Node("Identity", [conv], "same")], "dropped");
        model.Node("Identity", [model.Node("Relu", [dropped], "relu")], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        Assert.Equal([OpTypes.Transpose, OpTypes.Conv2d, OpTypes.Transpose], graph.Nodes.Select(n => n.OpType));
    }

    /// <summary>
    /// A small CNN (conv, batch norm, ReLU6, max pool, depthwise conv, residual add, concat, average pool, global pool,
    /// flatten, Gemm, softmax): its one Transpose is the input's NCHW → NHWC; every image op after it runs channels-last.
    /// </summary>
    [Theory]
    [MemberData(nameof(Tiers))]
    public void A_pure_cnn_is_converted_to_channels_last_once_at_its_input(Isa isa)
    {
        var model = new OnnxBuilder(seed: 13);
        model.Input("x", 1, 3, 12, 10);
        var stem = model.Node("Conv", ["x", model.Weights("stem_w", [8, 3, 3, 3])], "stem", IntList("pads", 1, 1, 1, 1), IntList("strides", 2, 2));
        var normalized = model.Node("BatchNormalization",
            [stem, model.Constant("scale", model.Random([8], 0.5f, 1.5f), 8), model.Weights("shift", [8]), model.Weights("mean", [8]), model.Constant("variance", model.Random([8], 0.5f, 2f), 8)], "bn");
        var activated = model.Node("Clip", [normalized, model.Constant("min", [0f]), model.Constant("max", [6f])], "relu6");
        var pooled = model.Node("MaxPool", [activated], "pooled", IntList("kernel_shape", 2, 2), IntList("strides", 1, 1));
        var depthwise = model.Node("Conv", [pooled, model.Weights("dw_w", [8, 1, 3, 3]), model.Weights("dw_b", [8])], "depthwise", Int("group", 8), IntList("pads", 1, 1, 1, 1));
        var residual = model.Node("Add", [depthwise, pooled], "residual");
        var joined = model.Node("Concat", [residual, pooled], "joined", Int("axis", 1));
        var averaged = model.Node("AveragePool", [joined], "averaged", IntList("kernel_shape", 3, 3), IntList("pads", 1, 1, 1, 1));
        var flat = model.Node("Flatten", [model.Node("GlobalAveragePool", [averaged], "global")], "flat");
        var logits = model.Node("Gemm", [flat, model.Weights("fc", [7, 16]), model.Weights("fc_bias", [7])], "logits", Int("transB", 1));
        model.Node("Softmax", [logits], "y");
        model.Output("y");

        var graph = ImportComparison.AssertMatchesOnnxRuntime(model.Build(), isa);
        var transpose = Assert.Single(graph.Nodes, n => n.OpType == OpTypes.Transpose);
        Assert.Equal(["x"], transpose.Inputs);
        Assert.Equal(0, ImportComparison.Count(graph, OpTypes.BatchNorm));
    }

    private static TheoryData<T, Isa> Cross<T>(T[] variants)
    {
        var data = new TheoryData<T, Isa>();
        foreach (var variant in variants)
        {
            foreach (var isa in IsaSupport.Available)
            {
                data.Add(variant, isa);
            }
        }

        return data;
    }
}
