namespace Toolkit.Kernels.Tensors;

/// <summary>A named input or output of a model: what a host advertises in its metadata and checks requests against.</summary>
public sealed record TensorSpec(string Name, DataType DataType, int[] Shape)
{
    public long ElementCount => Tensor.ElementCount(Shape);

    public long ByteCount => ElementCount * DataType.Size();

    /// <summary>True when <paramref name="tensor"/> has this spec's type and shape.</summary>
    public bool Matches(Tensor tensor) => tensor.DataType == DataType && tensor.Shape.AsSpan().SequenceEqual(Shape);

    /// <summary>Checks that <paramref name="tensors"/> match <paramref name="specs"/> one to one.</summary>
    /// <exception cref="ArgumentException">The count or a tensor's type or shape differs; the message names the tensor.</exception>
    public static void RequireAll(IReadOnlyList<Tensor> tensors, IReadOnlyList<TensorSpec> specs, string role)
    {
        if (tensors.Count != specs.Count)
        {
            throw new ArgumentException($"Expected {specs.Count} {role} tensor(s), got {tensors.Count}.", role + "s");
        }

        for (var i = 0; i < specs.Count; i++)
        {
            if (!specs[i].Matches(tensors[i]))
            {
                throw new ArgumentException($"The {role} '{specs[i].Name}' must be {specs[i].DataType}[{string.Join(',', specs[i].Shape)}], got {tensors[i]}.", role + "s");
            }
        }
    }

    public override string ToString() => $"{Name}: {DataType}[{string.Join(',', Shape)}]";
}
