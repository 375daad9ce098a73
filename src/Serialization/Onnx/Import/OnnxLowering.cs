using System.Globalization;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// Pass 3 of the import: maps each (folded, fused) ONNX node to our graph's operations. Images run channels-last:
/// a value that a convolution, pool or batch norm writes is kept NHWC while its ONNX shape stays NCHW, and weights are
/// converted once here (OIHW → HWIO). A layout changes only where a value crosses between an image op and one that
/// reads ONNX's element order (a graph input or output, a Flatten of a spatial map); where H·W or C is 1 the two orders
/// hold the same bytes and the change is a free reshape.
/// </summary>
internal sealed partial class OnnxLowering
{
    private readonly OnnxGraph graph;
    private readonly IReadOnlyDictionary<string, OnnxValue> values;
    private readonly List<Node> nodes = [];
    private readonly Dictionary<string, Tensor> initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Lowered> lowered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> converted = new(StringComparer.Ordinal);
    private readonly List<OnnxProblem> problems = [];
    private readonly HashSet<string> failed = new(StringComparer.Ordinal);

    private static readonly int[] ToNhwc = [0, 2, 3, 1];
    private static readonly int[] ToNchw = [0, 3, 1, 2];

    private OnnxLowering(OnnxGraph graph, IReadOnlyDictionary<string, OnnxValue> values)
    {
        this.graph = graph;
        this.values = values;
    }

    /// <summary>An ONNX value in our graph: its name there, and whether it is held channels-last (NHWC for an NCHW value).</summary>
    private readonly record struct Lowered(string Name, bool ChannelsLast);

    public static ModelGraph Lower(OnnxGraph graph, IReadOnlyDictionary<string, OnnxValue> values, string source)
    {
        var lowering = new OnnxLowering(graph, values);
        foreach (var input in graph.Inputs)
        {
            lowering.lowered[input.Name] = new Lowered(input.Name, false);
        }

        foreach (var node in graph.Nodes)
        {
            try
            {
                lowering.Lower(node);
            }
            catch (OnnxImportException e)
            {
                // Its readers fail too, silently: the one problem is reported once, where it arose.
                lowering.problems.AddRange(e.Problems);
                lowering.failed.UnionWith(node.Outputs);
            }
        }

        if (lowering.problems.Count > 0)
        {
            throw new OnnxImportException(source, lowering.problems);
        }

        return lowering.Finish();
    }

    private ModelGraph Finish()
    {
        foreach (var output in graph.Outputs)
        {
            var v = Computed(output);
            if (v.ChannelsLast)
            {
                nodes.Add(LayoutChange(v.Name, output, values[output].Shape, toChannelsLast: false));
            }
            else if (v.Name != output)
            {
                // An alias (Identity, a no-op Slice): a reshape gives the value its ONNX name.
                Emit(output, OpTypes.Reshape, [v.Name], new NodeAttributes { { "shape", values[output].Shape } });
            }
        }

        var used = nodes.SelectMany(n => n.Inputs).ToHashSet(StringComparer.Ordinal);
        return new ModelGraph(graph.Name, graph.Inputs, nodes, initializers.Where(kv => used.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal), graph.Outputs);
    }

