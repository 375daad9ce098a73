namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// The 2-D window of an ONNX Conv, MaxPool or AveragePool over NCHW: kernel, strides, pads as [top, left, bottom,
/// right] (ONNX orders them [x1_begin, x2_begin, x1_end, x2_end], the same) with auto_pad resolved, and the output shape.
/// </summary>
internal sealed record OnnxConvGeometry(int[] Kernel, int[] Strides, int[] Pads, int Group, int[] OutputShape)
{
    public static OnnxConvGeometry From(OnnxNode node, int[] input, int[]? weights)
    {
        if (input.Length != 4)
        {
            throw OnnxInference.Fail(node, $"input [{string.Join(',', input)}] must be 4-D NCHW; only 2-D windows are supported.");
        }

        var kernel = weights is not null ? [weights[2], weights[3]] : Pair(node, "kernel_shape", null);
        var strides = Pair(node, "strides", 1);
        var dilations = Pair(node, "dilations", 1);
        if (dilations.Any(d => d != 1))
        {
            throw OnnxInference.Fail(node, $"dilations [{string.Join(',', dilations)}] are not supported; only 1.");
        }

        if (node.Int("ceil_mode", 0) != 0)
        {
            throw OnnxInference.Fail(node, "ceil_mode 1 is not supported.");
        }

        if (node.OpType == "MaxPool" && node.Outputs.Count > 1 && node.Outputs[1].Length > 0)
        {
            throw OnnxInference.Fail(node, "the Indices output is not supported.");
        }

        var group = (int)node.Int("group", 1);
        var pads = ResolvePads(node, input, kernel, strides);
        var channels = weights is not null ? weights[0] : input[1];
        if (weights is not null && weights[1] * group != input[1])
        {
            throw OnnxInference.Fail(node, $"weights [{string.Join(',', weights)}] with group {group} do not fit {input[1]} input channels.");
        }

        if (weights is not null && group != 1 && !(group == input[1] && weights[0] == input[1]))
        {
            throw OnnxInference.Fail(node, $"group {group} with {weights[0]} outputs on {input[1]} channels is not supported; convolutions run with group 1 or depthwise (group = channels = outputs).");
        }

        var height = (input[2] + pads[0] + pads[2] - kernel[0]) / strides[0] + 1;
        var width = (input[3] + pads[1] + pads[3] - kernel[1]) / strides[1] + 1;
        return new OnnxConvGeometry(kernel, strides, pads, group, [input[0], channels, height, width]);
    }

    private static int[] ResolvePads(OnnxNode node, int[] input, int[] kernel, int[] strides)
    {
        var autoPad = node.String("auto_pad", "NOTSET");
        switch (autoPad)
        {
            case "NOTSET":
                var pads = node.Ints("pads") ?? [0, 0, 0, 0];
                return pads.Length == 4 ? [.. pads.Select(p => (int)p)] : throw OnnxInference.Fail(node, $"pads has {pads.Length} values; a 2-D window needs 4.");
            case "VALID":
                return [0, 0, 0, 0];
            case "SAME_UPPER" or "SAME_LOWER":
                var result = new int[4];
                for (var d = 0; d < 2; d++)
                {
                    var output = (input[d + 2] + strides[d] - 1) / strides[d];
                    var total = Math.Max(0, (output - 1) * strides[d] + kernel[d] - input[d + 2]);
                    var small = total / 2;
                    (result[d], result[d + 2]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small);
                }

                return result;
            default:
                throw OnnxInference.Fail(node, $"auto_pad '{autoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER.");
        }
    }

    private static int[] Pair(OnnxNode node, string attribute, int? fallback)
    {
        var values = node.Ints(attribute);
        if (values is null)
        {
            return fallback is { } f ? [f, f] : throw OnnxInference.Fail(node, $"attribute '{attribute}' is missing.");
        }

        return values.Length == 2 ? [(int)values[0], (int)values[1]] : throw OnnxInference.Fail(node, $"attribute '{attribute}' has {values.Length} values; a 2-D window needs 2.");
    }
}
