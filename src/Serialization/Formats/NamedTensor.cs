using Toolkit.Kernels.Tensors;

namespace Toolkit.Serialization.Formats;

/// <summary>A tensor with the input or output name it travels under.</summary>
public sealed record NamedTensor(string Name, Tensor Tensor);
