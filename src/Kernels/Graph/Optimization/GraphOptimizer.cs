using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Graph.Operators;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Optimization;

/// <summary>
/// Rewrites a graph as an inference engine would before running it: a batch norm that follows a convolution or dense
/// layer is folded into its weights and bias, and an activation that follows one is fused into its epilogue. Both
/// only apply when the intermediate value has no other reader. The input graph is left unchanged.
/// </summary>
public static class GraphOptimizer
{
    public static ModelGraph Optimize(ModelGraph graph)
    {
        var nodes = graph.Nodes.ToList<Node?>();
        var initializers = new Dictionary<string, Tensor>(graph.Initializers, StringComparer.Ordinal);
        var readers = graph.Nodes.SelectMany(n => n.Inputs).Concat(graph.Outputs)
            .GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        for (var i = 0; i < nodes.Count; i++)
        {
            while (nodes[i] is { OpType: OpTypes.Conv2d or OpTypes.Dense } node && SoleReader(node.Output) is var (j, next))
            {
                if (next.OpType == OpTypes.BatchNorm && node.Attributes.Activation == Activation.None && next.Inputs.Skip(1).Append(node.Inputs[1]).All(initializers.ContainsKey))
                {
                    nodes[i] = FoldBatchNorm(node, next, initializers);
                }
                else if (next.OpType == OpTypes.Activation && node.Attributes.Activation == Activation.None)
                {
                    nodes[i] = node with { Output = next.Output, Attributes = node.Attributes.Clone().Set("activation", next.Attributes.Activation.ToString()) };
                }
                else
                {
                    break;
                }

                nodes[j] = null;
            }
        }

        var kept = nodes.OfType<Node>().ToList();
        var used = kept.SelectMany(n => n.Inputs).ToHashSet(StringComparer.Ordinal);
        var liveInitializers = graph.Initializers.Keys.Concat(initializers.Keys).Distinct(StringComparer.Ordinal)
            .Where(used.Contains).ToDictionary(k => k, k => initializers[k], StringComparer.Ordinal);
        var livePrepacked = graph.Prepacked.Where(kv => used.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);
        return new ModelGraph(graph.Name, graph.Inputs, kept, liveInitializers, graph.Outputs, livePrepacked);

        (int Index, Node Node)? SoleReader(string value)
        {
            if (readers.GetValueOrDefault(value) != 1)
            {
                return null;
            }

            for (var k = 0; k < nodes.Count; k++)
            {
                if (nodes[k] is { } candidate && candidate.Inputs.Contains(value, StringComparer.Ordinal))
                {
                    return (k, candidate);
                }
            }

            return null;
        }
    }

    /// <summary>Folds the batch norm into the producer's weights and bias (see <see cref="BatchNormFolding"/>).</summary>
    private static Node FoldBatchNorm(Node producer, Node batchNorm, Dictionary<string, Tensor> initializers)
    {
        ReadOnlySpan<float> Values(string name) => initializers[name].AsSpan<float>();
        var weights = initializers[producer.Inputs[1]];
        var channels = weights.Shape[^1];
        var foldedWeights = Tensor.Zeros(DataType.Float32, weights.Shape);
        var foldedBias = Tensor.Zeros(DataType.Float32, channels);
        BatchNormFolding.Fold(
            weights.AsSpan<float>(),
            producer.OptionalInput(2) is { } bias ? Values(bias) : default,
            Values(batchNorm.Inputs[1]),
            Values(batchNorm.Inputs[2]),
            Values(batchNorm.Inputs[3]),
            Values(batchNorm.Inputs[4]),
            batchNorm.Attributes.Float("epsilon", BatchNormOperator.DefaultEpsilon),
            foldedWeights.AsSpan<float>(),
            foldedBias.AsSpan<float>());

        var weightName = $"{producer.Name}/weights_folded";
        var biasName = $"{producer.Name}/bias_folded";
        initializers[weightName] = foldedWeights;
        initializers[biasName] = foldedBias;
        return producer with { Inputs = [producer.Inputs[0], weightName, biasName], Output = batchNorm.Output };
    }
}
