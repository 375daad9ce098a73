using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Ops
{
    /// <summary>
    /// Max pooling of one NHWC image [InputHeight, InputWidth, Channels] into [OutputHeight, OutputWidth, Channels];
    /// padded positions never win (they are skipped, not read as zero). Output rows run in parallel.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a length does not match it.</exception>
    public static void MaxPool(CpuContext cpu, in PoolGeometry geometry, ReadOnlySpan<float> input, Span<float> destination) =>
        Pool(cpu, geometry, PoolKind.Max, input, destination);

    /// <summary>
    /// Average pooling of one NHWC image. By default each window divides by its count of input pixels, excluding
    /// padding (TensorFlow SAME, ONNX count_include_pad = 0); with <paramref name="countIncludePad"/> it divides by
    /// KernelHeight × KernelWidth. Output rows run in parallel.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a length does not match it.</exception>
    public static void AveragePool(CpuContext cpu, in PoolGeometry geometry, ReadOnlySpan<float> input, Span<float> destination, bool countIncludePad = false) =>
        Pool(cpu, geometry, countIncludePad ? PoolKind.AverageIncludePad : PoolKind.Average, input, destination);

    private static unsafe void Pool(CpuContext cpu, PoolGeometry geometry, PoolKind kind, ReadOnlySpan<float> input, Span<float> destination)
    {
        geometry.Validate();
        Guard.Length(input.Length, geometry.InputLength, nameof(input), "InputHeight × InputWidth × Channels");
        Guard.Length(destination.Length, geometry.OutputLength, nameof(destination), "OutputHeight × OutputWidth × Channels");
        if (input.Overlaps(destination))
        {
            throw new ArgumentException("destination overlaps input; pooling cannot run in place.", nameof(destination));
        }

        fixed (float* x = input)
        fixed (float* y = destination)
        {
            var rows = geometry.OutputHeight;
            switch (cpu.Isa)
            {
                case Isa.Avx512:
                    cpu.For(rows, new PoolRows<Simd512, System.Runtime.Intrinsics.Vector512<float>>(geometry, kind, x, y));
                    break;
                case Isa.Avx2:
                    cpu.For(rows, new PoolRows<Simd256, System.Runtime.Intrinsics.Vector256<float>>(geometry, kind, x, y));
                    break;
                case Isa.Vector128:
                    cpu.For(rows, new PoolRows<Simd128, System.Runtime.Intrinsics.Vector128<float>>(geometry, kind, x, y));
                    break;
                default:
                    cpu.For(rows, new PoolRows<SimdScalar, float>(geometry, kind, x, y));
                    break;
            }
        }
    }
}
