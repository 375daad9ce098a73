using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>A standalone element-wise activation; the optimizer fuses most of them into the producing convolution.</summary>
internal sealed class ActivationOperator : IOperator
{
    public string OpType => OpTypes.Activation;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        _ = node.Attributes.Activation;
        return inputShapes[0];
    }

    public IStep Compile(Node node, StepContext context) => new Step(context.Input(0), context.Output, node.Attributes.Activation);

    private sealed class Step(BufferSlice input, BufferSlice output, Activation activation) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena) => Primitives.Activate(cpu, activation, arena[input], arena[output]);
    }
}
