using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Graph.Execution;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>Dense: x[..., K] · W[K, N] + B[N], then the fused activation. W is packed once for the plan's tier.</summary>
internal sealed class DenseOperator : IOperator
{
    public string OpType => OpTypes.Dense;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 2, 3);
        var (x, w) = (inputShapes[0], inputShapes[1]);
        Operators.RequireRank(node, w, 2, "the weights");
        if (x[^1] != w[0])
        {
            throw new GraphException($"Node '{node.Name}' (Dense): input width {x[^1]} does not match weights [{w[0]},{w[1]}].");
        }

        if (inputShapes.Count == 3 && (inputShapes[2].Length != 1 || inputShapes[2][0] != w[1]))
        {
            throw new GraphException($"Node '{node.Name}' (Dense): bias must be [{w[1]}], got [{string.Join(',', inputShapes[2])}].");
        }

        return [.. x[..^1], w[1]];
    }

    public long CountMultiplyAccumulates(Node node, IReadOnlyList<int[]> inputShapes, int[] outputShape) =>
        Tensors.Tensor.ElementCount(outputShape) * inputShapes[1][0];

    public IStep Compile(Node node, StepContext context)
    {
        var w = context.InputShape(1);
        var rows = (int)(Tensors.Tensor.ElementCount(context.InputShape(0)) / w[0]);
        var packed = context.GemmWeights(1);
        return new Step(context.Input(0), context.Output, rows, w[0], w[1], packed, context.OptionalConstant(2), node.Attributes.Activation);
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int rows, int depth, int width, PackedMatrix weights, float[]? bias, Activation activation) : IStep, IDisposable
    {
        public void Execute(CpuContext cpu, Arena arena) =>
            Sgemm.Multiply(cpu, rows, arena[input], depth, weights, arena[output], width, bias, activation);

        public void Dispose() => weights.Dispose();
    }
}
