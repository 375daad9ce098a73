using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Quantized;
using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Execution;

/// <summary>What an operator sees while it compiles one node: shapes, element types, bound buffers, constant weights and the tier.</summary>
internal sealed class StepContext(
    Node node,
    CpuContext cpu,
    IReadOnlyDictionary<string, int[]> shapes,
    IReadOnlyDictionary<string, DataType> dataTypes,
    IReadOnlyDictionary<string, BufferSlice> buffers,
    ModelGraph graph)
{
    public Node Node => node;

    /// <summary>The tier the plan runs at: weights are packed for it.</summary>
    public Isa Isa => cpu.Isa;

    /// <summary>The int8 tier the plan's quantized steps run at: their weights are packed for it.</summary>
    public Int8Isa Int8Isa => cpu.Int8Isa;

    public int[] OutputShape => shapes[node.Output];

    public BufferSlice Output => buffers[node.Output];

    public int InputCount => node.Inputs.Count;

    public bool HasInput(int index) => node.OptionalInput(index) is not null;

    public int[] InputShape(int index) => shapes[RequireInput(index)];

    /// <summary>The element type of an input (see <see cref="ShapeInference.InferDataTypes"/>).</summary>
    public DataType InputDataType(int index) => dataTypes[RequireInput(index)];

    public DataType OutputDataType => dataTypes[node.Output];

    /// <summary>The arena slice of a non-constant input.</summary>
    public BufferSlice Input(int index)
    {
        var name = RequireInput(index);
        return buffers.TryGetValue(name, out var slice)
            ? slice
            : throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} '{name}' is a constant; this operation reads it only as a computed value.");
    }

    /// <summary>A copy of the float data of a constant (initializer) input, for a step that keeps it.</summary>
    public float[] Constant(int index) => ConstantView(index).ToArray();

    /// <summary>
    /// The float data of a constant input where it lies, for a step that only reads it while compiling (packing
    /// weights): the model's largest tensors are not copied twice on the way to their packed form.
    /// </summary>
    public ReadOnlySpan<float> ConstantView(int index)
    {
        var name = RequireInput(index);
        return graph.Initializers.TryGetValue(name, out var tensor)
            ? tensor.AsSpan<float>()
            : throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} '{name}' must be a constant (initializer).");
    }

    /// <summary>
    /// A constant input for a step that reads a large table on every run (an embedding), where the graph holds it: the
    /// tensor by reference, or the rows a mapped model file delivered in place, so the model's largest tensor is neither
    /// held twice nor copied at load.
    /// </summary>
    public ConstantTable Table(int index)
    {
        var name = RequireInput(index);
        if (graph.Initializers.TryGetValue(name, out var tensor))
        {
            return new ConstantTable(tensor);
        }

        return graph.Prepacked.TryGetValue(name, out var mapped) && mapped.Matrix.PanelWidth == mapped.Matrix.Columns
            ? new ConstantTable(mapped.Matrix)
            : throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} '{name}' must be a constant (initializer).");
    }

    /// <summary>
    /// A GEMM weight input packed for the plan's tier: the model file's own panels when it delivered them packed for this
    /// tier, else packed now from the constant (see <see cref="PrepackedWeight.GemmShape"/>).
    /// </summary>
    public PackedMatrix GemmWeights(int index)
    {
        var name = RequireInput(index);
        if (!graph.Prepacked.TryGetValue(name, out var prepacked))
        {
            var (depth, columns) = PrepackedWeight.GemmShape(InputShape(index));
            return Sgemm.PackB(Isa, ConstantView(index), depth, columns, columns);
        }

        return prepacked.Matrix.Isa == Isa
            ? prepacked.Matrix
            : throw new GraphException($"Node '{node.Name}' ({node.OpType}): weight '{name}' was mapped packed for {prepacked.Matrix.Isa}, but the plan runs at {Isa}.");
    }

    /// <summary>
    /// A 3×3 kernel's Winograd transform as the model file stored it for the plan's tier, or null when it stored none
    /// (the convolution then transforms <see cref="GemmWeights"/> itself, if it runs that way).
    /// </summary>
    public PackedMatrix? WinogradWeights(int index) =>
        graph.Prepacked.TryGetValue(RequireInput(index), out var prepacked) && prepacked.Winograd is { } transformed && transformed.Isa == Isa ? transformed : null;

    /// <summary>The float data of an optional constant input, or null when it is omitted.</summary>
    public float[]? OptionalConstant(int index) => HasInput(index) ? Constant(index) : null;

    private string RequireInput(int index) =>
        node.OptionalInput(index) ?? throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {index} is missing.");
}
