namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// SiLU as exporters write it, Mul(x, Sigmoid(x)) in either operand order, becomes one activation, which then rides in
/// the epilogue of the convolution or dense layer before it (YOLOv5's and EfficientNet's activation).
/// </summary>
internal static class SiluFusion
{
    public static void Run(FusionGraph graph)
    {
        foreach (var sigmoid in graph.Nodes.Where(n => n.OpType == "Sigmoid").ToList())
        {
            var x = sigmoid.Inputs[0];
            if (graph.SoleReader(sigmoid.Output, "Mul") is { } mul && FusionGraph.Other(mul, sigmoid.Output) == x)
            {
                graph.Replace(new OnnxNode(sigmoid.Name, FusedOps.Silu, [x], [mul.Output], new Dictionary<string, object>(StringComparer.Ordinal)));
            }
        }
    }
}
