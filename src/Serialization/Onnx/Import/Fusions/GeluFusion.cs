namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// The exact GELU as exporters write it, x · ½ · (1 + erf(x / √2)), becomes one activation (and then rides in the
/// epilogue of the dense layer before it). Both orders of the two products are matched, and x · (1/√2) for x / √2.
/// </summary>
internal static class GeluFusion
{
    private const double Tolerance = 1e-4;

    public static void Run(FusionGraph graph)
    {
        foreach (var erf in graph.Nodes.Where(n => n.OpType == "Erf").ToList())
        {
            if (Match(graph, erf) is { } fused)
            {
                graph.Replace(fused);
            }
        }
    }

    private static OnnxNode? Match(FusionGraph graph, OnnxNode erf)
    {
        var scaled = graph.Writer(erf.Inputs[0], "Div") is { } div && Near(graph.Scalar(div.Inputs[1]), Math.Sqrt(2)) ? div
            : graph.Writer(erf.Inputs[0], "Mul") is { } mul && Near(graph.Scalar(mul.Inputs[1]), Math.Sqrt(0.5)) ? mul
            : null;
        if (scaled is null || graph.SoleReader(erf.Output, "Add") is not { } plusOne || !Near(graph.Scalar(FusionGraph.Other(plusOne, erf.Output)), 1))
        {
            return null;
        }

        var x = scaled.Inputs[0];
        if (graph.SoleReader(plusOne.Output, "Mul") is not { } product)
        {
            return null;
        }

        // x · (1 + erf) then · ½, or (x · ½) · (1 + erf).
        var other = FusionGraph.Other(product, plusOne.Output);
        string output;
        if (other == x && graph.SoleReader(product.Output, "Mul") is { } half && Near(graph.Scalar(FusionGraph.Other(half, product.Output)), 0.5))
        {
            output = half.Output;
        }
        else if (graph.Writer(other, "Mul") is { } halfX && FusionGraph.Other(halfX, x) is { } h && Near(graph.Scalar(h), 0.5))
        {
            output = product.Output;
        }
        else
        {
            return null;
        }

        return new OnnxNode(erf.Name, FusedOps.Gelu, [x], [output], new Dictionary<string, object>(StringComparer.Ordinal));
    }

    private static bool Near(double? value, double expected) => value is { } v && Math.Abs(v - expected) <= Tolerance * Math.Abs(expected);
}
