using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Element-wise tanh, its own op rather than an <see cref="Activation"/>: only BERT's pooler uses it, on 768 values, so
/// it needs no fused GEMM epilogue.
/// </summary>
internal sealed class TanhOperator : IOperator
{
    public string OpType => OpTypes.Tanh;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        return inputShapes[0];
    }

    public IStep Compile(Node node, StepContext context) => new Step(context.Input(0), context.Output);

    private sealed class Step(BufferSlice input, BufferSlice output) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena) => Primitives.Tanh(cpu, arena[input], arena[output]);
    }
}
