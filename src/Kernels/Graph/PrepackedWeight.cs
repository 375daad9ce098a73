using Toolkit.Kernels.Gemm;

namespace Toolkit.Kernels.Graph;

/// <summary>
/// A GEMM weight (a convolution's HWIO kernel or a dense layer's [K, N] matrix) that a model file delivered already
/// packed for one ISA tier, so compiling the graph for that tier neither copies nor repacks it. Its logical shape is
/// <see cref="Shape"/>; the matrix is that shape flattened to [product of leading dimensions × last dimension].
/// </summary>
public sealed record PrepackedWeight(int[] Shape, PackedMatrix Matrix)
{
    /// <summary>
    /// A 3×3 kernel's Winograd F(2×2, 3×3) transform packed for the same tier, where the file stored one (for the
    /// convolutions that run that way): the plan uses it as it lies instead of transforming <see cref="Matrix"/> at load.
    /// </summary>
    public PackedMatrix? Winograd { get; init; }

    /// <summary>The GEMM view of a weight shape: K = product of the leading dimensions, N = the last one.</summary>
    public static (int Depth, int Columns) GemmShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return (checked((int)Tensors.Tensor.ElementCount(shape.AsSpan(0, shape.Length - 1))), shape[^1]);
    }
}