    private void Lower(OnnxNode node)
    {
        var output = values[node.Output];
        switch (node.OpType)
        {
            case "Identity" or "Dropout":
                lowered[node.Output] = Computed(node.Inputs[0]);
                break;
            case "Conv":
                Conv(node);
                break;
            case "BatchNormalization":
                if (values[node.Inputs[0]].Rank is not (2 or 4))
                {
                    throw Fail(node, $"batch normalization of {values[node.Inputs[0]]} is not supported; only [N,C] and [N,C,H,W].");
                }

                var channelsLast = values[node.Inputs[0]].Rank == 4;
                var x = channelsLast ? ChannelsLast(node.Inputs[0]) : Plain(node.Inputs[0]);
                Emit(node.Output, OpTypes.BatchNorm, [x, .. node.Inputs.Skip(1).Take(4).Select(i => Vector(node, i))],
                    new NodeAttributes { { "epsilon", node.Float("epsilon", 1e-5f) } }, channelsLast);
                break;
            case "Relu":
                Activation(node, Kernels.Activation.Relu);
                break;
            case "Sigmoid":
                Activation(node, Kernels.Activation.Sigmoid);
                break;
            case FusedOps.Silu:
                Activation(node, Kernels.Activation.Silu);
                break;
            case FusedOps.Gelu or "Gelu" when node.String("approximate", "none") == "none":
                Activation(node, Kernels.Activation.Gelu);
                break;
            case "Clip":
                Activation(node, ClipActivation(node));
                break;
            case "Tanh":
                Emit(node.Output, OpTypes.Tanh, [Same(node.Inputs[0], out var layout)], null, layout);
                break;
            case "Add" or "Sub" or "Mul" or "Div":
                Binary(node);
                break;
            case "Concat":
                Concat(node);
                break;
            case "MaxPool" or "AveragePool":
                Pool(node);
                break;
            case "GlobalAveragePool":
                Emit(node.Output, OpTypes.GlobalAveragePool, [ChannelsLast(node.Inputs[0])], null, true);
                break;
            case "ReduceMean" when IsSpatialMean(node):
                var pooled = Emit($"{node.Output}/pool", OpTypes.GlobalAveragePool, [ChannelsLast(node.Inputs[0])], null, true);
                Emit(node.Output, OpTypes.Reshape, [pooled], new NodeAttributes { { "shape", output.Shape } });
                break;
            case "Flatten" or "Reshape" or "Squeeze" or "Unsqueeze":
                Emit(node.Output, OpTypes.Reshape, [Plain(node.Inputs[0])], new NodeAttributes { { "shape", output.Shape } });
                break;
            case "Transpose":
                Transpose(node);
                break;
            case "Softmax":
                Softmax(node);
                break;
            case "Gemm":
                Gemm(node);
                break;
            case FusedOps.Dense:
                Emit(node.Output, OpTypes.Dense, [Plain(node.Inputs[0]), Constant(node.Inputs[1]), .. node.Inputs.Skip(2).Select(Constant)]);
                break;
            case FusedOps.LayerNorm or "LayerNormalization":
                LayerNorm(node);
                break;
            case FusedOps.Attention:
                Emit(node.Output, OpTypes.MultiHeadAttention, [Plain(node.Inputs[0]), Int32(node.Inputs[1])], new NodeAttributes { { "heads", (int)node.Int("heads", 0) } });
                break;
            case FusedOps.YoloDetect:
                Emit(node.Output, OpTypes.YoloDetect, [ChannelsLast(node.Inputs[0])],
                    new NodeAttributes { { "anchors", node.Ints("anchors")!.Select(a => (int)a).ToArray() }, { "stride", (int)node.Int("stride", 0) } });
                break;
            case FusedOps.Embedding:
                Emit(node.Output, OpTypes.Embedding, [Int32(node.Inputs[0]), Int32(node.Inputs[1]), .. node.Inputs.Skip(2).Select(Constant)]);
                break;
            case "Gather":
                Gather(node);
                break;
            case "Split":
                Split(node);
                break;
            case "Slice":
                Slice(node);
                break;
            case "Cast":
                Emit(node.Output, OpTypes.Cast, [Plain(node.Inputs[0])], new NodeAttributes { { "to", output.DataType.ToString() } });
                break;
            case "Resize":
                Resize(node);
                break;
            default:
                throw Fail(node, node.OpType.StartsWith("toolkit.", StringComparison.Ordinal) || OnnxInference.Supported.Contains(node.OpType)
                    ? $"a {node.OpType} of computed values is only supported inside a pattern the importer fuses (layer norm, GELU, attention); inputs {string.Join(", ", node.Inputs.Select(i => values[i]))}."
                    : $"operator {node.OpType} is not supported.");
        }
    }

    /// <summary>
    /// A transpose between NHWC and NCHW is a change of layout, not of data: its output is the input's storage seen the
    /// other way (an exporter's NHWC → NCHW before a convolution costs nothing). Other permutations copy.
    /// </summary>
    private void Transpose(OnnxNode node)
    {
        var perm = (node.Ints("perm") ?? [.. Enumerable.Range(0, values[node.Inputs[0]].Rank).Reverse().Select(i => (long)i)]).Select(p => (int)p).ToArray();
        var input = Computed(node.Inputs[0]);
        if (!input.ChannelsLast && perm.SequenceEqual(ToNchw))
        {
            lowered[node.Output] = new Lowered(input.Name, true);
        }
        else if (input.ChannelsLast && perm.SequenceEqual(ToNhwc))
        {
            lowered[node.Output] = new Lowered(input.Name, false);
        }
        else
        {
            Emit(node.Output, OpTypes.Transpose, [Plain(node.Inputs[0])], new NodeAttributes { { "perm", perm } });
        }
    }

