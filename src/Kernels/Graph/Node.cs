namespace Toolkit.Kernels.Graph;

/// <summary>
/// One operation of a graph. It reads named values (graph inputs, initializers or other nodes' outputs) and writes one
/// value, named <see cref="Output"/>. An empty input name stands for an omitted optional input.
/// </summary>
public sealed record Node(string Name, string OpType, IReadOnlyList<string> Inputs, string Output, NodeAttributes Attributes)
{
    /// <summary>The input at <paramref name="index"/>, or null when it is absent or omitted.</summary>
    public string? OptionalInput(int index) => index < Inputs.Count && Inputs[index].Length > 0 ? Inputs[index] : null;

    public override string ToString() => $"{Name} = {OpType}({string.Join(", ", Inputs)}) {{{Attributes}}}";
}
