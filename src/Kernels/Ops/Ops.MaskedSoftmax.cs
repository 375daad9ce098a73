using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// The attention softmax of BERT over the last axis of x viewed as [rows × rowLength]: each row becomes
    /// softmax(x · scale + maskBias), where <paramref name="maskBias"/> (one value per column, shared by every row) is 0
    /// for a real token and a large negative number (BERT: −10000) for padding, so padded keys get weight e^−10000 = 0.
    /// The scaled, biased row is written first and its max subtracted before the exponent, so nothing overflows. Rows run
    /// in parallel on the context's threads; x and destination may be the same span.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match, or x is not a multiple of <paramref name="rowLength"/>.</exception>
    public static unsafe void MaskedSoftmax(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> maskBias, float scale, Span<float> destination, int rowLength)
    {
        Guard.Positive(rowLength, nameof(rowLength));
        Guard.Length(maskBias.Length, rowLength, nameof(maskBias), "one value per column");
        Guard.Length(destination.Length, x.Length, nameof(destination), "the length of x");
        Guard.NoPartialOverlap(x, destination, nameof(destination));
        if (x.Length % rowLength != 0)
        {
            throw new ArgumentException($"x has length {x.Length}; expected a multiple of rowLength {rowLength}.", nameof(x));
        }

        var rows = x.Length / rowLength;
        fixed (float* input = x)
        fixed (float* output = destination)
        fixed (float* bias = maskBias)
        {
            var arguments = new MaskedSoftmaxArguments { Input = input, Output = output, Bias = bias, Scale = scale, RowLength = rowLength };
            switch (cpu.Isa)
            {
                case Isa.Avx512:
                    cpu.For(rows, new MaskedSoftmaxRows<Simd512, Vector512<float>>(arguments));
                    break;
                case Isa.Avx2:
                    cpu.For(rows, new MaskedSoftmaxRows<Simd256, Vector256<float>>(arguments));
                    break;
                case Isa.Vector128:
                    cpu.For(rows, new MaskedSoftmaxRows<Simd128, Vector128<float>>(arguments));
                    break;
                default:
                    cpu.For(rows, new MaskedSoftmaxRows<SimdScalar, float>(arguments));
                    break;
            }
        }
    }

    private unsafe struct MaskedSoftmaxArguments
    {
        public float* Input;
        public float* Output;
        public float* Bias;
        public float Scale;
        public int RowLength;
    }

    private readonly unsafe struct MaskedSoftmaxRows<TSimd, TVector>(MaskedSoftmaxArguments arguments) : IParallelBody
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        public void Run(int index)
        {
            var n = arguments.RowLength;
            var x = arguments.Input + ((long)index * n);
            var y = arguments.Output + ((long)index * n);
            var bias = arguments.Bias;

            // Pass 1: y = x · scale + bias, and the row's max. A multiply then an add, not a fused multiply-add, so every
            // tier (and ONNX Runtime's Mul then Add) rounds alike.
            var scale = TSimd.Broadcast(arguments.Scale);
            var maxVector = TSimd.Broadcast(float.NegativeInfinity);
            var i = 0;
            for (; i + TSimd.Count <= n; i += TSimd.Count)
            {
                var z = TSimd.Add(TSimd.Multiply(TSimd.Load(x + i), scale), TSimd.Load(bias + i));
                TSimd.Store(z, y + i);
                maxVector = TSimd.Max(maxVector, z);
            }

            var max = TSimd.MaxLanes(maxVector);
            for (; i < n; i++)
            {
                var z = (x[i] * arguments.Scale) + bias[i];
                y[i] = z;
                max = MathF.Max(max, z);
            }

            // Passes 2 and 3: y = e^(y − max) / sum, in place.
            SoftmaxRow.ExpNormalize<TSimd, TVector>(y, y, n, max);
        }
    }
}
