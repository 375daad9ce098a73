using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>Softmax over the last axis.</summary>
internal sealed class SoftmaxOperator : IOperator
{
    public string OpType => OpTypes.Softmax;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        return inputShapes[0];
    }

    public IStep Compile(Node node, StepContext context)
    {
        var shape = context.InputShape(0);
        return new Step(context.Input(0), context.Output, shape[^1]);
    }

    private sealed class Step(BufferSlice input, BufferSlice output, int rowLength) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena) => Primitives.Softmax(cpu, arena[input], arena[output], rowLength);
    }
}
