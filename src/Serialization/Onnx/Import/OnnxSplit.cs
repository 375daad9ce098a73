namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// The parts of an ONNX Split along its axis, as slice ranges: sizes from the <c>split</c> attribute (before opset 13) or
/// input (since), else equal parts, one per output (since opset 18 <c>num_outputs</c> of ceil(dim / n), the last smaller).
/// </summary>
internal static class OnnxSplit
{
    public static (int Axis, OnnxSlice.Range[][] Parts) Ranges(OnnxNode node, int[] shape, List<OnnxValue?> inputs, int opset)
    {
        var axis = OnnxInference.Axis(node, node.Int("axis", 0), shape.Length);
        var dim = shape[axis];
        var outputs = node.Outputs.Count;
        long[]? sizes = opset >= 13
            ? (node.Input(1) is null ? null : inputs[1]?.Constant is { } c ? ConstantMath.Longs(c) : throw OnnxInference.Fail(node, "input 1 (split) must be a constant."))
            : node.Ints("split");
        if (sizes is null)
        {
            if (node.Has("num_outputs") && node.Int("num_outputs", 0) != outputs)
            {
                throw OnnxInference.Fail(node, $"num_outputs is {node.Int("num_outputs", 0)} but the node has {outputs} outputs.");
            }

            var size = node.Has("num_outputs") ? (dim + outputs - 1) / outputs : dim / outputs;
            if (!node.Has("num_outputs") && dim % outputs != 0)
            {
                throw OnnxInference.Fail(node, $"axis {axis} of length {dim} does not split into {outputs} equal parts; give the sizes.");
            }

            sizes = [.. Enumerable.Range(0, outputs).Select(i => (long)Math.Clamp(dim - (i * size), 0, size))];
        }

        if (sizes.Length != outputs || sizes.Any(s => s <= 0) || sizes.Sum() != dim)
        {
            throw OnnxInference.Fail(node, $"split sizes [{string.Join(',', sizes)}] must be {outputs} positive lengths summing to axis {axis}'s {dim}.");
        }

        var parts = new OnnxSlice.Range[outputs][];
        var start = 0;
        for (var i = 0; i < outputs; i++)
        {
            parts[i] = [.. shape.Select(d => new OnnxSlice.Range(0, 1, d))];
            parts[i][axis] = new OnnxSlice.Range(start, 1, (int)sizes[i]);
            start += (int)sizes[i];
        }

        return (axis, parts);
    }
}
