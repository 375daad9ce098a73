using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph.Operators;

/// <summary>The registry of op types the executor can run.</summary>
internal static class Operators
{
    private static readonly Dictionary<string, IOperator> ByType = new IOperator[]
    {
        new Conv2dOperator(),
        new BatchNormOperator(),
        new ActivationOperator(),
        new GlobalAveragePoolOperator(),
        new ReshapeOperator(),
        new DenseOperator(),
        new SoftmaxOperator(),
        new PoolOperator(OpTypes.MaxPool),
        new PoolOperator(OpTypes.AveragePool),
        new ConcatOperator(),
        new UpsampleOperator(),
        new ElementwiseOperator(OpTypes.Add),
        new ElementwiseOperator(OpTypes.Mul),
        new YoloDetectOperator(),
        new EmbeddingOperator(),
        new LayerNormOperator(),
        new MultiHeadAttentionOperator(),
        new TanhOperator(),
        new SliceOperator(),
        new TransposeOperator(),
        new CastOperator(),
        new QuantizeLinearOperator(OpTypes.QuantizeLinear),
        new QuantizeLinearOperator(OpTypes.DequantizeLinear),
        new QConv2dOperator(),
    }.ToDictionary(o => o.OpType, StringComparer.Ordinal);

    public static IOperator For(Node node) =>
        ByType.TryGetValue(node.OpType, out var op)
            ? op
            : throw new GraphException($"Node '{node.Name}' has op type '{node.OpType}', which the kernels engine does not run; known: {string.Join(", ", ByType.Keys)}.");

    /// <summary>
    /// The element types an arena value may have: Float32 and Int32 fill one 4-byte slot per element, Int64 two.
    /// </summary>
    public static bool IsArenaType(DataType type) => type is DataType.Float32 or DataType.Int32 or DataType.Int64;

    /// <summary>
    /// The element type of an operation whose step reads and writes 4-byte elements (every op type but Transpose and
    /// Cast). An alias (Reshape) keeps its input's type, whatever its width. Any other operation writes Float32 and refuses
    /// an input that is not 4 bytes wide, which its step would misread; Embedding and attention read their Int32 inputs
    /// as bits.
    /// </summary>
    public static DataType FourByteDataType(Node node, IReadOnlyList<DataType> inputTypes, bool aliasesFirstInput)
    {
        if (aliasesFirstInput && inputTypes.Count > 0)
        {
            return inputTypes[0];
        }

        for (var i = 0; i < inputTypes.Count; i++)
        {
            if (inputTypes[i].Size() != sizeof(float))
            {
                throw new GraphException($"Node '{node.Name}' ({node.OpType}): input {i} is {inputTypes[i]}; this operation reads 4-byte elements (Float32 or Int32). Cast it first.");
            }
        }

        return DataType.Float32;
    }

    public static void RequireRank(Node node, int[] shape, int rank, string what)
    {
        if (shape.Length != rank)
        {
            throw new GraphException($"Node '{node.Name}' ({node.OpType}): {what} must have rank {rank}, got [{string.Join(',', shape)}].");
        }
    }

    public static void RequireInputs(Node node, IReadOnlyList<int[]> shapes, int min, int max)
    {
        if (shapes.Count < min || shapes.Count > max)
        {
            throw new GraphException($"Node '{node.Name}' ({node.OpType}) takes {min}–{max} inputs, got {shapes.Count}.");
        }
    }
}
