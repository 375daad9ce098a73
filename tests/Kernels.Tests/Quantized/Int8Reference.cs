using Toolkit.Kernels.Quantized;

namespace Toolkit.Kernels.Tests.Quantized;

/// <summary>Plain loops the int8 kernels must equal exactly, and seeded operands in each tier's weight range.</summary>
internal static class Int8Reference
{
    public static int[] Multiply(int m, int n, int k, byte[] a, int lda, sbyte[] b, int ldb)
    {
        var c = new int[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                long sum = 0;
                for (var p = 0; p < k; p++)
                {
                    sum += a[(i * lda) + p] * b[(p * ldb) + j];
                }

                c[(i * n) + j] = checked((int)sum);
            }
        }

        return c;
    }

    /// <summary>The requantized output, written out from its definition in double precision where it is exact and in float where the kernel rounds.</summary>
    public static byte[] Requantize(int m, int n, int[] sums, int k, sbyte[] b, int ldb, Requantization q)
    {
        var output = new byte[m * n];
        for (var j = 0; j < n; j++)
        {
            var columnSum = 0;
            for (var p = 0; p < k; p++)
            {
                columnSum += b[(p * ldb) + j];
            }

            for (var i = 0; i < m; i++)
            {
                var value = sums[(i * n) + j] - (q.InputZeroPoint * columnSum) + q.Bias[j];
                var scaled = MathF.Round(value * q.Multipliers[j], MidpointRounding.ToEven) + q.OutputZeroPoint;
                output[(i * n) + j] = (byte)Math.Clamp(scaled, q.Min, q.Max);
            }
        }

        return output;
    }

    public static byte[] Activations(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Weights over the whole range the tier takes: 8 bits for VNNI and the scalar reference, 7 for vpmaddubsw.</summary>
    public static sbyte[] Weights(int length, int seed, Int8Isa isa)
    {
        var random = new Random(seed);
        var (min, max) = Int8IsaSupport.NeedsNarrowWeights(isa) ? (Int8IsaSupport.NarrowWeightMin, Int8IsaSupport.NarrowWeightMax) : (sbyte.MinValue, sbyte.MaxValue);
        var data = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (sbyte)random.Next(min, max + 1);
        }

        return data;
    }
}
