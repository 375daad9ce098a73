using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// Softmax over the last axis of x viewed as [rows × rowLength]: e^(x − max) / Σ e^(x − max), with each row's max
    /// subtracted first so no exponent overflows. Rows run in parallel on the context's threads; x and destination may be
    /// the same span.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or are not a multiple of <paramref name="rowLength"/>.</exception>
    public static unsafe void Softmax(CpuContext cpu, ReadOnlySpan<float> x, Span<float> destination, int rowLength)
    {
        Guard.Positive(rowLength, nameof(rowLength));
        Guard.Length(destination.Length, x.Length, nameof(destination), "the length of x");
        Guard.NoPartialOverlap(x, destination, nameof(destination));
        if (x.Length % rowLength != 0)
        {
            throw new ArgumentException($"x has length {x.Length}; expected a multiple of rowLength {rowLength}.", nameof(x));
        }

        var rows = x.Length / rowLength;
        fixed (float* input = x)
        fixed (float* output = destination)
        {
            switch (cpu.Isa)
            {
                case Isa.Avx512:
                    cpu.For(rows, new SoftmaxRows<Simd512, Vector512<float>>(input, output, rowLength));
                    break;
                case Isa.Avx2:
                    cpu.For(rows, new SoftmaxRows<Simd256, Vector256<float>>(input, output, rowLength));
                    break;
                case Isa.Vector128:
                    cpu.For(rows, new SoftmaxRows<Simd128, Vector128<float>>(input, output, rowLength));
                    break;
                default:
                    cpu.For(rows, new SoftmaxRows<SimdScalar, float>(input, output, rowLength));
                    break;
            }
        }
    }

    private readonly unsafe struct SoftmaxRows<TSimd, TVector>(float* input, float* output, int rowLength) : IParallelBody
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        public void Run(int index)
        {
            var x = input + ((long)index * rowLength);
            var y = output + ((long)index * rowLength);
            var max = RowReductions.Max<TSimd, TVector>(x, rowLength);
            SoftmaxRow.ExpNormalize<TSimd, TVector>(x, y, rowLength, max);
        }
    }
}
