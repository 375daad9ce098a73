using Toolkit.Kernels;
using Toolkit.Kernels.Gemm;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Gemm;

public class GemmTests
{
    private const float Sentinel = 12345f;

    /// <summary>Aligned and odd sizes from {0, 1, 2, 3, 5, 7, 15, 16, 17, 31, 32, 33, 64, 100, 257}, sampled so every
    /// tile edge (rows mod MR, columns mod NR) and the depth-block boundary (k = 257 > KC) come up; the last two read A
    /// in place at a depth beyond one block (one or two panels).</summary>
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 5, 7), (5, 0, 7), (5, 7, 0), (1, 1, 1), (1, 33, 17), (2, 3, 5), (3, 7, 2), (5, 15, 16), (7, 16, 31),
        (12, 32, 32), (13, 31, 33), (15, 17, 64), (16, 64, 15), (17, 100, 3), (24, 33, 100), (31, 5, 257),
        (32, 257, 7), (33, 2, 64), (64, 64, 64), (100, 31, 17), (257, 17, 33), (257, 33, 257), (1, 257, 257),
        (50, 16, 300), (29, 24, 600),
    ];

    public static TheoryData<Isa, Activation, bool> TierActivationBias
    {
        get
        {
            var data = new TheoryData<Isa, Activation, bool>();
            foreach (var isa in IsaSupport.Available)
            {
                foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Relu6 })
                {
                    data.Add(isa, activation, activation != Activation.Relu);
                }

                data.Add(isa, Activation.None, false);

                // Heavier activations run over the stored tile (TileEpilogue) instead of in the kernel's stores.
                data.Add(isa, Activation.Silu, true);
                data.Add(isa, Activation.Gelu, true);
                data.Add(isa, Activation.Sigmoid, true);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TierActivationBias))]
    public void Matches_the_double_reference_on_odd_and_aligned_sizes(Isa isa, Activation activation, bool withBias)
    {
        using var cpu = CpuContext.Create(isa);
        var seed = 1;
        foreach (var (m, n, k) in Shapes)
        {
            // Leading dimensions wider than the matrices, so strides are never assumed to equal widths.
            int lda = k + 3, ldb = n + 5, ldc = n + 2;
            var a = GemmReference.Random(Math.Max(m * lda, 1), seed++);
            var b = GemmReference.Random(Math.Max(k * ldb, 1), seed++);
            var bias = withBias ? GemmReference.Random(Math.Max(n, 1), seed++) : null;
            // Scale by 4 so ReLU6 clips some values.
            for (var i = 0; i < a.Length; i++)
            {
                a[i] *= 4;
            }

            var c = Enumerable.Repeat(Sentinel, Math.Max(m * ldc, 1)).ToArray();
            Sgemm.Multiply(cpu, m, n, k, a, lda, b, ldb, c, ldc, bias, activation);
            AssertClose(m, n, k, a, lda, b, ldb, bias, activation, c, ldc, $"{isa} {m}x{n}x{k}");
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Prepacked_B_gives_the_same_bits_as_one_shot(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        const int m = 33, n = 100, k = 257;
        var a = GemmReference.Random(m * k, 7);
        var b = GemmReference.Random(k * n, 8);
        var bias = GemmReference.Random(n, 9);
        var oneShot = new float[m * n];
        Sgemm.Multiply(cpu, m, n, k, a, k, b, n, oneShot, n, bias, Activation.Relu6);
        using var packed = Sgemm.PackB(isa, b, k, n, n);
        var prepacked = new float[m * n];
        Sgemm.Multiply(cpu, m, a, k, packed, prepacked, n, bias, Activation.Relu6);
        Assert.Equal(oneShot, prepacked);
    }

    public static TheoryData<Isa, int> TierColumns
    {
        get
        {
            var data = new TheoryData<Isa, int>();
            foreach (var isa in IsaSupport.Available)
            {
                data.Add(isa, 100);
                data.Add(isa, 24);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TierColumns))]
    public void Results_are_bit_identical_on_1_2_and_3_threads(Isa isa, int n)
    {
        // Two row blocks (m > MC, 240 or 480 by tier) and two depth blocks (k > KC = 256), with tile edges both ways;
        // n = 24 is at most two panels on AVX2 and AVX-512, so A is read in place there.
        const int m = 501, k = 300;
        var a = GemmReference.Random(m * k, 11);
        var b = GemmReference.Random(k * n, 12);
        var bias = GemmReference.Random(n, 13);
        float[]? expected = null;
        foreach (var threads in new[] { 1, 2, 3 })
        {
            using var cpu = CpuContext.Create(isa, threads);
            var c = new float[m * n];
            Sgemm.Multiply(cpu, m, n, k, a, k, b, n, c, n, bias, Activation.Relu);
            if (expected is null)
            {
                expected = c;
            }
            else
            {
                Assert.Equal(expected, c);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void A_row_gives_the_same_bits_alone_as_inside_a_full_tile(Isa isa)
    {
        // m = 1 runs through the one-row kernel, m = 24 through full tiles; each element sums in the same order.
        const int m = 24, n = 70, k = 300;
        var a = GemmReference.Random(m * k, 31);
        var b = GemmReference.Random(k * n, 32);
        var bias = GemmReference.Random(n, 33);
        using var cpu = CpuContext.Create(isa);
        var all = new float[m * n];
        Sgemm.Multiply(cpu, m, n, k, a, k, b, n, all, n, bias, Activation.Relu);
        for (var row = 0; row < m; row += 7)
        {
            var one = new float[n];
            Sgemm.Multiply(cpu, 1, n, k, a.AsSpan(row * k, k), k, b, n, one, n, bias, Activation.Relu);
            Assert.Equal(all.AsSpan(row * n, n).ToArray(), one);
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Rows_whose_stride_aliases_in_L1_are_gathered_correctly(Isa isa)
    {
        // A row stride of 1024 floats (4 KiB) sends the driver down its gather path; k = 300 spans two depth blocks.
        const int m = 29, n = 40, k = 300, lda = 1024;
        var a = GemmReference.Random(m * lda, 21);
        var b = GemmReference.Random(k * n, 22);
        var c = new float[m * n];
        using var cpu = CpuContext.Create(isa);
        Sgemm.Multiply(cpu, m, n, k, a, lda, b, n, c, n);
        AssertClose(m, n, k, a, lda, b, n, null, Activation.None, c, n, $"{isa} lda={lda}");
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Zero_depth_gives_the_epilogue_of_the_bias(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        float[] bias = [-1f, 0.5f, 7f];
        var c = new float[6];
        Sgemm.Multiply(cpu, 2, 3, 0, [], 0, [], 3, c, 3, bias, Activation.Relu6);
        Assert.Equal([0f, 0.5f, 6f, 0f, 0.5f, 6f], c);
    }

    [Fact]
    public void A_matrix_packed_for_another_tier_is_refused()
    {
        var other = IsaSupport.Available.First(i => i != IsaSupport.Widest);
        var b = GemmReference.Random(16, 1);
        using var packed = Sgemm.PackB(IsaSupport.Widest, b, 4, 4, 4);
        using var cpu = CpuContext.Create(other);
        var error = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(cpu, 1, new float[4], 4, packed, new float[4], 4));
        Assert.Contains(IsaSupport.Name(IsaSupport.Widest), error.Message, StringComparison.Ordinal);
        Assert.Contains(IsaSupport.Name(other), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_activations_and_short_buffers_are_refused()
    {
        using var cpu = CpuContext.Create();
        foreach (var activation in Enum.GetValues<Activation>().Where(a => !Sgemm.Supports(a)))
        {
            var error = Assert.Throws<NotSupportedException>(() => Sgemm.Multiply(cpu, 1, 1, 1, [1f], 1, [1f], 1, new float[1], 1, default, activation));
            Assert.Contains(activation.ToString(), error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(cpu, 2, 2, 2, new float[3], 2, new float[4], 2, new float[4], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Multiply(cpu, 2, 2, 2, new float[4], 1, new float[4], 2, new float[4], 2));
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(cpu, 2, 2, 2, new float[4], 2, new float[4], 2, new float[4], 2, new float[1]));
    }

    private static void AssertClose(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[]? bias, Activation activation, float[] c, int ldc, string label)
    {
        var (expected, magnitudes) = GemmReference.Multiply(m, n, k, a, lda, b, ldb, bias, activation);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < ldc; j++)
            {
                var actual = c[(i * ldc) + j];
                if (j >= n)
                {
                    Assert.True(actual == Sentinel, $"{label}: C[{i},{j}] beyond the {n} columns was overwritten with {actual}.");
                    continue;
                }

                var want = expected[(i * n) + j];
                var tolerance = GemmReference.Tolerance(k, magnitudes[(i * n) + j], activation);
                Assert.True(Math.Abs(actual - want) <= tolerance, $"{label}: C[{i},{j}] = {actual}, expected {want} ± {tolerance}.");
            }
        }
    }
}
