namespace Toolkit.Kernels.Tensors;

/// <summary>A named input or output of a model: what a host advertises in its metadata and checks requests against.</summary>
public sealed record TensorSpec(string Name, DataType DataType, int[] Shape)
{
    public long ElementCount => Tensor.ElementCount(Shape);

    public long ByteCount => ElementCount * DataType.Size();

    /// <summary>True when <paramref name="tensor"/> has this spec's type and shape.</summary>
    public bool Matches(Tensor tensor) => tensor.DataType == DataType && tensor.Shape.AsSpan().SequenceEqual(Shape);

    public override string ToString() => $"{Name}: {DataType}[{string.Join(',', Shape)}]";
}
