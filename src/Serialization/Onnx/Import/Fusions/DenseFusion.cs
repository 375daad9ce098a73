using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// MatMul(x, W) with a constant 2-D W becomes one dense layer, and a following Add of a constant [N] bias (either
/// operand order, as PyTorch exports it) joins it: the bias then rides in the GEMM's epilogue instead of a pass of its own.
/// </summary>
internal static class DenseFusion
{
    public static void Run(FusionGraph graph)
    {
        foreach (var matmul in graph.Nodes.Where(n => n.OpType == "MatMul").ToList())
        {
            if (graph.Constant(matmul.Inputs[1]) is not { Shape.Length: 2 } weights || graph.Constant(matmul.Inputs[0]) is not null)
            {
                continue;
            }

            List<string> inputs = [matmul.Inputs[0], matmul.Inputs[1]];
            var output = matmul.Output;
            if (graph.SoleReader(output, "Add") is { } add && FusionGraph.Other(add, output) is { } bias
                && graph.Constant(bias) is { } b && b.Length == weights.Shape[1] && b.Shape.Take(b.Shape.Length - 1).All(d => d == 1) && b.DataType == DataType.Float32)
            {
                inputs.Add(b.Shape.Length == 1 ? bias : graph.AddConstant($"{bias}/vector", ConstantMath.Reshaped(b, [b.Shape[^1]])));
                output = add.Output;
                graph.Replace(matmul with { OpType = FusedOps.Dense, Inputs = inputs, Outputs = [output] });
                continue;
            }

            graph.Replace(matmul with { OpType = FusedOps.Dense, Inputs = inputs });
        }
    }
}
