using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// Max pooling of one NHWC image [InputHeight, InputWidth, Channels] into [OutputHeight, OutputWidth, Channels];
    /// padded positions never win (they are skipped, not read as zero). Output rows run in parallel.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry is invalid or a length does not match it.</exception>
    public static void MaxPool(CpuContext cpu, in PoolGeometry geometry, ReadOnlySpan<float> input, Span<float> destination) =>
        Pool(cpu, geometry, PoolKind.Max, input, destination);

    /// <summary>Validates and runs one pooling kind over output rows in parallel; shared with AveragePool.</summary>
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
                    cpu.For(rows, new PoolRows<Simd512, Vector512<float>>(geometry, kind, x, y));
                    break;
                case Isa.Avx2:
                    cpu.For(rows, new PoolRows<Simd256, Vector256<float>>(geometry, kind, x, y));
                    break;
                case Isa.Vector128:
                    cpu.For(rows, new PoolRows<Simd128, Vector128<float>>(geometry, kind, x, y));
                    break;
                default:
                    cpu.For(rows, new PoolRows<SimdScalar, float>(geometry, kind, x, y));
                    break;
            }
        }
    }
}
