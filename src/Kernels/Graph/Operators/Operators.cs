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
    }.ToDictionary(o => o.OpType, StringComparer.Ordinal);

    public static IOperator For(Node node) =>
        ByType.TryGetValue(node.OpType, out var op)
            ? op
            : throw new GraphException($"Node '{node.Name}' has op type '{node.OpType}', which the kernels engine does not run; known: {string.Join(", ", ByType.Keys)}.");

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
