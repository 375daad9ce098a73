using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// Average pooling of one NHWC image. By default each window divides by its count of input pixels, excluding
    /// padding (TensorFlow SAME, ONNX count_include_pad = 0); with <paramref name="countIncludePad"/> it divides by
    /// KernelHeight × KernelWidth. Output rows run in parallel.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a length does not match it.</exception>
    public static void AveragePool(CpuContext cpu, in PoolGeometry geometry, ReadOnlySpan<float> input, Span<float> destination, bool countIncludePad = false) =>
        Pool(cpu, geometry, countIncludePad ? PoolKind.AverageIncludePad : PoolKind.Average, input, destination);
}
