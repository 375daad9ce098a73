using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Concatenation of two or more values along attribute axis (negative counts from the end); the other dimensions must
/// agree. Inception's branches and YOLOv5's C3, SPPF and neck join along NHWC channels (axis 3); the Detect levels join
/// along boxes (axis 1).
/// </summary>
internal sealed class ConcatOperator : IOperator
{
    public string OpType => OpTypes.Concat;

    public static int Axis(Node node, int rank)
    {
        var axis = node.Attributes.Int("axis");
        var resolved = axis < 0 ? axis + rank : axis;
        return resolved >= 0 && resolved < rank
            ? resolved
            : throw new GraphException($"Node '{node.Name}' (Concat): axis {axis} is outside rank {rank}.");
    }

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 1, int.MaxValue);
        var first = inputShapes[0];
        var axis = Axis(node, first.Length);
        var result = first.ToArray();
        for (var i = 1; i < inputShapes.Count; i++)
        {
            var shape = inputShapes[i];
            if (shape.Length != first.Length || Enumerable.Range(0, first.Length).Any(d => d != axis && shape[d] != first[d]))
            {
                throw new GraphException($"Node '{node.Name}' (Concat): input {i} [{string.Join(',', shape)}] does not match input 0 [{string.Join(',', first)}] outside axis {axis}.");
            }

            result[axis] += shape[axis];
        }

        return result;
    }

    public IStep Compile(Node node, StepContext context)
    {
        var shape = context.OutputShape;
        var axis = Axis(node, shape.Length);
        var outerCount = shape.Take(axis).Aggregate(1, (product, d) => checked(product * d));
        var inputs = Enumerable.Range(0, context.InputCount).Select(context.Input).ToArray();
        return new Step(inputs, context.Output, outerCount);
    }

    private sealed class Step(BufferSlice[] inputs, BufferSlice output, int outerCount) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena)
        {
            var y = arena[output];
            var offset = 0;
            foreach (var input in inputs)
            {
                var x = arena[input];
                Primitives.ConcatInto(cpu, outerCount, x, y, offset);
                offset += x.Length / outerCount;
            }
        }
    }
}
