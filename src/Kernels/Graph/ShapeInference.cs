using Toolkit.Kernels.Graph.Operators;

namespace Toolkit.Kernels.Graph;

/// <summary>Computes the shape of every value of a graph from its input shapes and initializers.</summary>
public static class ShapeInference
{
    /// <exception cref="GraphException">A node's inputs do not fit its operation; the message names the node.</exception>
    public static IReadOnlyDictionary<string, int[]> Infer(ModelGraph graph)
    {
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs)
        {
            shapes[input.Name] = input.Shape;
        }

        foreach (var (name, tensor) in graph.Initializers)
        {
            shapes[name] = tensor.Shape;
        }

        foreach (var (name, weight) in graph.Prepacked)
        {
            shapes[name] = weight.Shape;
        }

        foreach (var node in graph.Nodes)
        {
            var inputShapes = InputShapes(node, shapes);
            shapes[node.Output] = Operators.Operators.For(node).InferShape(node, inputShapes);
        }

        return shapes;
    }

    /// <summary>Multiply-accumulates of one inference, counted from the graph (GFLOPs = 2 · MACs / 1e9).</summary>
    public static long CountMultiplyAccumulates(ModelGraph graph) => MultiplyAccumulatesByNode(graph).Values.Sum();

    /// <summary>Multiply-accumulates of each node of one inference, keyed by the node's output.</summary>
    public static IReadOnlyDictionary<string, long> MultiplyAccumulatesByNode(ModelGraph graph)
    {
        var shapes = Infer(graph);
        return graph.Nodes.ToDictionary(n => n.Output, n => Operators.Operators.For(n).CountMultiplyAccumulates(n, InputShapes(n, shapes), shapes[n.Output]), StringComparer.Ordinal);
    }

    private static int[][] InputShapes(Node node, IReadOnlyDictionary<string, int[]> shapes) =>
        [.. node.Inputs.Where(i => i.Length > 0).Select(i => shapes[i])];
}
