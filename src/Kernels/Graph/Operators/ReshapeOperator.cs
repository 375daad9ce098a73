using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>Reshape: the same elements under a new shape, sharing the input's storage; attribute shape may hold one -1.</summary>
internal sealed class ReshapeOperator : IOperator
{
    public string OpType => OpTypes.Reshape;

    public bool AliasesFirstInput => true;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, 1);
        var count = Tensor.ElementCount(inputShapes[0]);
        var shape = node.Attributes.Ints("shape").ToArray();
        var unknown = Array.IndexOf(shape, -1);
        var known = shape.Where(d => d != -1).Aggregate(1L, (a, d) => a * d);
        if (unknown >= 0 && known > 0 && count % known == 0)
        {
            shape[unknown] = (int)(count / known);
        }

        if (shape.Any(d => d < 0) || Tensor.ElementCount(shape) != count)
        {
            throw new GraphException($"Node '{node.Name}' (Reshape): cannot reshape [{string.Join(',', inputShapes[0])}] to [{string.Join(',', node.Attributes.Ints("shape"))}].");
        }

        return shape;
    }

    public IStep Compile(Node node, StepContext context) =>
        throw new InvalidOperationException("Reshape aliases its input and has no step.");
}
