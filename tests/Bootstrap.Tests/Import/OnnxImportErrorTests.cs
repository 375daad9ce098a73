using Toolkit.Serialization.Onnx.Import;

namespace Toolkit.Bootstrap.Tests.Import;

/// <summary>
/// Files the importer cannot take: each is refused with one <see cref="OnnxImportException"/> whose message names
/// the node, initializer or input at fault and the field, never with another exception type, and never half-imported.
/// </summary>
public class OnnxImportErrorTests
{
    private const string Source = "bad.onnx";

    [Fact]
    public void A_truncated_file_is_refused_as_truncated()
    {
        var valid = SmallClassifier();
        var error = Refused(valid.AsSpan(0, valid.Length / 2).ToArray());

        Assert.Contains(Source, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal("file", Assert.Single(error.Problems).Where);
    }

    [Fact]
    public void Random_bytes_are_refused_with_an_import_exception_only()
    {
        for (var seed = 1; seed <= 64; seed++)
        {
            var random = new Random(seed);
            var garbage = new byte[random.Next(1, 4096)];
            random.NextBytes(garbage);
            var error = Refused(garbage);
            Assert.Contains(Source, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_empty_file_holds_no_graph()
    {
        var error = Refused([]);

        Assert.Contains("holds no graph (0 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initializer_with_external_data_names_the_initializer_and_its_file()
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 3, 8, 8);
        model.Initializer("conv.weight", OnnxTensor.External("conv.weight", "weights.bin", 4, 3, 3, 3));
        model.Node("Conv", ["x", "conv.weight"], "y");
        model.Output("y");

        var problem = Assert.Single(Refused(model.Build()).Problems);
        Assert.Equal("initializer 'conv.weight'", problem.Where);
        Assert.Contains("external_data", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'weights.bin'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initializer_whose_raw_data_does_not_fit_its_dims_names_both()
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 3, 8, 8);
        model.Initializer("conv.weight", OnnxTensor.FloatsWithBytes("conv.weight", 100, 4, 3, 3, 3));
        model.Node("Conv", ["x", "conv.weight"], "y");
        model.Output("y");

        var error = Refused(model.Build());
        var problem = Assert.Single(error.Problems);
        Assert.Equal("initializer 'conv.weight'", problem.Where);
        Assert.Contains("raw_data holds 100 bytes", problem.Message, StringComparison.Ordinal);
        Assert.Contains("dims [4,3,3,3]", problem.Message, StringComparison.Ordinal);
        Assert.Contains("need 432", problem.Message, StringComparison.Ordinal);
        Assert.Contains("initializer 'conv.weight'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_nodes_reading_each_others_outputs_are_named_as_a_cycle()
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 4);
        model.Node("Add", ["x", "b"], ["a"], name: "first");
        model.Node("Relu", ["a"], ["b"], name: "second");
        model.Output("b");

        // The reader also reports the graph output 'b' as unwritten, since the nodes of a cycle are never ordered.
        var nodes = Refused(model.Build()).Problems.Where(p => p.Where.StartsWith("node", StringComparison.Ordinal)).ToList();
        Assert.Equal(["node 'first' (Add)", "node 'second' (Relu)"], nodes.Select(p => p.Where));
        Assert.All(nodes, p => Assert.Contains("cycle", p.Message, StringComparison.Ordinal));
        Assert.Contains("reads 'b'", nodes[0].Message, StringComparison.Ordinal);
        Assert.Contains("reads 'a'", nodes[1].Message, StringComparison.Ordinal);
    }

    /// <summary>ONNX values are written once; a second writer leaves it ambiguous which one a reader means.</summary>
    [Theory]
    [InlineData("initializer_and_node")]
    [InlineData("two_nodes")]
    [InlineData("input_and_node")]
    public void A_value_defined_twice_is_refused_naming_the_value(string variant)
    {
        var model = new OnnxBuilder();
        model.Input("x", 2, 4);
        model.Input("z", 2, 4);
        var twice = variant == "input_and_node" ? "z" : "twice";
        if (variant == "initializer_and_node")
        {
            model.Constant("twice", [0.5f]);
        }
        else if (variant == "two_nodes")
        {
            model.Node("Tanh", ["x"], [twice], name: "first");
        }

        model.Node("Relu", ["x"], [twice], name: "second");
        model.Node("Add", [twice, "x"], "y");
        model.Output("y");

        var error = Refused(model.Build());
        Assert.Contains($"'{twice}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_dimension_without_a_value_names_the_input_the_dimension_and_the_dim_option()
    {
        var error = Refused(SymbolicBatch());

        var problem = Assert.Single(error.Problems);
        Assert.Equal("input 'x'", problem.Where);
        Assert.Contains("dimension 0 'batch'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("--dim batch=N", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_dimension_given_a_value_imports_at_that_value()
    {
        var options = new OnnxImportOptions { Dimensions = new Dictionary<string, int>(StringComparer.Ordinal) { ["batch"] = 3 } };
        var graph = OnnxImporter.Import(SymbolicBatch(), Source, options);

        Assert.Equal([3, 4], graph.Inputs.Single().Shape);
    }

    [Fact]
    public void Every_unsupported_operator_is_listed_at_once()
    {
        var model = new OnnxBuilder();
        model.Input("boxes", 1, 6, 4);
        model.Input("scores", 1, 1, 6);
        model.Input("sequence", 5, 1, 8);
        model.Node("NonMaxSuppression", ["boxes", "scores"], ["selected"], name: "nms");
        model.Node("LSTM", ["sequence", model.Weights("W", [1, 16, 8]), model.Weights("R", [1, 16, 4])], ["hidden"], [OnnxAttribute.Int("hidden_size", 4)], name: "lstm");
        model.Output("selected", OnnxTensor.Int64Type);
        model.Output("hidden");

        var error = Refused(model.Build());
        Assert.Equal(["node 'nms' (NonMaxSuppression)", "node 'lstm' (LSTM)"], error.Problems.Select(p => p.Where));
        Assert.Contains("operator NonMaxSuppression is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("operator LSTM is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 problems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dilated_convolution_names_the_node_and_the_attribute()
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 3, 8, 8);
        model.Node("Conv", ["x", model.Weights("w", [4, 3, 3, 3])], ["y"], [OnnxAttribute.IntList("dilations", 2, 2)], name: "dilated");
        model.Output("y");

        var problem = Assert.Single(Refused(model.Build()).Problems);
        Assert.Equal("node 'dilated' (Conv)", problem.Where);
        Assert.Contains("dilations [2,2]", problem.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> UnsupportedAttributes => new()
    {
        { "clip_to_one", "Clip to [-1, 1]" },
        { "resize_linear", "mode 'linear'" },
        { "gemm_trans_a", "transA 1" },
        { "softmax_axis_0", "axis 0" },
        { "pool_ceil_mode", "ceil_mode 1" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedAttributes))]
    public void An_unsupported_attribute_value_names_the_node_and_the_value(string nodeName, string expected)
    {
        var model = new OnnxBuilder();
        model.Input("image", 1, 2, 4, 4);
        model.Input("matrix", 4, 3);
        switch (nodeName)
        {
            case "clip_to_one":
                model.Node("Clip", ["image", model.Constant("low", [-1f]), model.Constant("high", [1f])], ["y"], name: nodeName);
                break;
            case "resize_linear":
                model.Node("Resize", ["image", "", model.Constant("scales", [1f, 1, 2, 2], 4)], ["y"], [OnnxAttribute.String("mode", "linear")], name: nodeName);
                break;
            case "gemm_trans_a":
                model.Node("Gemm", ["matrix", model.Weights("b", [4, 5])], ["y"], [OnnxAttribute.Int("transA", 1)], name: nodeName);
                break;
            case "softmax_axis_0":
                model.Node("Softmax", ["matrix"], ["y"], [OnnxAttribute.Int("axis", 0)], name: nodeName);
                break;
            default:
                model.Node("MaxPool", ["image"], ["y"], [OnnxAttribute.IntList("kernel_shape", 3, 3), OnnxAttribute.Int("ceil_mode", 1)], name: nodeName);
                break;
        }

        model.Output("y");

        var problem = Assert.Single(Refused(model.Build()).Problems);
        Assert.StartsWith($"node '{nodeName}'", problem.Where, StringComparison.Ordinal);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opset_the_importer_does_not_read_names_the_opset()
    {
        var model = new OnnxBuilder(opset: 5);
        model.Input("x", 1, 4);
        model.Node("Relu", ["x"], "y");
        model.Output("y");

        var problem = Assert.Single(Refused(model.Build()).Problems);
        Assert.Equal("opset_import", problem.Where);
        Assert.Contains("opset 5", problem.Message, StringComparison.Ordinal);
        Assert.Contains("7–21", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_of_another_domain_names_the_node_and_its_domain()
    {
        var model = new OnnxBuilder().Opset("com.microsoft", 1);
        model.Input("x", 1, 3, 8, 8);
        model.Node("FusedConv", ["x", model.Weights("w", [4, 3, 3, 3])], ["y"], [OnnxAttribute.String("activation", "Relu")], name: "fused", domain: "com.microsoft");
        model.Output("y");

        var problem = Assert.Single(Refused(model.Build()).Problems);
        Assert.Equal("node 'fused' (com.microsoft.FusedConv)", problem.Where);
        Assert.Contains("operator com.microsoft.FusedConv is not supported", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>Split sizes that do not add up to the axis, and an axis that does not split evenly with no sizes, name the node and the lengths.</summary>
    [Fact]
    public void A_split_that_does_not_tile_its_axis_names_the_sizes()
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 7, 4);
        model.Node("Split", ["x", model.Constant("sizes", [3L, 3L], 2)], ["a", "b"], [OnnxAttribute.Int("axis", 1)], name: "uneven");
        model.Node("Split", ["x"], ["c", "d"], [OnnxAttribute.Int("axis", 1)], name: "odd");
        foreach (var output in new[] { "a", "b", "c", "d" })
        {
            model.Output(output);
        }

        var problems = Refused(model.Build()).Problems;
        Assert.Equal(["node 'uneven' (Split)", "node 'odd' (Split)"], problems.Select(p => p.Where));
        Assert.Contains("split sizes [3,3] must be 2 positive lengths summing to axis 1's 7", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("axis 1 of length 7 does not split into 2 equal parts", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_in_several_initializers_are_listed_together()
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 3, 8, 8);
        model.Initializer("a", OnnxTensor.External("a", "a.bin", 4, 3, 3, 3));
        model.Initializer("b", OnnxTensor.FloatsWithBytes("b", 3, 4));
        model.Node("Conv", ["x", "a", "b"], "y");
        model.Output("y");

        Assert.Equal(["initializer 'a'", "initializer 'b'"], Refused(model.Build()).Problems.Select(p => p.Where));
    }

    [Fact]
    public void A_missing_file_is_an_import_exception_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");
        var error = Assert.IsType<OnnxImportException>(Record.Exception(() => OnnxImporter.Import(path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Seeded byte mutations of a valid model (a flipped byte, a byte set to 0 or 0xFF, a cut): each either imports or
    /// is refused with an <see cref="OnnxImportException"/>; no mutation may surface another exception.
    /// </summary>
    [Fact]
    public void Mutated_files_import_or_are_refused_with_an_import_exception_only()
    {
        var valid = SmallClassifier();
        var random = new Random(17);
        var failures = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])valid.Clone();
            var at = random.Next(bytes.Length);
            switch (i % 4)
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = 0;
                    break;
                case 2:
                    bytes[at] = 0xFF;
                    break;
                default:
                    bytes = bytes.AsSpan(0, at).ToArray();
                    break;
            }

            var error = Record.Exception(() => ImportComparison.Import(bytes));
            if (error is not null and not OnnxImportException)
            {
                failures.Add($"mutation {i} at byte {at}: {error.GetType().Name}: {error.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static OnnxImportException Refused(byte[] model, OnnxImportOptions? options = null) =>
        Assert.IsType<OnnxImportException>(Record.Exception(() => OnnxImporter.Import(model, Source, options)));

    private static byte[] SymbolicBatch()
    {
        var model = new OnnxBuilder();
        model.Input("x", "batch", 4);
        model.Node("Relu", ["x"], "y");
        model.Output("y");
        return model.Build();
    }

    /// <summary>Conv, ReLU, global pool, flatten, a dense layer and softmax: a valid file the mutations start from.</summary>
    private static byte[] SmallClassifier()
    {
        var model = new OnnxBuilder();
        model.Input("x", 1, 3, 8, 8);
        var conv = model.Node("Conv", ["x", model.Weights("w", [4, 3, 3, 3]), model.Weights("b", [4])], "conv", OnnxAttribute.IntList("pads", 1, 1, 1, 1));
        var pooled = model.Node("GlobalAveragePool", [model.Node("Relu", [conv], "relu")], "pooled");
        var flat = model.Node("Flatten", [pooled], "flat");
        var logits = model.Node("Gemm", [flat, model.Weights("fc", [5, 4]), model.Weights("fc_bias", [5])], "logits", OnnxAttribute.Int("transB", 1));
        model.Node("Softmax", [logits], "y");
        model.Output("y");
        return model.Build();
    }
}
