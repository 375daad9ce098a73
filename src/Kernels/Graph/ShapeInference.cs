using Toolkit.Kernels.Graph.Operators;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph;

/// <summary>Computes the shape and the element type of every value of a graph from its inputs and initializers.</summary>
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

    /// <summary>
    /// The element type of every value: inputs and initializers as declared, each node's output as its operation says
    /// (Cast: its attribute to; Transpose and Reshape: their input's; the others Float32). The plan sizes each value's
    /// arena slice from it. Call after <see cref="Infer"/> has accepted the graph.
    /// </summary>
    /// <exception cref="GraphException">A node cannot take its inputs' types; the message names the node.</exception>
    public static IReadOnlyDictionary<string, DataType> InferDataTypes(ModelGraph graph)
    {
        var types = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs)
        {
            types[input.Name] = input.DataType;
        }

        foreach (var (name, tensor) in graph.Initializers)
        {
            types[name] = tensor.DataType;
        }

        foreach (var name in graph.Prepacked.Keys)
        {
            types[name] = DataType.Float32;
        }

        foreach (var node in graph.Nodes)
        {
            DataType[] inputTypes = [.. node.Inputs.Where(i => i.Length > 0).Select(i => types[i])];
            types[node.Output] = Operators.Operators.For(node).InferDataType(node, inputTypes);
        }

        return types;
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
