using Toolkit.Kernels.Quantized;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Quantized;

public class Int8GemmTests
{
    /// <summary>
    /// Odd and aligned sizes: every row tail (mod 4 and mod 6), column tail (mod 16, 32 and 64), depth not a multiple
    /// of four (the last group reads into padding), and depths past the row block's L2 budget.
    /// </summary>
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 5, 7), (5, 0, 7), (1, 1, 1), (1, 65, 3), (2, 3, 5), (3, 17, 4), (5, 16, 31), (6, 64, 8), (7, 63, 33),
        (12, 32, 64), (13, 31, 27), (17, 100, 6), (25, 129, 67), (31, 5, 257), (64, 64, 64), (100, 70, 300),
        (250, 33, 2049), (4, 7, 5000),
    ];

    [Theory]
    [MemberData(nameof(Tiers.Int8), MemberType = typeof(Tiers))]
    public void Equals_the_integer_reference_exactly(Int8Isa isa)
    {
        using var cpu = CpuContext.Create(Isa.Scalar, int8: isa);
        var seed = 10;
        foreach (var (m, n, k) in Shapes)
        {
            int lda = k + 3, ldb = n + 5, ldc = n + 2;
            var a = Int8Reference.Activations(Math.Max(m * lda, 1), seed++);
            var b = Int8Reference.Weights(Math.Max(k * ldb, 1), seed++, isa);
            using var packed = Int8Gemm.PackB(isa, b, k, n, ldb);
            var c = new int[Math.Max(m * ldc, 1)];
            Array.Fill(c, int.MinValue);

            Int8Gemm.Multiply(cpu, m, a, lda, packed, c, ldc);

            var expected = Int8Reference.Multiply(m, n, k, a, lda, b, ldb);
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    Assert.True(expected[(i * n) + j] == c[(i * ldc) + j], $"{m}×{n}×{k} at ({i}, {j}): expected {expected[(i * n) + j]}, got {c[(i * ldc) + j]}");
                }

                // The padding between rows of C is never written.
                for (var j = n; j < ldc && (i * ldc) + j < c.Length; j++)
                {
                    Assert.Equal(int.MinValue, c[(i * ldc) + j]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Int8), MemberType = typeof(Tiers))]
    public void Extreme_operands_sum_without_saturating(Int8Isa isa)
    {
        using var cpu = CpuContext.Create(Isa.Scalar, int8: isa);
        const int m = 7, n = 70, k = 4099;
        var (low, high) = Int8IsaSupport.NeedsNarrowWeights(isa) ? (Int8IsaSupport.NarrowWeightMin, Int8IsaSupport.NarrowWeightMax) : (sbyte.MinValue, sbyte.MaxValue);
        var a = new byte[m * k];
        Array.Fill(a, byte.MaxValue);
        var b = new sbyte[k * n];
        for (var i = 0; i < b.Length; i++)
        {
            // Alternate columns of all-minimum and all-maximum weights: every vpmaddubsw pair sits at its extreme.
            b[i] = i % n % 2 == 0 ? low : high;
        }

        using var packed = Int8Gemm.PackB(isa, b, k, n, n);
        var c = new int[m * n];
        Int8Gemm.Multiply(cpu, m, a, k, packed, c, n);

        Assert.Equal(Int8Reference.Multiply(m, n, k, a, k, b, n), c);
        Assert.Equal(255 * low * k, c[0]);
        Assert.Equal(255 * high * k, c[1]);
    }

    [Theory]
    [MemberData(nameof(Tiers.Int8), MemberType = typeof(Tiers))]
    public void Any_thread_count_gives_the_same_integers(Int8Isa isa)
    {
        const int m = 203, n = 197, k = 301;
        var a = Int8Reference.Activations(m * k, 3);
        var b = Int8Reference.Weights(k * n, 4, isa);
        using var packed = Int8Gemm.PackB(isa, b, k, n, n);
        var expected = Int8Reference.Multiply(m, n, k, a, k, b, n);
        foreach (var threads in new[] { 1, 2, 3 })
        {
            using var cpu = CpuContext.Create(Isa.Scalar, threads, isa);
            var c = new int[m * n];
            Int8Gemm.Multiply(cpu, m, a, k, packed, c, n);
            Assert.Equal(expected, c);
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Int8), MemberType = typeof(Tiers))]
    public void Requantized_output_equals_the_reference(Int8Isa isa)
    {
        using var cpu = CpuContext.Create(Isa.Scalar, int8: isa);
        var seed = 40;
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Relu6 })
        {
            foreach (var (m, n, k) in new[] { (1, 1, 1), (7, 13, 5), (13, 70, 33), (64, 129, 300) })
            {
                var a = Int8Reference.Activations(m * k, seed++);
                var b = Int8Reference.Weights(k * n, seed++, isa);
                var random = new Random(seed++);
                var weightScales = Enumerable.Range(0, n).Select(_ => (float)(0.001 + (random.NextDouble() * 0.02))).ToArray();
                var bias = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * 4)).ToArray();
                var q = Requantization.Create(n, 0.02f, (byte)random.Next(256), weightScales, bias, 0.05f + (0.2f * random.NextSingle()), (byte)random.Next(64, 192), activation);
                using var packed = Int8Gemm.PackB(isa, b, k, n, n);
                var c = new byte[m * n];

                Int8Gemm.Multiply(cpu, m, a, k, packed, q, c, n);

                var expected = Int8Reference.Requantize(m, n, Int8Reference.Multiply(m, n, k, a, k, b, n), k, b, n, q);
                Assert.Equal(expected, c);
                if (activation != Activation.None)
                {
                    Assert.All(c, value => Assert.InRange(value, q.Min, q.Max));
                }
            }
        }
    }

    [Fact]
    public void Requantization_maps_real_scales_to_multipliers_bias_and_clamps()
    {
        var q = Requantization.Create(2, 0.5f, 10, [0.25f, 0.125f], [1f, -0.75f], 0.1f, 20, Activation.Relu6);

        Assert.Equal([1.25f, 0.625f], q.Multipliers);
        // bias / (s_a · s_w): 1 / 0.125 = 8 and −0.75 / 0.0625 = −12.
        Assert.Equal([8, -12], q.Bias);
        Assert.Equal(20, q.Min);
        Assert.Equal(80, q.Max); // 6 / 0.1 + 20
        Assert.Throws<ArgumentException>(() => Requantization.Create(2, 0f, 0, [1f, 1f], [], 1f, 0));
        Assert.Throws<ArgumentException>(() => Requantization.Create(3, 1f, 0, [1f, 1f], [], 1f, 0));
        Assert.Throws<NotSupportedException>(() => Requantization.Create(2, 1f, 0, [1f], [], 1f, 0, Activation.Gelu));
    }

    [Theory]
    [MemberData(nameof(Tiers.Int8), MemberType = typeof(Tiers))]
    public void Tiers_that_saturate_refuse_eight_bit_weights(Int8Isa isa)
    {
        var b = new sbyte[] { 1, 2, 3, -65 };
        if (Int8IsaSupport.NeedsNarrowWeights(isa))
        {
            var error = Assert.Throws<ArgumentException>(() => Int8Gemm.PackB(isa, b, 2, 2, 2));
            Assert.Contains("B[1, 1] = -65", error.Message, StringComparison.Ordinal);
        }
        else
        {
            using var packed = Int8Gemm.PackB(isa, b, 2, 2, 2);
            Assert.Equal([4, -63], packed.ColumnSums);
        }
    }

    [Fact]
    public void A_matrix_packed_for_another_tier_is_refused()
    {
        var other = Int8IsaSupport.Available.First(t => t != Int8IsaSupport.Widest);
        using var cpu = CpuContext.Create(Isa.Scalar, int8: Int8IsaSupport.Widest);
        using var packed = Int8Gemm.PackB(other, new sbyte[4], 2, 2, 2);

        var error = Assert.Throws<ArgumentException>(() => Int8Gemm.Multiply(cpu, 1, new byte[2], 2, packed, new int[2], 2));
        Assert.Contains(Int8IsaSupport.Name(other), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_int8_tier_follows_the_context_width()
    {
        using var scalar = CpuContext.Create(Isa.Scalar);
        Assert.Equal(Int8Isa.Scalar, scalar.Int8Isa);
        using var widest = CpuContext.Create();
        Assert.Equal(IsaSupport.Widest == Isa.Avx512 ? Int8IsaSupport.Widest : Int8IsaSupport.For(IsaSupport.Widest), widest.Int8Isa);
        Assert.True(widest.Int8Isa <= (IsaSupport.Widest == Isa.Avx512 ? Int8Isa.Avx512Vnni : Int8Isa.AvxVnni));
        Assert.Equal(Int8Isa.Avx512Vnni, Int8IsaSupport.Parse("AVX512-VNNI"));
        Assert.Throws<ArgumentException>(() => Int8IsaSupport.Parse("avx512vnni"));
    }
}
