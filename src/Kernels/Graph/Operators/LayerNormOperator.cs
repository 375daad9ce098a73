using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>LayerNorm over the last axis with constant gamma and beta.</summary>
internal sealed class LayerNormOperator : IOperator
{
    /// <summary>BERT's epsilon, used when the node has none.</summary>
    public const float DefaultEpsilon = 1e-12f;

    public string OpType => OpTypes.LayerNorm;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 3, 3);
        var width = inputShapes[0][^1];
        foreach (var parameter in inputShapes.Skip(1))
        {
            if (parameter.Length != 1 || parameter[0] != width)
            {
                throw new GraphException($"Node '{node.Name}' (LayerNorm): gamma and beta must be [{width}], got [{string.Join(',', parameter)}].");
            }
        }

        return inputShapes[0];
    }

    public IStep Compile(Node node, StepContext context) =>
        new Step(context.Input(0), context.Constant(1), context.Constant(2), node.Attributes.Float("epsilon", DefaultEpsilon), context.Output);

    private sealed class Step(BufferSlice input, float[] gamma, float[] beta, float epsilon, BufferSlice output) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena) => Primitives.LayerNorm(cpu, arena[input], gamma, beta, epsilon, arena[output]);
    }
}
