using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph;

/// <summary>Builds a <see cref="ModelGraph"/> node by node; names are made unique with a per-op counter.</summary>
public sealed class GraphBuilder(string name)
{
    private readonly List<TensorSpec> inputs = [];
    private readonly List<Node> nodes = [];
    private readonly Dictionary<string, Tensor> initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> counters = new(StringComparer.Ordinal);

    public string Input(string inputName, DataType dataType, params int[] shape)
    {
        inputs.Add(new TensorSpec(inputName, dataType, shape));
        return inputName;
    }

    public string Initializer(string initializerName, Tensor value)
    {
        initializers.Add(initializerName, value);
        return initializerName;
    }

    /// <summary>Adds a node and returns the name of the value it writes (the node's own name).</summary>
    public string Add(string opType, IReadOnlyList<string> nodeInputs, NodeAttributes? attributes = null, string? nodeName = null)
    {
        nodeName ??= UniqueName(opType);
        nodes.Add(new Node(nodeName, opType, nodeInputs, nodeName, attributes ?? NodeAttributes.Empty));
        return nodeName;
    }

    /// <summary>A fresh name <c>prefix_N</c>.</summary>
    public string UniqueName(string prefix)
    {
        counters.TryGetValue(prefix, out var count);
        counters[prefix] = count + 1;
        return $"{prefix}_{count}";
    }

    public ModelGraph Build(params string[] outputs) => new(name, [.. inputs], [.. nodes], new Dictionary<string, Tensor>(initializers), outputs);
}
