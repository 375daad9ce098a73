using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>destination[i] = x[i] · y[i]; destination may be x or y itself.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or the spans overlap other than exactly.</exception>
    public static void Multiply(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        BinaryDriver.Apply<MultiplyOperator>(cpu, x, y, destination);

    /// <summary>
    /// Scales every row by a trailing vector: destination[r, j] = x[r, j] · row[j] for x of shape [rows × row.Length],
    /// as a per-channel scale over an NHWC tensor. destination may be x itself.
    /// </summary>
    /// <exception cref="ArgumentException">x's length is not a multiple of row's, or destination's length differs.</exception>
    public static void MultiplyBroadcast(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination) =>
        RowBroadcast.Apply<MultiplyOperator>(cpu, x, row, destination);
}
