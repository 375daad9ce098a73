using System.Runtime.InteropServices;
using Toolkit.Kernels.Graph.Execution;
using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>
/// Embedding: ids and segment ids (int32 [N,S], graph inputs whose arena slices hold int bits) gather rows of the word,
/// position and segment tables, summed. The tables stay where the graph holds them, in a mapped file's pages if it was mapped.
/// </summary>
internal sealed class EmbeddingOperator : IOperator
{
    public string OpType => OpTypes.Embedding;

    public int[] InferShape(Node node, IReadOnlyList<int[]> inputShapes)
    {
        Operators.RequireInputs(node, inputShapes, 5, 5);
        var (ids, segments) = (inputShapes[0], inputShapes[1]);
        Operators.RequireRank(node, ids, 2, "the ids");
        if (!ids.SequenceEqual(segments))
        {
            throw new GraphException($"Node '{node.Name}' (Embedding): segment ids must have the ids' shape [{string.Join(',', ids)}], got [{string.Join(',', segments)}].");
        }

        for (var table = 2; table < 5; table++)
        {
            Operators.RequireRank(node, inputShapes[table], 2, $"table {table}");
            if (inputShapes[table][1] != inputShapes[2][1])
            {
                throw new GraphException($"Node '{node.Name}' (Embedding): table {table} must have {inputShapes[2][1]} columns like the word table, got [{string.Join(',', inputShapes[table])}].");
            }
        }

        if (ids[1] > inputShapes[3][0])
        {
            throw new GraphException($"Node '{node.Name}' (Embedding): the sequence of {ids[1]} tokens is longer than the {inputShapes[3][0]} position rows.");
        }

        return [ids[0], ids[1], inputShapes[2][1]];
    }

    public IStep Compile(Node node, StepContext context)
    {
        var ids = context.InputShape(0);
        return new Step(context.Input(0), context.Input(1), context.Table(2), context.Table(3), context.Table(4), context.Output, context.InputShape(2)[1], ids[1]);
    }

    private sealed class Step(BufferSlice ids, BufferSlice segmentIds, ConstantTable words, ConstantTable positions, ConstantTable segments, BufferSlice output, int hidden, int sequenceLength) : IStep
    {
        public void Execute(CpuContext cpu, Arena arena) =>
            Primitives.EmbeddingSum(
                cpu,
                MemoryMarshal.Cast<float, int>(arena[ids]),
                MemoryMarshal.Cast<float, int>(arena[segmentIds]),
                words.Values,
                positions.Values,
                segments.Values,
                hidden,
                sequenceLength,
                arena[output]);
    }
}
