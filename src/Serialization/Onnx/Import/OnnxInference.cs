using Toolkit.Kernels.Tensors;
using Toolkit.Serialization.Onnx.Proto;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// Pass 1 of the import: walks the nodes in order, computing every value's shape and type in ONNX's own semantics, and
/// folds every node whose result does not depend on the inputs' data (shape arithmetic such as Shape → Gather →
/// Concat, Constant-fed Casts and Unsqueezes) into a constant. A node that cannot be understood is recorded as a
/// problem; the walk goes on, so one run names every problem.
/// </summary>
internal static class OnnxInference
{
    /// <summary>Op types the importer reads (beyond Constant, which the reader turns into constants).</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv", "Gemm", "MatMul", "BatchNormalization", "Relu", "Clip", "Sigmoid", "Tanh", "Erf", "Sqrt", "Gelu",
        "Add", "Sub", "Mul", "Div", "Pow", "Concat", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
        "Transpose", "Softmax", "Gather", "LayerNormalization", "Unsqueeze", "Squeeze", "Shape", "Resize", "Slice",
        "Cast", "ReduceMean", "Identity", "Dropout", "ConstantOfShape", "Split",
    };

    public static (OnnxGraph Graph, IReadOnlyDictionary<string, OnnxValue> Values) Run(OnnxGraph graph, string source)
    {
        var unsupported = graph.Nodes.Where(n => !Supported.Contains(n.OpType)).ToList();
        if (unsupported.Count > 0)
        {
            throw new OnnxImportException(source, [.. unsupported.Select(n => new OnnxProblem(n.Where,
                $"operator {n.OpType} is not supported (the importer reads {string.Join(", ", Supported.Order(StringComparer.Ordinal))})."))]);
        }

        var values = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs)
        {
            values[input.Name] = new OnnxValue(input.Shape, input.DataType);
        }

        foreach (var (name, tensor) in graph.Constants)
        {
            values[name] = OnnxValue.Of(tensor);
        }

        var problems = new List<OnnxProblem>();
        var kept = new List<OnnxNode>();
        var constants = new Dictionary<string, Tensor>(graph.Constants, StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            var inputs = node.Inputs.Select(i => i.Length == 0 ? null : values.GetValueOrDefault(i)).ToList();
            if (node.Inputs.Where(i => i.Length > 0).Any(i => !values.ContainsKey(i)))
            {
                continue; // an earlier problem poisoned an input; that problem is already recorded
            }

            try
            {
                OnnxValue[] results = node.OpType == "Split" ? Split(node, In0(node, inputs), inputs, graph.Opset) : [Infer(node, inputs, graph.Opset)];
                for (var i = 0; i < results.Length; i++)
                {
                    values[node.Outputs[i]] = results[i];
                    if (results[i].Constant is { } folded)
                    {
                        constants[node.Outputs[i]] = folded;
                    }
                }

                if (results.Any(r => !r.IsConstant))
                {
                    kept.Add(node);
                }
            }
            catch (OnnxImportException e)
            {
                problems.AddRange(e.Problems);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or IndexOutOfRangeException or NotSupportedException)
            {
                problems.Add(new OnnxProblem(node.Where, e.Message));
            }
        }

        if (problems.Count > 0)
        {
            throw new OnnxImportException(source, problems);
        }

        return (graph with { Nodes = kept, Constants = constants }, values);
    }

    private static OnnxValue In0(OnnxNode node, List<OnnxValue?> inputs) =>
        inputs.Count > 0 && inputs[0] is { } v ? v : throw Fail(node, "input 0 is missing.");

    private static OnnxValue Infer(OnnxNode node, List<OnnxValue?> inputs, int opset)
    {
        OnnxValue In(int i) => i < inputs.Count && inputs[i] is { } v ? v : throw Fail(node, $"input {i} is missing.");
        Tensor? Const(int i) => i < inputs.Count ? inputs[i]?.Constant : null;
        var x = In(0);
        switch (node.OpType)
        {
            case "Identity" or "Dropout":
                return x;
            case "Relu" or "Sigmoid" or "Tanh" or "Erf" or "Sqrt" or "Gelu" or "Softmax" or "BatchNormalization" or "LayerNormalization":
                return x.Constant is { } c && node.OpType == "Sqrt" ? OnnxValue.Of(ConstantMath.Unary(c, Math.Sqrt)) : x with { Constant = null };
            case "Clip":
                return x with { Constant = null };
            case "Add" or "Sub" or "Mul" or "Div" or "Pow":
                return Binary(node, x, In(1));
            case "Shape":
                return Shape(node, x);
            case "Cast":
                return Cast(node, x);
            case "ConstantOfShape":
                var dims = Ints(node, Const(0), "input 0 (the shape)");
                var fill = node.TensorValue("value") ?? Tensor.From<float>([0f], 1);
                var shapeOf = dims.Select(d => (int)d).ToArray();
                return OnnxValue.Of(ConstantMath.Make(fill.DataType, shapeOf, Enumerable.Repeat(ConstantMath.Values(fill)[0], (int)Tensor.ElementCount(shapeOf)).ToArray()));
            case "Unsqueeze" or "Squeeze":
                return Squeeze(node, x, AxesOf(node, Const(1), opset >= 13));
            case "Reshape":
                return Reshape(node, x, Ints(node, Const(1), "input 1 (the shape)"));
            case "Flatten":
                var axis = Axis(node, node.Int("axis", 1), x.Rank + 1);
                return Reshaped(x, [(int)x.Shape[..axis].Aggregate(1L, (a, d) => a * d), (int)x.Shape[axis..].Aggregate(1L, (a, d) => a * d)]);
            case "Concat":
                return Concat(node, [.. inputs.OfType<OnnxValue>()]);
            case "Gather":
                return Gather(node, x, In(1));
            case "Slice":
                return Slice(node, x, inputs, opset);
            case "Transpose":
                var perm = node.Ints("perm") ?? [.. Enumerable.Range(0, x.Rank).Reverse().Select(i => (long)i)];
                return Transpose(node, x, [.. perm.Select(p => (int)p)]);
            case "ReduceMean":
                return ReduceMean(node, x, AxesOf(node, Const(1), opset >= 18));
            case "MatMul":
                return MatMul(node, x, In(1));
            case "Gemm":
                var (a, b) = (x.Shape, In(1).Shape);
                var m = node.Int("transA", 0) != 0 ? a[1] : a[0];
                var n = node.Int("transB", 0) != 0 ? b[0] : b[1];
                return new OnnxValue([m, n], DataType.Float32);
            case "Conv" or "MaxPool" or "AveragePool":
                return new OnnxValue(OnnxConvGeometry.From(node, x.Shape, node.OpType == "Conv" ? In(1).Shape : null).OutputShape, x.DataType);
            case "GlobalAveragePool":
                return new OnnxValue([x.Shape[0], x.Shape[1], .. Enumerable.Repeat(1, x.Rank - 2)], x.DataType);
            case "Resize":
                return Resize(node, x, inputs, opset);
            default:
                throw Fail(node, $"operator {node.OpType} is not supported.");
        }
    }

    private static OnnxValue Binary(OnnxNode node, OnnxValue a, OnnxValue b)
    {
        var shape = ConstantMath.Broadcast(a.Shape, b.Shape) ?? throw Fail(node, $"inputs {a} and {b} do not broadcast.");
        if (a.Constant is { } x && b.Constant is { } y)
        {
            var integer = x.DataType != DataType.Float32 && y.DataType != DataType.Float32;
            Func<double, double, double> op = node.OpType switch
            {
                "Add" => (p, q) => p + q,
                "Sub" => (p, q) => p - q,
                "Mul" => (p, q) => p * q,
                "Div" => integer ? (p, q) => Math.Truncate(p / q) : (p, q) => p / q,
                _ => Math.Pow,
            };
            return OnnxValue.Of(ConstantMath.Binary(x, y, shape, op));
        }

        return new OnnxValue(shape, a.DataType);
    }

    private static OnnxValue Shape(OnnxNode node, OnnxValue x)
    {
        var start = Axis(node, node.Int("start", 0), x.Rank + 1);
        var end = node.Has("end") ? Axis(node, node.Int("end", x.Rank), x.Rank + 1) : x.Rank;
        long[] dims = [.. x.Shape[start..Math.Max(start, end)].Select(d => (long)d)];
        return OnnxValue.Of(Tensor.From<long>(dims, dims.Length));
    }

    private static OnnxValue Cast(OnnxNode node, OnnxValue x)
    {
        var to = (TensorProto.Types.DataType)node.Int("to", 0);
        var type = to switch
        {
            TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Double => DataType.Float32,
            TensorProto.Types.DataType.Int64 or TensorProto.Types.DataType.Bool => DataType.Int64,
            TensorProto.Types.DataType.Int32 => DataType.Int32,
            _ => throw Fail(node, $"attribute 'to' is {to}; Cast may go to FLOAT, DOUBLE, INT64, INT32 or BOOL."),
        };
        if (x.Constant is { } c)
        {
            var values = ConstantMath.Values(c);
            var converted = type == DataType.Float32 ? values : to == TensorProto.Types.DataType.Bool ? [.. values.Select(v => v != 0 ? 1.0 : 0.0)] : [.. values.Select(Math.Truncate)];
            return OnnxValue.Of(ConstantMath.Make(type == DataType.Float32 ? DataType.Float32 : DataType.Int64, c.Shape, converted));
        }

        return new OnnxValue(x.Shape, type);
    }

    private static OnnxValue Squeeze(OnnxNode node, OnnxValue x, long[]? axes)
    {
        int[] shape;
        if (node.OpType == "Unsqueeze")
        {
            var rank = x.Rank + (axes?.Length ?? throw Fail(node, "has no axes."));
            var inserted = axes.Select(a => Axis(node, a, rank)).ToHashSet();
            var rest = new Queue<int>(x.Shape);
            shape = [.. Enumerable.Range(0, rank).Select(d => inserted.Contains(d) ? 1 : rest.Dequeue())];
        }
        else
        {
            var removed = axes is null ? [.. Enumerable.Range(0, x.Rank).Where(d => x.Shape[d] == 1)] : axes.Select(a => Axis(node, a, x.Rank)).ToHashSet();
            if (removed.Any(d => x.Shape[d] != 1))
            {
                throw Fail(node, $"cannot squeeze axes [{string.Join(',', removed)}] of {x}: they must be 1.");
            }

            shape = [.. Enumerable.Range(0, x.Rank).Where(d => !removed.Contains(d)).Select(d => x.Shape[d])];
        }

        return Reshaped(x, shape);
    }

    private static OnnxValue Reshape(OnnxNode node, OnnxValue x, long[] target)
    {
        var allowZero = node.Int("allowzero", 0) != 0;
        var shape = target.Select((d, i) => d == 0 && !allowZero ? x.Shape[i] : (int)d).ToArray();
        var unknown = Array.IndexOf(shape, -1);
        var count = Tensor.ElementCount(x.Shape);
        if (unknown >= 0)
        {
            var known = shape.Where(d => d != -1).Aggregate(1L, (a, d) => a * d);
            shape[unknown] = known > 0 && count % known == 0 ? (int)(count / known) : throw Fail(node, $"cannot reshape {x} to [{string.Join(',', target)}].");
        }

        return Tensor.ElementCount(shape) == count ? Reshaped(x, shape) : throw Fail(node, $"cannot reshape {x} to [{string.Join(',', target)}].");
    }

    private static OnnxValue Reshaped(OnnxValue x, int[] shape) =>
        x.Constant is { } c ? OnnxValue.Of(ConstantMath.Reshaped(c, shape)) : x with { Shape = shape };

    private static OnnxValue Concat(OnnxNode node, List<OnnxValue> parts)
    {
        var first = parts[0];
        var axis = Axis(node, node.Int("axis", 1), first.Rank);
        if (parts.Any(p => p.Rank != first.Rank || Enumerable.Range(0, first.Rank).Any(d => d != axis && p.Shape[d] != first.Shape[d])))
        {
            throw Fail(node, $"inputs {string.Join(", ", parts)} differ outside axis {axis}.");
        }

        int[] shape = [.. first.Shape];
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        if (parts.All(p => p.IsConstant) && first.Constant!.DataType != DataType.Float32)
        {
            // Shape arithmetic: integer constants joined along the axis (exports only concatenate 1-D shape pieces).
            return axis == 0 && first.Rank == 1
                ? OnnxValue.Of(Tensor.From<long>(parts.SelectMany(p => ConstantMath.Longs(p.Constant!)).ToArray(), shape))
                : throw Fail(node, "constant Concat is only folded for 1-D integer shapes.");
        }

        return new OnnxValue(shape, first.DataType);
    }

    private static OnnxValue Gather(OnnxNode node, OnnxValue data, OnnxValue indices)
    {
        var axis = Axis(node, node.Int("axis", 0), data.Rank);
        int[] shape = [.. data.Shape[..axis], .. indices.Shape, .. data.Shape[(axis + 1)..]];
        if (data.Constant is not { } table || indices.Constant is not { } at)
        {
            return new OnnxValue(shape, data.DataType);
        }

        // data[..., indices[j], ...]: one strided gather per index.
        var picks = ConstantMath.Longs(at).Select(i => i < 0 ? i + data.Shape[axis] : i).ToArray();
        if (picks.Any(i => i < 0 || i >= data.Shape[axis]))
        {
            throw Fail(node, $"an index is outside 0..{data.Shape[axis] - 1}.");
        }

        var strides = ConstantMath.Strides(data.Shape);
        var outer = data.Shape[..axis].Aggregate(1, (a, d) => a * d);
        var inner = (int)strides[axis];
        var source = ConstantMath.Values(table);
        var result = new double[Tensor.ElementCount(shape)];
        var k = 0;
        for (var o = 0; o < outer; o++)
        {
            foreach (var i in picks)
            {
                Array.Copy(source, (o * data.Shape[axis] + i) * inner, result, k, inner);
                k += inner;
            }
        }

        return OnnxValue.Of(ConstantMath.Make(table.DataType == DataType.Float32 ? DataType.Float32 : DataType.Int64, shape, result));
    }

    private static OnnxValue Slice(OnnxNode node, OnnxValue x, List<OnnxValue?> inputs, int opset) =>
        Sliced(x, OnnxSlice.Ranges(node, x.Shape, inputs, opset));

    /// <summary>Every output of a Split: slices of one axis.</summary>
    private static OnnxValue[] Split(OnnxNode node, OnnxValue x, List<OnnxValue?> inputs, int opset) =>
        [.. OnnxSplit.Ranges(node, x.Shape, inputs, opset).Parts.Select(ranges => Sliced(x, ranges))];

    private static OnnxValue Sliced(OnnxValue x, OnnxSlice.Range[] ranges)
    {
        int[] shape = [.. ranges.Select(r => r.Count)];
        if (x.Constant is not { } c)
        {
            return new OnnxValue(shape, x.DataType);
        }

        var strides = ConstantMath.Strides(x.Shape);
        var offset = ranges.Select((r, d) => r.Start * strides[d]).Sum();
        return OnnxValue.Of(ConstantMath.Gather(c, shape, [.. ranges.Select((r, d) => r.Step * strides[d])], offset));
    }

    private static OnnxValue Transpose(OnnxNode node, OnnxValue x, int[] perm)
    {
        if (perm.Length != x.Rank || perm.Order().Where((p, i) => p != i).Any())
        {
            throw Fail(node, $"perm [{string.Join(',', perm)}] is not a permutation of the {x.Rank} axes of {x}.");
        }

        int[] shape = [.. perm.Select(p => x.Shape[p])];
        if (x.Constant is not { } c)
        {
            return new OnnxValue(shape, x.DataType);
        }

        var strides = ConstantMath.Strides(x.Shape);
        return OnnxValue.Of(ConstantMath.Gather(c, shape, [.. perm.Select(p => strides[p])]));
    }

    private static OnnxValue ReduceMean(OnnxNode node, OnnxValue x, long[]? axes)
    {
        var reduced = (axes ?? [.. Enumerable.Range(0, x.Rank).Select(a => (long)a)]).Select(a => Axis(node, a, x.Rank)).ToHashSet();
        var keep = node.Int("keepdims", 1) != 0;
        int[] shape = [.. Enumerable.Range(0, x.Rank).Where(d => keep || !reduced.Contains(d)).Select(d => reduced.Contains(d) ? 1 : x.Shape[d])];
        return new OnnxValue(shape, x.DataType);
    }

    private static OnnxValue MatMul(OnnxNode node, OnnxValue a, OnnxValue b)
    {
        if (a.Rank < 2 || b.Rank < 2)
        {
            throw Fail(node, $"inputs {a} and {b}: 1-D MatMul operands are not supported.");
        }

        if (a.Shape[^1] != b.Shape[^2])
        {
            throw Fail(node, $"inputs {a} and {b}: inner dimensions differ.");
        }

        var batch = ConstantMath.Broadcast(a.Shape[..^2], b.Shape[..^2]) ?? throw Fail(node, $"batch dimensions of {a} and {b} do not broadcast.");
        return new OnnxValue([.. batch, a.Shape[^2], b.Shape[^1]], DataType.Float32);
    }

    private static OnnxValue Resize(OnnxNode node, OnnxValue x, List<OnnxValue?> inputs, int opset)
    {
        if (node.String("mode", "nearest") != "nearest")
        {
            throw Fail(node, $"mode '{node.String("mode", "nearest")}' is not supported; Resize runs mode 'nearest' only.");
        }

        // Opset 10: (X, scales); 11 and later: (X, roi, scales, sizes), either scales or sizes given.
        var scalesAt = opset >= 11 ? 2 : 1;
        var sizes = opset >= 11 && inputs.Count > 3 && inputs[3]?.Constant is { } s && s.Length > 0 ? ConstantMath.Longs(s) : null;
        var scales = inputs.Count > scalesAt && inputs[scalesAt]?.Constant is { } f && f.Length > 0 ? ConstantMath.Values(f) : null;
        int[] shape = sizes is not null ? [.. sizes.Select(d => (int)d)]
            : scales is not null ? [.. x.Shape.Select((d, i) => (int)Math.Floor(d * scales[i]))]
            : throw Fail(node, "needs constant scales or sizes.");
        return new OnnxValue(shape, x.DataType);
    }

    /// <summary>The axes of Unsqueeze, Squeeze or ReduceMean: an attribute before the opset that made it an input.</summary>
    private static long[]? AxesOf(OnnxNode node, Tensor? input, bool fromInput) =>
        fromInput ? (input is null ? (node.Input(1) is null ? null : throw Fail(node, "axes (input 1) must be a constant.")) : ConstantMath.Longs(input)) : node.Ints("axes");

    private static long[] Ints(OnnxNode node, Tensor? constant, string what) =>
        constant is null ? throw Fail(node, $"{what} must be a constant; a shape computed from the input's data is not supported.") : ConstantMath.Longs(constant);

    /// <summary>A possibly negative axis as an index into <paramref name="rank"/> dimensions.</summary>
    public static int Axis(OnnxNode node, long axis, int rank) =>
        axis >= -rank && axis < rank ? (int)(axis < 0 ? axis + rank : axis) : throw Fail(node, $"axis {axis} is outside a rank-{rank} value.");

    public static OnnxImportException Fail(OnnxNode node, string message) => OnnxImportException.At(node.Where, message);
}