    private void Conv(OnnxNode node)
    {
        var weights = ConstantTensor(node, node.Inputs[1], "the weights");
        var g = OnnxConvGeometry.From(node, values[node.Inputs[0]].Shape, weights.Shape);
        var hwio = Add($"{node.Inputs[1]}/hwio", OnnxLayout.OihwToHwio(weights));
        List<string> inputs = [ChannelsLast(node.Inputs[0]), hwio];
        if (node.Input(2) is { } bias)
        {
            inputs.Add(Vector(node, bias));
        }

        Emit(node.Output, OpTypes.Conv2d, inputs, new NodeAttributes
        {
            { "kernel", g.Kernel }, { "strides", g.Strides }, { "pads", g.Pads }, { "group", g.Group },
        }, true);
    }

    private void Pool(OnnxNode node)
    {
        var g = OnnxConvGeometry.From(node, values[node.Inputs[0]].Shape, null);
        var attributes = new NodeAttributes { { "kernel", g.Kernel }, { "strides", g.Strides }, { "pads", g.Pads } };
        if (node.OpType == "AveragePool")
        {
            attributes.Set("count_include_pad", (int)node.Int("count_include_pad", 0));
        }

        Emit(node.Output, node.OpType == "MaxPool" ? OpTypes.MaxPool : OpTypes.AveragePool, [ChannelsLast(node.Inputs[0])], attributes, true);
    }

    private void Concat(OnnxNode node)
    {
        var rank = values[node.Output].Rank;
        var axis = OnnxInference.Axis(node, node.Int("axis", 1), rank);
        var channelsLast = rank == 4;
        var inputs = node.Inputs.Select(i => values[i].IsConstant ? throw Fail(node, "concatenating a constant with computed values is not supported.") : channelsLast ? ChannelsLast(i) : Plain(i)).ToList();
        Emit(node.Output, OpTypes.Concat, inputs, new NodeAttributes { { "axis", channelsLast ? OnnxLayout.ChannelsLastAxis(axis) : axis } }, channelsLast);
    }

    private void Softmax(OnnxNode node)
    {
        var rank = values[node.Inputs[0]].Rank;
        var axis = OnnxInference.Axis(node, node.Int("axis", graph.Opset >= 13 ? -1 : 1), rank);
        if (axis != rank - 1)
        {
            throw Fail(node, $"softmax over axis {axis} of a rank-{rank} value is not supported; only over the last axis.");
        }

        Emit(node.Output, OpTypes.Softmax, [Plain(node.Inputs[0])]);
    }

    private void Gemm(OnnxNode node)
    {
        if (node.Int("transA", 0) != 0)
        {
            throw Fail(node, "transA 1 is not supported.");
        }

        var b = ConstantTensor(node, node.Inputs[1], "B");
        var weights = node.Int("transB", 0) != 0 ? OnnxLayout.Transpose2d(b) : b;
        var alpha = node.Float("alpha", 1f);
        if (alpha != 1f)
        {
            weights = ConstantMath.Unary(weights, v => v * alpha);
        }

        List<string> inputs = [Plain(node.Inputs[0]), Add($"{node.Inputs[1]}/kn", weights)];
        if (node.Input(2) is { } c)
        {
            var bias = ConstantTensor(node, c, "C");
            var width = weights.Shape[1];
            var beta = node.Float("beta", 1f);
            var vector = PerChannel(bias, 2, 1, width) ?? throw Fail(node, $"C {OnnxValue.Of(bias)} must be one number or one per output column.");
            inputs.Add(Add($"{c}/bias", Tensor.From<float>(vector.Select(v => v * beta).ToArray(), width)));
        }

        Emit(node.Output, OpTypes.Dense, inputs);
    }

    private void LayerNorm(OnnxNode node)
    {
        var rank = values[node.Inputs[0]].Rank;
        if (node.OpType == "LayerNormalization" && OnnxInference.Axis(node, node.Int("axis", -1), rank) != rank - 1)
        {
            throw Fail(node, "layer normalization over more than the last axis is not supported.");
        }

        var width = values[node.Inputs[0]].Shape[^1];
        var beta = node.Input(2) is { } b ? Vector(node, b) : Add($"{node.Output}/beta", Tensor.Zeros(DataType.Float32, width));
        Emit(node.Output, OpTypes.LayerNorm, [Plain(node.Inputs[0]), Vector(node, node.Inputs[1]), beta],
            new NodeAttributes { { "epsilon", node.Float("epsilon", 1e-5f) } });
    }

