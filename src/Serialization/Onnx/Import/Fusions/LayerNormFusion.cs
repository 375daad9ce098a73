using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// The decomposed layer norm of PyTorch and TensorFlow exports before opset 17 becomes one layer norm:
/// d = x − mean(x); y = d / √(mean(d²) + ε); then × γ and + β when present, all over the last axis.
/// </summary>
internal static class LayerNormFusion
{
    public static void Run(FusionGraph graph)
    {
        foreach (var mean in graph.Nodes.Where(n => n.OpType == "ReduceMean").ToList())
        {
            if (Match(graph, mean) is { } fused)
            {
                graph.Replace(fused);
            }
        }
    }

    private static OnnxNode? Match(FusionGraph graph, OnnxNode mean)
    {
        var x = mean.Inputs[0];
        if (!IsLastAxisMean(graph, mean))
        {
            return null;
        }

        var sub = graph.Readers(mean.Output).FirstOrDefault(n => n.OpType == "Sub" && n.Inputs[0] == x && n.Inputs[1] == mean.Output);
        if (sub is null)
        {
            return null;
        }

        var pow = graph.Readers(sub.Output).FirstOrDefault(n => n.OpType == "Pow" && n.Inputs[0] == sub.Output && graph.Scalar(n.Inputs[1]) == 2);
        var square = pow ?? graph.Readers(sub.Output).FirstOrDefault(n => n.OpType == "Mul" && n.Inputs[0] == sub.Output && n.Inputs[1] == sub.Output);
        if (square is null || graph.SoleReader(square.Output, "ReduceMean") is not { } variance || !IsLastAxisMean(graph, variance)
            || graph.SoleReader(variance.Output, "Add") is not { } addEpsilon || graph.Scalar(FusionGraph.Other(addEpsilon, variance.Output)) is not { } epsilon
            || graph.SoleReader(addEpsilon.Output, "Sqrt") is not { } sqrt || graph.SoleReader(sqrt.Output, "Div") is not { } div || div.Inputs[0] != sub.Output)
        {
            return null;
        }

        var width = graph.Value(x).Shape[^1];
        var output = div.Output;
        var gamma = Affine(graph, ref output, "Mul", width) ?? graph.AddConstant($"{div.Name}/gamma", Tensor.From<float>(Enumerable.Repeat(1f, width).ToArray(), width));
        var beta = Affine(graph, ref output, "Add", width) ?? graph.AddConstant($"{div.Name}/beta", Tensor.Zeros(DataType.Float32, width));
        return new OnnxNode(div.Name, FusedOps.LayerNorm, [x, gamma, beta], [output],
            new Dictionary<string, object>(StringComparer.Ordinal) { ["epsilon"] = (float)epsilon });
    }

    /// <summary>A Mul (γ) or Add (β) of a constant [width] vector that is the sole reader of <paramref name="output"/>; advances it.</summary>
    private static string? Affine(FusionGraph graph, ref string output, string opType, int width)
    {
        if (graph.SoleReader(output, opType) is { } node && FusionGraph.Other(node, output) is { } operand
            && graph.Constant(operand) is { DataType: DataType.Float32 } c && c.Length == width && c.Shape.Length >= 1 && c.Shape[^1] == width)
        {
            output = node.Output;
            return c.Shape.Length == 1 ? operand : graph.AddConstant($"{operand}/vector", ConstantMath.Reshaped(c, [width]));
        }

        return null;
    }

    private static bool IsLastAxisMean(FusionGraph graph, OnnxNode mean)
    {
        var rank = graph.Value(mean.Inputs[0]).Rank;
        var axes = mean.Ints("axes") ?? (graph.Constant(mean.Input(1)) is { } c ? ConstantMath.Longs(c) : null);
        return axes is [var axis] && (axis == -1 || axis == rank - 1) && mean.Int("keepdims", 1) == 1;
    }
}
