using Toolkit.Kernels.Tensors;

namespace Toolkit.Kernels.Graph;

/// <summary>
/// A model: named inputs, nodes in execution (topological) order, initializers (weights) and named outputs.
/// Graphs are immutable once built; passes such as batch-norm folding return new graphs.
/// </summary>
public sealed class ModelGraph
{
    public ModelGraph(
        string name,
        IReadOnlyList<TensorSpec> inputs,
        IReadOnlyList<Node> nodes,
        IReadOnlyDictionary<string, Tensor> initializers,
        IReadOnlyList<string> outputs,
        IReadOnlyDictionary<string, PrepackedWeight>? prepacked = null)
    {
        Name = name;
        Inputs = inputs;
        Nodes = nodes;
        Initializers = initializers;
        Outputs = outputs;
        Prepacked = prepacked ?? new Dictionary<string, PrepackedWeight>();
        Validate();
    }

    public string Name { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Weights by name, in insertion order of the builder.</summary>
    public IReadOnlyDictionary<string, Tensor> Initializers { get; }

    public IReadOnlyList<string> Outputs { get; }

    /// <summary>
    /// Weights a mapped model file delivered already packed for one tier (see <see cref="ModelFile.Map"/>); they are
    /// constants like <see cref="Initializers"/>, which do not repeat them. Empty for graphs built or parsed in memory.
    /// </summary>
    public IReadOnlyDictionary<string, PrepackedWeight> Prepacked { get; }

    /// <summary>Total elements of all weights.</summary>
    public long ParameterCount => Initializers.Values.Sum(t => t.Length) + Prepacked.Values.Sum(w => Tensor.ElementCount(w.Shape));

    /// <summary>Total bytes of all weights, unpacked.</summary>
    public long WeightBytes => Initializers.Values.Sum(t => (long)t.Data.Length) + Prepacked.Values.Sum(w => Tensor.ElementCount(w.Shape) * sizeof(float));

    /// <summary>Every value is defined once, before it is read, and every output is defined.</summary>
    private void Validate()
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Inputs.Select(i => i.Name).Concat(Initializers.Keys).Concat(Prepacked.Keys))
        {
            if (!defined.Add(name))
            {
                throw new GraphException($"Graph '{Name}': value '{name}' is defined twice.");
            }
        }

        foreach (var node in Nodes)
        {
            foreach (var input in node.Inputs.Where(i => i.Length > 0))
            {
                if (!defined.Contains(input))
                {
                    throw new GraphException($"Graph '{Name}': node '{node.Name}' reads '{input}', which is not defined before it.");
                }
            }

            if (!defined.Add(node.Output))
            {
                throw new GraphException($"Graph '{Name}': value '{node.Output}' written by node '{node.Name}' is defined twice.");
            }
        }

        foreach (var output in Outputs)
        {
            if (!defined.Contains(output))
            {
                throw new GraphException($"Graph '{Name}': output '{output}' is never written.");
            }
        }
    }
}
