namespace Toolkit.Serialization.Formats;

/// <summary>What every wire format carries: the model's name and its named input (request) or output (response) tensors.</summary>
public sealed record InferenceMessage(string ModelName, IReadOnlyList<NamedTensor> Tensors)
{
    /// <summary>Total tensor bytes, without any framing.</summary>
    public long TensorBytes => Tensors.Sum(t => t.Tensor.Data.LongLength);

    /// <summary>Total element count.</summary>
    public long ElementCount => Tensors.Sum(t => t.Tensor.Length);
}
