using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// BERT's input embedding, the sum of three table lookups (word[ids], segment[token type ids] and position[0..S)), in
/// whatever order the exporter added them, becomes one embedding node. The position term must be the rows 0, 1, …, S−1
/// of the position table, as our kernel adds position[s] to token s: a Gather of those constant positions, or the
/// constant [1,S,H] that folding made of it.
/// </summary>
internal static class EmbeddingFusion
{
    public static void Run(FusionGraph graph)
    {
        foreach (var add in graph.Nodes.Where(n => n.OpType == "Add").ToList())
        {
            if (Match(graph, add) is { } fused)
            {
                graph.Replace(fused);
            }
        }
    }

    private static OnnxNode? Match(FusionGraph graph, OnnxNode add)
    {
        if (graph.Readers(add.Output).Any(r => r.OpType == "Add"))
        {
            return null; // not the outermost Add of the sum
        }

        var lookups = new List<OnnxNode>();
        var folded = new List<string>();
        if (!Collect(graph, add, lookups, folded) || lookups.Count + folded.Count != 3)
        {
            return null;
        }

        var indexed = lookups.Where(l => graph.IsGraphInput(l.Inputs[1])).OrderByDescending(l => graph.Value(l.Inputs[0]).Shape[0]).ToList();
        if (indexed.Count != 2 || PositionTable(graph, lookups.Except(indexed).SingleOrDefault(), folded.SingleOrDefault(), graph.Value(indexed[0].Inputs[1]).Shape, graph.Value(indexed[0].Inputs[0]).Shape[1]) is not { } positions)
        {
            return null;
        }

        var (word, segment) = (indexed[0], indexed[1]);
        return new OnnxNode(add.Name, FusedOps.Embedding,
            [word.Inputs[1], segment.Inputs[1], word.Inputs[0], positions, segment.Inputs[0]], [add.Output],
            new Dictionary<string, object>(StringComparer.Ordinal));
    }

    /// <summary>The table whose row s is token s's position embedding, or null when the position term is not that.</summary>
    private static string? PositionTable(FusionGraph graph, OnnxNode? lookup, string? folded, int[] idsShape, int hidden)
    {
        var sequence = idsShape[^1];
        if (lookup is not null)
        {
            return graph.Constant(lookup.Inputs[1]) is { } indices && IsPositions(indices, idsShape) ? lookup.Inputs[0] : null;
        }

        // Folded: a constant [1,S,H] or [S,H] holding the rows already.
        return folded is not null && graph.Constant(folded) is { } rows && rows.Length == (long)sequence * hidden && rows.Shape[^2] == sequence
            ? graph.AddConstant($"{folded}/table", ConstantMath.Reshaped(rows, [sequence, hidden]))
            : null;
    }

    /// <summary>The Gathers (axis 0, constant 2-D table) and constants summed by a tree of Adds each read only inside the tree.</summary>
    private static bool Collect(FusionGraph graph, OnnxNode add, List<OnnxNode> lookups, List<string> folded)
    {
        foreach (var input in add.Inputs)
        {
            if (graph.Writer(input, "Gather") is { } gather && gather.Int("axis", 0) == 0 && graph.Constant(gather.Inputs[0]) is { Shape.Length: 2, DataType: DataType.Float32 })
            {
                lookups.Add(gather);
            }
            else if (graph.Constant(input) is { DataType: DataType.Float32, Shape.Length: 2 or 3 })
            {
                folded.Add(input);
            }
            else if (graph.Writer(input, "Add") is not { } inner || graph.Readers(input).Count() != 1 || !Collect(graph, inner, lookups, folded))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPositions(Tensor positions, int[] idsShape)
    {
        var values = ConstantMath.Longs(positions);
        var sequence = idsShape[^1];
        return values.Length == sequence && values.Select((v, i) => v == i).All(b => b) && positions.Shape[^1] == sequence;
    }
}
