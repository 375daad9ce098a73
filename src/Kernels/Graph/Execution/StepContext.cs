using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Execution;

/// <summary>What an operator sees while it compiles one node: shapes, bound buffers, constant weights and the tier.</summary>
internal sealed class StepContext(
    Node node,
    Isa isa,
    IReadOnlyDictionary<string, int[]> shapes,
    IReadOnlyDictionary<string, BufferSlice> buffers,
    IReadOnlyDictionary<string, Tensor> initializers)
{
    public Node Node => node;

    /// <summary>The tier the plan runs at: weights are packed for it.</summary>
    public Isa Isa => isa;

    public int[] OutputShape => shapes[node.Output];

    public BufferSlice Output => buffers[node.Output];

    public int InputCount => node.Inputs.Count;

    public bool HasInput(int index) => node.OptionalInput(index) is not null;

    public int[] InputShape(int index) => shapes[RequireInput(index)];

    /// <summary>The arena slice of a non-constant input.</summary>
    public BufferSlice Input(int index)
    {
        var name = RequireInput(index);
        return buffers.TryGetValue(name, out var slice)
            ? slice
            : throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} '{name}' is a constant; this operation reads it only as a computed value.");
    }

    /// <summary>The float data of a constant (initializer) input.</summary>
    public float[] Constant(int index)
    {
        var name = RequireInput(index);
        return initializers.TryGetValue(name, out var tensor)
            ? tensor.AsSpan<float>().ToArray()
            : throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} '{name}' must be a constant (initializer).");
    }

    /// <summary>The float data of an optional constant input, or null when it is omitted.</summary>
    public float[]? OptionalConstant(int index) => HasInput(index) ? Constant(index) : null;

    private string RequireInput(int index) =>
        node.OptionalInput(index) ?? throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} is missing.");
}
