using System.Globalization;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>How lowered values are named, held (plain or channels-last) and converted, and how constants join our graph.</summary>
internal sealed partial class OnnxLowering
{
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
            throw OnnxImportException.At($"value '{value}'", $"an image operation needs a 4-D NCHW value, got {values[value]}.");
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
        : throw OnnxImportException.At($"value '{value}'", values.TryGetValue(value, out var info) && info.IsConstant
            ? "is a constant where a computed value is expected (an operation whose every input is constant and that the importer cannot fold)."
            : "is not computed by any node the importer lowered.");

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

    private string Constant(string name) => Add(name, values[name].Constant ?? throw OnnxImportException.At($"value '{name}'", "must be a constant."));

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
}
