using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Add and Mul of two computed values of the same shape (YOLOv5's bottleneck residual is an Add). No broadcasting: a
/// per-channel scale or bias after a convolution is folded into it instead.
/// </summary>
internal sealed class ElementwiseOperator(string opType) : IOperator
{
    public string OpType => opType;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 2, 2);
        if (!inputShapes[0].SequenceEqual(inputShapes[1]))
        {
            throw new GraphException($"Node '{node.Name}' ({node.OpType}): input shapes must be equal; got [{string.Join(',', inputShapes[0])}] and [{string.Join(',', inputShapes[1])}].");
        }

        return inputShapes[0];
    }

    public IStep Compile(Node node, StepContext context) => new Step(context.Input(0), context.Input(1), context.Output, opType == OpTypes.Mul);

    private sealed class Step(BufferSlice left, BufferSlice right, BufferSlice output, bool multiply) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            if (multiply)
            {
                Primitives.Multiply(cpu, arena[left], arena[right], arena[output]);
            }
            else
            {
                Primitives.Add(cpu, arena[left], arena[right], arena[output]);
            }
        }
    }
}
