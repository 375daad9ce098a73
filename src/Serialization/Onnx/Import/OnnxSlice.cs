namespace Toolkit.Serialization.Onnx.Import;

/// <summary>The per-axis ranges of an ONNX Slice, with its clamping rules (starts/ends as attributes before opset 10, inputs after).</summary>
internal static class OnnxSlice
{
    public readonly record struct Range(int Start, int Step, int Count);

    public static Range[] Ranges(OnnxNode node, int[] shape, List<OnnxValue?> inputs, int opset)
    {
        long[]? Input(int i) => i < inputs.Count && inputs[i] is { } v
            ? (v.Constant is { } c ? ConstantMath.Longs(c) : throw OnnxInference.Fail(node, $"input {i} must be a constant."))
            : null;
        var starts = (opset >= 10 ? Input(1) : node.Ints("starts")) ?? throw OnnxInference.Fail(node, "has no starts.");
        var ends = (opset >= 10 ? Input(2) : node.Ints("ends")) ?? throw OnnxInference.Fail(node, "has no ends.");
        var axes = (opset >= 10 ? Input(3) : node.Ints("axes")) ?? [.. Enumerable.Range(0, starts.Length).Select(a => (long)a)];
        var steps = (opset >= 10 ? Input(4) : null) ?? [.. Enumerable.Repeat(1L, starts.Length)];
        var ranges = shape.Select(d => new Range(0, 1, d)).ToArray();
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = OnnxInference.Axis(node, axes[i], shape.Length);
            var (dim, step) = (shape[axis], steps[i]);
            if (step == 0)
            {
                throw OnnxInference.Fail(node, "a step of 0 is not allowed.");
            }

            long Clamp(long v, long low, long high) => Math.Clamp(v < 0 ? v + dim : v, low, high);
            var start = step > 0 ? Clamp(starts[i], 0, dim) : Clamp(starts[i], -1, dim - 1);
            var end = step > 0 ? Clamp(ends[i], 0, dim) : Clamp(ends[i], -1, dim - 1);
            var count = step > 0 ? Math.Max(0, (end - start + step - 1) / step) : Math.Max(0, (start - end - step - 1) / -step);
            ranges[axis] = new Range((int)start, (int)step, (int)count);
        }

        return ranges;
    }
}
