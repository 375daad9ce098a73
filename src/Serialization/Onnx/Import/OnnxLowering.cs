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
internal sealed class OnnxLowering
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
                lowered[node.Output] = lowered[node.Inputs[0]];
                break;
            case "Conv":
                Conv(node);
                break;
            case "BatchNormalization":
                var channelsLast = values[node.Inputs[0]].Rank == 4;
                var x = channelsLast ? ChannelsLast(node.Inputs[0]) : Plain(node.Inputs[0]);
                Emit(node.Output, OpTypes.BatchNorm, [x, .. node.Inputs.Skip(1).Take(4).Select(i => Vector(node, i))],
                    new NodeAttributes { { "epsilon", node.Float("epsilon", 1e-5f) } }, channelsLast);
                break;
            case "Relu":
                Activation(node, Kernels.Activation.Relu);
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
            case FusedOps.Embedding:
                Emit(node.Output, OpTypes.Embedding, [Int32(node.Inputs[0]), Int32(node.Inputs[1]), .. node.Inputs.Skip(2).Select(Constant)]);
                break;
            case "Gather":
                Gather(node);
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

    private void Activation(OnnxNode node, Activation activation) =>
        Emit(node.Output, OpTypes.Activation, [Same(node.Inputs[0], out var layout)], new NodeAttributes { { "activation", activation.ToString() } }, layout);

    private Activation ClipActivation(OnnxNode node)
    {
        // Clip's bounds are attributes before opset 11 and optional inputs after.
        var low = graph.Opset >= 11 ? Scalar(node, 1) : node.Has("min") ? node.Float("min", 0) : null;
        var high = graph.Opset >= 11 ? Scalar(node, 2) : node.Has("max") ? node.Float("max", 0) : null;
        return (low, high) switch
        {
            (0, 6) => Kernels.Activation.Relu6,
            (0, null) => Kernels.Activation.Relu,
            _ => throw Fail(node, $"Clip to [{low?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {high?.ToString(CultureInfo.InvariantCulture) ?? "inf"}] is not supported; only [0, 6] (ReLU6) and [0, inf) (ReLU)."),
        };
    }

    private float? Scalar(OnnxNode node, int index) => node.Input(index) is { } name
        ? (values[name].Constant is { Length: 1 } c ? (float)ConstantMath.Values(c)[0] : throw Fail(node, $"input {index} must be a constant scalar."))
        : null;

    /// <summary>
    /// Add, Sub, Mul, Div. Two computed values of one shape run element-wise (Add and Mul); a computed value and a
    /// constant that is one number per channel (or one number) run as a per-channel affine y = a·x + b.
    /// </summary>
    private void Binary(OnnxNode node)
    {
        var (a, b) = (values[node.Inputs[0]], values[node.Inputs[1]]);
        if (!a.IsConstant && !b.IsConstant)
        {
            if (node.OpType is not ("Add" or "Mul") || !a.Shape.SequenceEqual(b.Shape))
            {
                throw Fail(node, $"{node.OpType} of two computed values runs only as Add or Mul of equal shapes; got {a} and {b}.");
            }

            var left = Same(node.Inputs[0], out var layout);
            var right = layout ? ChannelsLast(node.Inputs[1]) : Plain(node.Inputs[1]);
            Emit(node.Output, node.OpType == "Add" ? OpTypes.Add : OpTypes.Mul, [left, right], null, layout);
            return;
        }

        var constantFirst = a.IsConstant;
        var (x, c) = constantFirst ? (node.Inputs[1], a.Constant!) : (node.Inputs[0], b.Constant!);
        var value = values[x];
        var channelsLast = value.Rank == 4;
        var axis = channelsLast ? 1 : value.Rank - 1;
        var channels = value.Shape[axis];
        var perChannel = PerChannel(c, value.Rank, axis, channels)
            ?? throw Fail(node, $"the constant {OnnxValue.Of(c)} must be one number, or one per channel of {value}, to run as a per-channel scale or shift.");
        var (scale, shift) = (node.OpType, constantFirst) switch
        {
            ("Add", _) => (Ones(channels), perChannel),
            ("Sub", false) => (Ones(channels), [.. perChannel.Select(v => -v)]),
            ("Sub", true) => (Enumerable.Repeat(-1f, channels).ToArray(), perChannel),
            ("Mul", _) => (perChannel, new float[channels]),
            ("Div", false) => (perChannel.Select(v => 1 / v).ToArray(), new float[channels]),
            _ => throw Fail(node, "dividing a constant by a computed value is not supported."),
        };
        Affine(node.Output, channelsLast ? ChannelsLast(x) : Plain(x), scale, shift, channelsLast);
    }

    /// <summary>y = scale·x + shift per channel of the last axis, as a batch norm with mean 0, variance 1 and epsilon 0.</summary>
    private void Affine(string output, string x, float[] scale, float[] shift, bool channelsLast)
    {
        var n = scale.Length;
        Emit(output, OpTypes.BatchNorm,
        [
            x,
            Add($"{output}/scale", Tensor.From<float>(scale, n)),
            Add($"{output}/shift", Tensor.From<float>(shift, n)),
            Add($"{output}/zero_mean", Tensor.Zeros(DataType.Float32, n)),
            Add($"{output}/unit_variance", Tensor.From<float>(Ones(n), n)),
        ], new NodeAttributes { { "epsilon", 0f } }, channelsLast);
    }

    private static float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();

    /// <summary>One value per channel of <paramref name="axis"/> from a constant that broadcasts only along it, or null.</summary>
    private static float[]? PerChannel(Tensor c, int rank, int axis, int channels)
    {
        var numbers = ConstantMath.Values(c);
        if (numbers.Length == 1)
        {
            return Enumerable.Repeat((float)numbers[0], channels).ToArray();
        }

        // Aligned to the right, the constant's one non-unit dimension must sit at the channel axis.
        var offset = rank - c.Shape.Length;
        var ok = numbers.Length == channels && offset >= 0 && c.Shape.Select((d, i) => d == 1 || i + offset == axis).All(b => b);
        return ok ? [.. numbers.Select(v => (float)v)] : null;
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
        var slice = Emit($"{node.Output}/slice", OpTypes.Slice, [Plain(node.Inputs[0])], new NodeAttributes { { "axis", axis }, { "start", (int)at }, { "end", (int)at + 1 } });
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
            lowered[node.Output] = lowered[node.Inputs[0]];
            return;
        }

        var (range, sliced) = cut[0];
        Emit(node.Output, OpTypes.Slice, [Plain(node.Inputs[0])], new NodeAttributes { { "axis", sliced }, { "start", range.Start }, { "end", range.Start + range.Count } });
    }

    private void Resize(OnnxNode node)
    {
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

    /// <summary>Emits a node writing <paramref name="output"/> and records its layout; returns the value's name.</summary>
    private string Emit(string output, string opType, IReadOnlyList<string> inputs, NodeAttributes? attributes = null, bool channelsLast = false)
    {
        // A graph output must carry its ONNX name in ONNX's order, so a channels-last one is held under another name.
        var name = channelsLast && graph.Outputs.Contains(output) ? $"{output}/nhwc" : output;
        nodes.Add(new Node(name, opType, inputs, name, attributes ?? NodeAttributes.Empty));
        lowered[output] = new Lowered(name, channelsLast);
        return name;
    }

    /// <summary>The value in whatever layout it already has, for ops that do not care.</summary>
    private string Same(string value, out bool channelsLast)
    {
        var v = Computed(value);
        channelsLast = v.ChannelsLast;
        return v.Name;
    }

    /// <summary>The value in ONNX's element order.</summary>
    private string Plain(string value) => Convert(value, false);

    /// <summary>The value channels-last (NHWC); it must be a 4-D NCHW value.</summary>
    private string ChannelsLast(string value) => Convert(value, true);

    private string Convert(string value, bool channelsLast)
    {
        var v = Computed(value);
        if (v.ChannelsLast == channelsLast)
        {
            return v.Name;
        }

        var key = $"{value}/{(channelsLast ? "nhwc" : "nchw")}";
        if (converted.TryGetValue(key, out var name))
        {
            return name;
        }

        var shape = values[value].Shape; // NCHW
        if (shape.Length != 4)
        {
            throw new OnnxImportException("cannot import the ONNX file", [new OnnxProblem($"value '{value}'", $"an image operation needs a 4-D NCHW value, got {values[value]}.")]);
        }

        nodes.Add(LayoutChange(v.Name, key, shape, channelsLast));
        converted[key] = key;
        return key;
    }

    /// <summary>NCHW ↔ NHWC of a value of ONNX shape <paramref name="nchw"/>: a free reshape where C or H·W is 1, else a transpose.</summary>
    private static Node LayoutChange(string from, string to, int[] nchw, bool toChannelsLast)
    {
        int[] nhwc = [nchw[0], nchw[2], nchw[3], nchw[1]];
        return nchw[1] == 1 || nchw[2] * nchw[3] == 1
            ? new Node(to, OpTypes.Reshape, [from], to, new NodeAttributes { { "shape", toChannelsLast ? nhwc : nchw } })
            : new Node(to, OpTypes.Transpose, [from], to, new NodeAttributes { { "perm", (toChannelsLast ? ToNhwc : ToNchw).ToArray() } });
    }

    private Lowered Computed(string value) =>
        lowered.TryGetValue(value, out var v) ? v
        : failed.Contains(value) ? throw new OnnxImportException("an earlier node failed", [])
        : throw new OnnxImportException("cannot import the ONNX file", [new OnnxProblem($"value '{value}'", values.TryGetValue(value, out var info) && info.IsConstant
            ? "is a constant where a computed value is expected (an operation whose every input is constant and that the importer cannot fold)."
            : "is not computed by any node the importer lowered.")]);

    /// <summary>An integer input as the int32 our embedding and attention kernels read: INT64 inputs get one Cast each.</summary>
    private string Int32(string value)
    {
        var name = Plain(value);
        if (values[value].DataType == DataType.Int32)
        {
            return name;
        }

        var key = $"{value}/int32";
        if (!converted.ContainsKey(key))
        {
            nodes.Add(new Node(key, OpTypes.Cast, [name], key, new NodeAttributes { { "to", nameof(DataType.Int32) } }));
            converted[key] = key;
        }

        return key;
    }

    private string Constant(string name) => Add(name, values[name].Constant ?? throw new OnnxImportException("cannot import the ONNX file", [new OnnxProblem($"value '{name}'", "must be a constant.")]));

    /// <summary>A constant as a 1-D float vector (a batch norm's or layer norm's per-channel parameters).</summary>
    private string Vector(OnnxNode node, string name)
    {
        var c = ConstantTensor(node, name, $"input '{name}'");
        if (c.DataType != DataType.Float32)
        {
            throw Fail(node, $"input '{name}' must be FLOAT, got {c.DataType}.");
        }

        return c.Shape.Length == 1 ? Add(name, c) : Add($"{name}/vector", ConstantMath.Reshaped(c, [(int)c.Length]));
    }

    private Tensor ConstantTensor(OnnxNode node, string name, string what) =>
        values[name].Constant ?? throw Fail(node, $"{what} must be a constant (an initializer); computed weights are not supported.");

    private string Add(string name, Tensor value)
    {
        initializers.TryAdd(name, value);
        return name;
    }

    private static OnnxImportException Fail(OnnxNode node, string message) => OnnxInference.Fail(node, message);
}
