using System.Globalization;
using Toolkit.Kernels;
using Toolkit.Kernels.Graph;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>Activations and element-wise arithmetic: equal shapes element-wise, a constant per channel as an affine.</summary>
internal sealed partial class OnnxLowering
{
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
}
