using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Onnx.Import;

/// <summary>
/// The mutable view fusions work on: the nodes in order, who writes and who reads each value, the constants, and every
/// value's shape. A fusion replaces the node that writes a run's final value with a fused node writing the same value;
/// nodes inside the run that nothing else reads are dropped by <see cref="Finish"/>, so a run whose intermediate values
/// are read elsewhere stays correct.
/// </summary>
internal sealed class FusionGraph
{
    private readonly List<OnnxNode?> nodes;
    private readonly Dictionary<string, int> writers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> readers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> constants;
    private readonly Dictionary<string, OnnxValue> values;
    private readonly OnnxGraph graph;

    public FusionGraph(OnnxGraph graph, IReadOnlyDictionary<string, OnnxValue> values)
    {
        this.graph = graph;
        nodes = [.. graph.Nodes];
        constants = new Dictionary<string, Tensor>(graph.Constants, StringComparer.Ordinal);
        this.values = new Dictionary<string, OnnxValue>(values, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            Index(i);
        }
    }

    public IEnumerable<OnnxNode> Nodes => nodes.OfType<OnnxNode>();

    public OnnxValue Value(string name) => values[name];

    public Tensor? Constant(string? name) => name is not null && constants.TryGetValue(name, out var c) ? c : null;

    /// <summary>The single value of a constant scalar (any shape of one element), or null.</summary>
    public double? Scalar(string? name) => Constant(name) is { Length: 1 } c ? ConstantMath.Values(c)[0] : null;

    public bool IsGraphInput(string name) => graph.Inputs.Any(i => i.Name == name);

    /// <summary>The node that writes <paramref name="value"/>, when it is of <paramref name="opType"/>.</summary>
    public OnnxNode? Writer(string? value, string opType) =>
        value is not null && writers.TryGetValue(value, out var i) && nodes[i] is { } node && node.OpType == opType ? node : null;

    /// <summary>The nodes that read <paramref name="value"/>.</summary>
    public IEnumerable<OnnxNode> Readers(string value) =>
        readers.TryGetValue(value, out var list) ? list.Select(i => nodes[i]).OfType<OnnxNode>() : [];

    /// <summary>The one node reading <paramref name="value"/>, when it is the only reader, of <paramref name="opType"/>, and the value is not a graph output.</summary>
    public OnnxNode? SoleReader(string value, string opType)
    {
        var all = Readers(value).ToList();
        return all.Count == 1 && all[0].OpType == opType && !graph.Outputs.Contains(value) ? all[0] : null;
    }

    /// <summary>For a two-input node, the input other than <paramref name="one"/>, or null when neither input is it.</summary>
    public static string? Other(OnnxNode node, string one) =>
        node.Inputs.Count != 2 ? null : node.Inputs[0] == one ? node.Inputs[1] : node.Inputs[1] == one ? node.Inputs[0] : null;

    public string AddConstant(string name, Tensor value)
    {
        constants[name] = value;
        values[name] = OnnxValue.Of(value);
        return name;
    }

    /// <summary>Records the shape and type of a value a fusion creates.</summary>
    public void Describe(string name, OnnxValue value) => values[name] = value;

    /// <summary>Puts <paramref name="fused"/> (and any <paramref name="before"/> it) where the writer of <paramref name="fused"/>'s output was.</summary>
    public void Replace(OnnxNode fused, params OnnxNode[] before)
    {
        var at = writers[fused.Output];
        nodes[at] = null;
        foreach (var node in before.Append(fused))
        {
            nodes.Insert(at, node);
            Reindex();
            at++;
        }
    }

    /// <summary>The rewritten graph: nodes that no output depends on are dropped, and so are unread constants.</summary>
    public OnnxGraph Finish()
    {
        var live = new HashSet<string>(graph.Outputs, StringComparer.Ordinal);
        var kept = new List<OnnxNode>();
        foreach (var node in Enumerable.Reverse(nodes).OfType<OnnxNode>())
        {
            if (node.Outputs.Any(live.Contains))
            {
                kept.Add(node);
                live.UnionWith(node.Inputs);
            }
        }

        kept.Reverse();
        return graph with { Nodes = kept, Constants = constants.Where(kv => live.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal) };
    }

    public IReadOnlyDictionary<string, OnnxValue> Values => values;

    private void Reindex()
    {
        writers.Clear();
        readers.Clear();
        for (var i = 0; i < nodes.Count; i++)
        {
            Index(i);
        }
    }

    private void Index(int i)
    {
        if (nodes[i] is not { } node)
        {
            return;
        }

        foreach (var output in node.Outputs)
        {
            writers[output] = i;
        }

        foreach (var input in node.Inputs.Where(v => v.Length > 0))
        {
            if (!readers.TryGetValue(input, out var list))
            {
                readers[input] = list = [];
            }

            list.Add(i);
        }
    }
}