    /// <summary>A Gather of one constant index from a computed value (BERT's pooler takes token 0): a slice and a reshape.</summary>
    private void Gather(OnnxNode node)
    {
        var data = values[node.Inputs[0]];
        if (data.IsConstant || values[node.Inputs[1]].Constant is not { Length: 1 } index)
        {
            throw Fail(node, $"only a Gather of one constant index from a computed value, or of rows of a constant table inside the embedding pattern, is supported; got {data} and {values[node.Inputs[1]]}.");
        }

        var axis = OnnxInference.Axis(node, node.Int("axis", 0), data.Rank);
        var at = ConstantMath.Longs(index)[0];
        at = at < 0 ? at + data.Shape[axis] : at;
        var slice = EmitSlice($"{node.Output}/slice", Plain(node.Inputs[0]), axis, (int)at, 1);
        Emit(node.Output, OpTypes.Reshape, [slice], new NodeAttributes { { "shape", values[node.Output].Shape } });
    }

    private void Slice(OnnxNode node)
    {
        var x = values[node.Inputs[0]];
        var ranges = OnnxSlice.Ranges(node, x.Shape, [.. node.Inputs.Select(i => i.Length == 0 ? null : values[i])], graph.Opset);
        var cut = ranges.Select((r, axis) => (r, axis)).Where(p => p.r.Count != x.Shape[p.axis]).ToList();
        if (cut.Count > 1 || cut.Any(p => p.r.Step != 1))
        {
            throw Fail(node, "only a slice of one axis with step 1 is supported.");
        }

        if (cut.Count == 0)
        {
            lowered[node.Output] = Computed(node.Inputs[0]);
            return;
        }

        var (range, sliced) = cut[0];
        EmitSlice(node.Output, Plain(node.Inputs[0]), sliced, range.Start, range.Count);
    }

    /// <summary>Each output a slice of the one axis, in the layout the input already has (a channel split of an image stays NHWC).</summary>
    private void Split(OnnxNode node)
    {
        var x = values[node.Inputs[0]];
        if (x.IsConstant)
        {
            throw Fail(node, "a Split of a constant that folding left computed is not supported.");
        }

        var (axis, parts) = OnnxSplit.Ranges(node, x.Shape, [.. node.Inputs.Select(i => i.Length == 0 ? null : values[i])], graph.Opset);
        var input = Same(node.Inputs[0], out var channelsLast);
        var ourAxis = channelsLast ? OnnxLayout.ChannelsLastAxis(axis) : axis;
        for (var i = 0; i < parts.Length; i++)
        {
            var range = parts[i][axis];
            EmitSlice(node.Outputs[i], input, ourAxis, range.Start, range.Count, channelsLast);
        }
    }

    /// <summary>Our Slice of <paramref name="count"/> entries from <paramref name="start"/> on one axis of the lowered value.</summary>
    private string EmitSlice(string output, string input, int axis, int start, int count, bool channelsLast = false) =>
        Emit(output, OpTypes.Slice, [input], new NodeAttributes { { "axis", axis }, { "start", start }, { "end", start + count } }, channelsLast);

    private void Resize(OnnxNode node)
    {
        // Our upsampling repeats each pixel factor times: out[y] = in[floor(y / factor)]. For an integer factor that is
        // half_pixel with either round_prefer mode (the defaults since opset 11), and asymmetric with floor.
        var transform = node.String("coordinate_transformation_mode", "half_pixel");
        var rounding = node.String("nearest_mode", "round_prefer_floor");
        var repeats = graph.Opset < 11
            || (transform is "half_pixel" && rounding is "round_prefer_floor" or "round_prefer_ceil")
            || (transform is "asymmetric" && rounding is "floor");
        if (!repeats)
        {
            throw Fail(node, $"coordinate_transformation_mode '{transform}' with nearest_mode '{rounding}' is not supported; nearest Resize runs as half_pixel with round_prefer_floor or round_prefer_ceil, or asymmetric with floor.");
        }

        var (x, y) = (values[node.Inputs[0]].Shape, values[node.Output].Shape);
        if (x.Length != 4 || y[0] != x[0] || y[1] != x[1] || y[2] % x[2] != 0 || y[2] / x[2] != y[3] / x[3] || y[3] % x[3] != 0)
        {
            throw Fail(node, $"only nearest upsampling of H and W by one integer factor is supported; got [{string.Join(',', x)}] → [{string.Join(',', y)}].");
        }

        Emit(node.Output, OpTypes.Upsample, [ChannelsLast(node.Inputs[0])], new NodeAttributes { { "factor", y[2] / x[2] } }, true);
    }

    private bool IsSpatialMean(OnnxNode node)
    {
        var axes = node.Ints("axes") ?? (node.Input(1) is { } a && values[a].Constant is { } c ? ConstantMath.Longs(c) : null);
        return values[node.Inputs[0]].Rank == 4 && axes is not null && axes.Select(v => v < 0 ? v + 4 : v).Order().SequenceEqual([2L, 3L]);
    }

    private static OnnxImportException Fail(OnnxNode node, string message) => OnnxInference.Fail(node, message);
}
