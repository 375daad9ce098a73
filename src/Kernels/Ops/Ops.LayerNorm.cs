using System.Runtime.Intrinsics;
using Toolkit.Kernels.Ops.Internal;
using Toolkit.Kernels.Threading;

namespace Toolkit.Kernels.Ops;

public static partial class Primitives
{
    /// <summary>
    /// Layer normalization over the last axis of x viewed as [rows × gamma.Length], as BERT uses it:
    /// y = (x − mean) / √(variance + epsilon) · gamma + beta, with the biased (1/n) variance computed in two passes.
    /// Rows run in parallel on the context's threads; x and destination may be the same span.
    /// </summary>
    /// <exception cref="ArgumentException">A length does not match, or epsilon is negative.</exception>
    public static unsafe void LayerNorm(CpuContext cpu, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon, Span<float> destination)
    {
        var rowLength = gamma.Length;
        Guard.Positive(rowLength, "gamma.Length");
        Guard.Length(beta.Length, rowLength, nameof(beta), "the length of gamma");
        Guard.Length(destination.Length, x.Length, nameof(destination), "the length of x");
        Guard.NoPartialOverlap(x, destination, nameof(destination));
        if (x.Length % rowLength != 0)
        {
            throw new ArgumentException($"x has length {x.Length}; expected a multiple of gamma's length {rowLength}.", nameof(x));
        }

        if (!(epsilon >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"epsilon must be zero or positive; received {epsilon}.");
        }

        var rows = x.Length / rowLength;
        fixed (float* input = x)
        fixed (float* output = destination)
        fixed (float* scale = gamma)
        fixed (float* shift = beta)
        {
            var arguments = new LayerNormArguments { Input = input, Output = output, Gamma = scale, Beta = shift, RowLength = rowLength, Epsilon = epsilon };
            switch (cpu.Isa)
            {
                case Isa.Avx512:
                    cpu.For(rows, new LayerNormRows<Simd512, Vector512<float>>(arguments));
                    break;
                case Isa.Avx2:
                    cpu.For(rows, new LayerNormRows<Simd256, Vector256<float>>(arguments));
                    break;
                case Isa.Vector128:
                    cpu.For(rows, new LayerNormRows<Simd128, Vector128<float>>(arguments));
                    break;
                default:
                    cpu.For(rows, new LayerNormRows<SimdScalar, float>(arguments));
                    break;
            }
        }
    }

    private unsafe struct LayerNormArguments
    {
        public float* Input;
        public float* Output;
        public float* Gamma;
        public float* Beta;
        public int RowLength;
        public float Epsilon;
    }

    private readonly unsafe struct LayerNormRows<TSimd, TVector>(LayerNormArguments arguments) : IParallelBody
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        public void Run(int index)
        {
            var n = arguments.RowLength;
            var x = arguments.Input + ((long)index * n);
            var y = arguments.Output + ((long)index * n);
            var gamma = arguments.Gamma;
            var beta = arguments.Beta;
            var mean = RowReductions.Sum<TSimd, TVector>(x, n) / n;
            var variance = RowReductions.SumSquaredDeviation<TSimd, TVector>(x, n, mean) / n;
            var inverseDeviation = 1f / MathF.Sqrt(variance + arguments.Epsilon);

            var meanVector = TSimd.Broadcast(mean);
            var inverseVector = TSimd.Broadcast(inverseDeviation);
            var i = 0;
            for (; i + TSimd.Count <= n; i += TSimd.Count)
            {
                var normalized = TSimd.Multiply(TSimd.Subtract(TSimd.Load(x + i), meanVector), inverseVector);
                TSimd.Store(TSimd.MultiplyAdd(normalized, TSimd.Load(gamma + i), TSimd.Load(beta + i)), y + i);
            }

            for (; i < n; i++)
            {
                y[i] = ((x[i] - mean) * inverseDeviation * gamma[i]) + beta[i];
            }
        }
    }
}
