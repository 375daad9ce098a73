using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>destination[i] = x[i] + y[i]; destination may be x or y itself.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap other than exactly.</exception>
    public static void Add(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        BinaryDriver.Apply<AddOperator>(cpu, x, y, destination);

    /// <summary>
    /// Adds a trailing vector to every row: destination[r, j] = x[r, j] + row[j] for x of shape [rows × row.Length],
    /// as a bias over the channels of an NHWC tensor. destination may be x itself.
    /// </summary>
    /// <exception cref="ArgumentException">x's length is not a multiple of row's, or destination's length differs.</exception>
    public static void AddBroadcast(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination) =>
        RowBroadcast.Apply<AddOperator>(cpu, x, row, destination);
}
