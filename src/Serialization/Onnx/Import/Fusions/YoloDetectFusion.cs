namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// YOLOv5's box decode, as Ultralytics and our own exporter write it, becomes our one decode operation:
/// [N, A·K, H, W] → Reshape [N, A, K, H·W] → Transpose to [N, A, H·W, K] → Sigmoid → Split into x,y | w,h | the rest
/// on the last axis → (2·xy + grid) · stride and (2·wh)² · anchors → Concat → Reshape [N, A·H·W, K]. It fuses only
/// when the grid constant is exactly our kernel's (column − ½, row − ½ per cell) and the stride and anchors are whole
/// pixels, so the fused node computes what the file says.
/// </summary>
internal static class YoloDetectFusion
{
    public static void Run(FusionGraph graph)
    {
        foreach (var split in graph.Nodes.Where(n => n.OpType == "Split" && n.Outputs.Count == 3).ToList())
        {
            if (Match(graph, split) is var (x, anchors, stride, output))
            {
                graph.Replace(new OnnxNode(split.Name, FusedOps.YoloDetect, [x], [output],
                    new Dictionary<string, object>(StringComparer.Ordinal) { ["anchors"] = anchors, ["stride"] = stride }));
            }
        }
    }

    private static (string X, long[] Anchors, long Stride, string Output)? Match(FusionGraph graph, OnnxNode split)
    {
        if (graph.Writer(split.Inputs[0], "Sigmoid") is not { } sigmoid
            || graph.Writer(sigmoid.Inputs[0], "Transpose") is not { } rows || rows.Ints("perm") is not [0, 1, 3, 2]
            || graph.Writer(rows.Inputs[0], "Reshape") is not { } grouped)
        {
            return null;
        }

        var x = grouped.Inputs[0];
        var (image, boxes) = (graph.Value(x).Shape, graph.Value(grouped.Output).Shape);
        if (image.Length != 4 || boxes.Length != 4 || boxes[3] != image[2] * image[3] || boxes[1] * boxes[2] != image[1]
            || split.Outputs.Select(o => graph.Value(o).Shape[^1]).ToArray() is not [2, 2, var restLength] || restLength != boxes[2] - 4
            || split.Int("axis", 0) is not (-1 or 3))
        {
            return null;
        }

        var (xy, wh, rest) = (split.Outputs[0], split.Outputs[1], split.Outputs[2]);
        if (ScaledBy(graph, xy, 2) is not { } xy2 || graph.SoleReader(xy2.Output, "Add") is not { } centred
            || !IsGrid(graph.Constant(FusionGraph.Other(centred, xy2.Output)), image[2], image[3])
            || graph.SoleReader(centred.Output, "Mul") is not { } pixels || graph.Scalar(FusionGraph.Other(pixels, centred.Output)) is not { } stride
            || stride <= 0 || stride != Math.Round(stride))
        {
            return null;
        }

        if (ScaledBy(graph, wh, 2) is not { } wh2 || graph.Readers(wh2.Output).Distinct().ToList() is not [{ OpType: "Mul" } squared]
            || squared.Inputs.Any(i => i != wh2.Output) || graph.SoleReader(squared.Output, "Mul") is not { } sizes
            || graph.Constant(FusionGraph.Other(sizes, squared.Output)) is not { } anchorGrid || anchorGrid.Shape is not [1, var anchorCount, 1, 2]
            || anchorCount != boxes[1])
        {
            return null;
        }

        var anchors = ConstantMath.Values(anchorGrid);
        if (anchors.Any(a => a <= 0 || a != Math.Round(a))
            || graph.SoleReader(pixels.Output, "Concat") is not { } joined || !joined.Inputs.SequenceEqual([pixels.Output, sizes.Output, rest])
            || graph.SoleReader(rest, "Concat") != joined || joined.Int("axis", 0) is not (-1 or 3)
            || graph.SoleReader(joined.Output, "Reshape") is not { } merged
            || graph.Value(merged.Output).Shape is not [var n, var count, var length] || n != image[0] || count != boxes[1] * boxes[3] || length != boxes[2])
        {
            return null;
        }

        return (x, [.. anchors.Select(a => (long)a)], (long)stride, merged.Output);
    }

    /// <summary>The one Mul reading <paramref name="value"/>, when it multiplies it by <paramref name="factor"/>.</summary>
    private static OnnxNode? ScaledBy(FusionGraph graph, string value, double factor) =>
        graph.SoleReader(value, "Mul") is { } mul && graph.Scalar(FusionGraph.Other(mul, value)) == factor ? mul : null;

    /// <summary>Whether <paramref name="grid"/> is [1, 1, H·W, 2] of (column − ½, row − ½) per cell, row-major.</summary>
    private static bool IsGrid(Kernels.Tensors.Tensor? grid, int height, int width)
    {
        if (grid?.Shape is not [1, 1, var cells, 2] || cells != height * width)
        {
            return false;
        }

        var values = ConstantMath.Values(grid);
        for (var cell = 0; cell < cells; cell++)
        {
            if (values[2 * cell] != (float)((cell % width) - 0.5) || values[(2 * cell) + 1] != (float)((cell / width) - 0.5))
            {
                return false;
            }
        }

        return true;
    }
}
