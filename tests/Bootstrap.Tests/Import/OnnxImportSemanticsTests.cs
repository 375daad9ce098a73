using Toolkit.Kernels;
using Toolkit.Serialization.Onnx.Import;
using static Toolkit.Bootstrap.Tests.Import.OnnxAttribute;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// Attribute values and operator forms at the edge of what the importer maps (Resize's rounding modes, a batch norm
/// of a rank-3 value, transposes of images, a spatial ReduceMean). The importer may refuse any of them with an
/// <see cref="OnnxImportException"/> naming the node; what it imports must compute what ONNX Runtime computes.
/// </summary>
public class OnnxImportSemanticsTests
{
    public static TheoryData<string, Isa> Cases => Cross(
    [
        "resize_sizes", "transpose_image_hw", "reduce_mean_spatial", "clip_min_only", "flatten_axis_2", "gemm_bias_row",
        "max_pool_same_upper", "gelu_half_last", "squeeze_unsqueeze",
    ]);

    /// <summary>
    /// Forms an earlier importer took and computed differently from ONNX Runtime: Resize's nearest_mode and
    /// coordinate_transformation_mode were ignored (every nearest Resize became floor(x / factor)), and a rank-3 batch
    /// norm normalized the last axis instead of the channels.
    /// </summary>
    public static TheoryData<string, Isa> Miscomputed => Cross(["resize_nearest_ceil", "resize_asymmetric_round_prefer_ceil", "batch_norm_rank_3"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void What_the_importer_takes_matches_onnxruntime_and_what_it_refuses_names_the_node(string variant, Isa isa) =>
        AssertMatchesOrRefused(Model(variant), isa);

    [Theory]
    [MemberData(nameof(Miscomputed))]
    public void Rounding_modes_and_rank_3_batch_norms_match_onnxruntime_or_are_refused(string variant, Isa isa) =>
        AssertMatchesOrRefused(Model(variant), isa);

    private static void AssertMatchesOrRefused(byte[] bytes, Isa isa)
    {
        if (Record.Exception(() => ImportComparison.Import(bytes)) is { } error)
        {
            var problem = Assert.Single(Assert.IsType<OnnxImportException>(error).Problems);
            Assert.StartsWith("node ", problem.Where, StringComparison.Ordinal);
            return;
        }

        ImportComparison.AssertMatchesOnnxRuntime(bytes, isa);
    }

    private static byte[] Model(string variant)
    {
        var model = new OnnxBuilder(seed: 21);
        switch (variant)
        {
            case "resize_sizes":
                model.Input("x", 1, 3, 4, 5);
                model.Node("Resize", ["x", "", "", model.Constant("sizes", [1L, 3, 8, 10], 4)], "y", String("mode", "nearest"));
                break;
            case "resize_nearest_ceil":
                model.Input("x", 1, 3, 4, 5);
                model.Node("Resize", ["x", "", model.Constant("scales", [1f, 1, 2, 2], 4)], "y", String("mode", "nearest"), String("nearest_mode", "ceil"));
                break;
            case "resize_asymmetric_round_prefer_ceil":
                model.Input("x", 1, 3, 4, 5);
                model.Node("Resize", ["x", "", model.Constant("scales", [1f, 1, 2, 2], 4)], "y",
                    String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"), String("nearest_mode", "round_prefer_ceil"));
                break;
            case "batch_norm_rank_3":
                // BatchNorm1d: [N, C, L] normalized per channel (axis 1); C = L, so a per-last-axis reading still type-checks.
                model.Input("x", 1, 4, 4);
                model.Node("BatchNormalization",
                    ["x", model.Constant("scale", model.Random([4], 0.5f, 1.5f), 4), model.Weights("shift", [4]), model.Weights("mean", [4]), model.Constant("variance", model.Random([4], 0.5f, 2f), 4)], "y");
                break;
            case "transpose_image_hw":
                model.Input("x", 1, 3, 5, 4);
                var swapped = model.Node("Conv", ["x", model.Weights("w", [4, 3, 3, 3])], "conv", IntList("pads", 1, 1, 1, 1));
                model.Node("Transpose", [swapped], "y", IntList("perm", 0, 1, 3, 2));
                break;
            case "reduce_mean_spatial":
                model.Input("x", 1, 3, 5, 4);
                var features = model.Node("Conv", ["x", model.Weights("w", [6, 3, 3, 3])], "conv");
                model.Node("ReduceMean", [features], "y", IntList("axes", 2, 3), Int("keepdims", 0));
                break;
            case "clip_min_only":
                model.Input("x", 2, 9);
                model.Node("Clip", ["x", model.Constant("min", [0f])], "y");
                break;
            case "flatten_axis_2":
                model.Input("x", 1, 3, 5, 4);
                var mapped = model.Node("Conv", ["x", model.Weights("w", [4, 3, 3, 3])], "conv", IntList("pads", 1, 1, 1, 1));
                model.Node("Flatten", [mapped], "y", Int("axis", 2));
                break;
            case "gemm_bias_row":
                model.Input("x", 3, 6);
                model.Node("Gemm", ["x", model.Weights("b", [6, 5]), model.Weights("c", [1, 5])], "y");
                break;
            case "max_pool_same_upper":
                model.Input("x", 1, 3, 7, 6);
                model.Node("MaxPool", ["x"], "y", IntList("kernel_shape", 3, 3), IntList("strides", 2, 2), String("auto_pad", "SAME_UPPER"));
                break;
            case "gelu_half_last":
                // x · (1 + erf(x / √2)) · ½, the other order of the two products.
                model.Input("x", 3, 8);
                var product = model.Node("MatMul", ["x", model.Weights("w", [8, 6])], "product");
                var onePlus = model.Node("Add", [model.Node("Erf", [model.Node("Mul", [product, model.Constant("rsqrt2", [MathF.Sqrt(0.5f)])], "scaled")], "erf"), model.Constant("one", [1f])], "one_plus");
                model.Node("Mul", [model.Node("Mul", [product, onePlus], "unhalved"), model.Constant("half", [0.5f])], "y");
                break;
            default:
                model.Input("x", 2, 1, 6);
                var flat = model.Node("Squeeze", ["x", model.Constant("axes", [1L], 1)], "flat");
                var dense = model.Node("MatMul", [flat, model.Weights("w", [6, 4])], "dense");
                model.Node("Unsqueeze", [dense, model.Constant("new_axes", [0L], 1)], "y");
                break;
        }

        model.Output("y");
        return model.Build();
    }

    private static TheoryData<string, Isa> Cross(string[] variants)
    {
        var data = new TheoryData<string, Isa>();
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
