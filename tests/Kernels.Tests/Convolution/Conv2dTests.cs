using Toolkit.Kernels;
using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Tests.Gemm;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Convolution;

public class Conv2dTests
{
    /// <summary>3×3 stride 1 and 2 SAME (the latter with Cin = 3, like MobileNetV1's first layer), 1×7 and 7×1
    /// (InceptionV3), 5×5, 1×1 pointwise, 1×1 stride 2, VALID and asymmetric padding, YOLOv5's 6×6 stride-2 stem, a
    /// kernel wider than its image with padding wider than the kernel, and a depth (333) read in place in one block
    /// (19 channels out) or split into two blocks of 167 inside a kernel row (70 channels out: more panels than are
    /// read in place), odd sizes throughout.</summary>
    public static readonly Conv2dGeometry[] Geometries =
    [
        Conv2dGeometry.Same(9, 11, 5, 17, 3, 3, stride: 1),
        Conv2dGeometry.Same(15, 13, 3, 32, 3, 3, stride: 2),
        Conv2dGeometry.Same(8, 9, 7, 33, 1, 7),
        Conv2dGeometry.Same(9, 8, 6, 15, 7, 1),
        Conv2dGeometry.Same(10, 7, 4, 31, 5, 5),
        Conv2dGeometry.Same(7, 9, 33, 65, 1, 1),
        Conv2dGeometry.Same(9, 9, 16, 16, 1, 1, stride: 2),
        new(12, 10, 3, 7, 3, 3),
        new(6, 7, 2, 5, 3, 2, StrideHeight: 2, StrideWidth: 1, PadTop: 2, PadLeft: 0, PadBottom: 1, PadRight: 3),
        Conv2dGeometry.Same(1, 1, 1, 1, 3, 3),
        Conv2dGeometry.Same(17, 16, 31, 64, 3, 3, stride: 2),
        new(13, 11, 3, 9, 6, 6, StrideHeight: 2, StrideWidth: 2, PadTop: 2, PadLeft: 2, PadBottom: 2, PadRight: 2),
        new(3, 4, 5, 6, 7, 7, StrideHeight: 1, StrideWidth: 1, PadTop: 3, PadLeft: 5, PadBottom: 3, PadRight: 5),
        Conv2dGeometry.Same(7, 6, 37, 19, 3, 3),
        Conv2dGeometry.Same(7, 6, 37, 70, 3, 3),
        Conv2dGeometry.Same(9, 31, 37, 70, 3, 3),
        Conv2dGeometry.Same(5, 27, 150, 33, 3, 3),
        Conv2dGeometry.Same(9, 8, 100, 15, 7, 1),
        new(10, 25, 40, 33, 3, 3, PadTop: 2, PadLeft: 0, PadBottom: 1, PadRight: 2),
    ];

    /// <summary>How many of <see cref="Geometries"/>, at the end of the list, read the padded input in place.</summary>
    private const int PaddedInputGeometries = 4;

    [Fact]
    public void Only_the_last_geometries_read_a_padded_copy_of_the_input()
    {
        for (var i = 0; i < Geometries.Length; i++)
        {
            using var conv = Conv2d.Prepare(Isa.Scalar, Geometries[i], new float[Geometries[i].WeightCount]);
            Assert.True(conv.Input == Conv2dInput.PaddedInPlace == i >= Geometries.Length - PaddedInputGeometries, $"{Geometries[i]}");
        }
    }

    public static TheoryData<Isa, int> TierGeometry
    {
        get
        {
            var data = new TheoryData<Isa, int>();
            foreach (var isa in IsaSupport.Available)
            {
                for (var i = 0; i < Geometries.Length; i++)
                {
                    data.Add(isa, i);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TierGeometry))]
    public void Matches_a_direct_double_convolution(Isa isa, int geometryIndex) =>
        AssertMatchesReference(isa, geometryIndex, Conv2dInput.Automatic);

    /// <summary>Each path forced where the automatic choice is the other: a small and a narrow stride-1 geometry read padded, the padded ones gathered.</summary>
    [Theory]
    [MemberData(nameof(TierGeometry))]
    public void Every_input_path_matches_the_direct_convolution(Isa isa, int geometryIndex)
    {
        var g = Geometries[geometryIndex];
        if (g.StrideHeight == 1 && g.StrideWidth == 1 && !g.IsPointwise)
        {
            AssertMatchesReference(isa, geometryIndex, Conv2dInput.PaddedInPlace);
        }

        if (g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 1 && g.StrideWidth == 1 && isa != Isa.Scalar)
        {
            AssertMatchesReference(isa, geometryIndex, Conv2dInput.Winograd);
        }

        AssertMatchesReference(isa, geometryIndex, Conv2dInput.Gathered);
    }

    [Fact]
    public void Large_3x3_stride_1_convolutions_take_the_winograd_path_on_vector_tiers()
    {
        var g = Geometries[^4];
        foreach (var isa in IsaSupport.Available)
        {
            using var conv = Conv2d.Prepare(isa, g, new float[g.WeightCount]);
            Assert.Equal(isa == Isa.Scalar ? Conv2dInput.PaddedInPlace : Conv2dInput.Winograd, conv.Input);
        }
    }

    [Fact]
    public void A_path_the_geometry_cannot_take_is_refused()
    {
        var strided = Conv2dGeometry.Same(8, 8, 4, 4, 3, 3, stride: 2);
        var error = Assert.Throws<ArgumentException>(() => Conv2d.Prepare(Isa.Scalar, strided, new float[strided.WeightCount], Conv2dInput.PaddedInPlace));
        Assert.Contains("stride 1", error.Message, StringComparison.Ordinal);
        var square = Conv2dGeometry.Same(8, 8, 4, 4, 3, 3);
        error = Assert.Throws<ArgumentException>(() => Conv2d.Prepare(Isa.Scalar, square, new float[square.WeightCount], Conv2dInput.InPlace));
        Assert.Contains("1×1", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => Conv2d.Prepare(Isa.Scalar, square, new float[square.WeightCount], Conv2dInput.Winograd));
        Assert.Contains("vector tier", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => Conv2d.Prepare(IsaSupport.Widest, strided, new float[strided.WeightCount], Conv2dInput.Winograd));
        Assert.Contains("3×3 kernel, stride 1", error.Message, StringComparison.Ordinal);
    }

    private static void AssertMatchesReference(Isa isa, int geometryIndex, Conv2dInput path)
    {
        var g = Geometries[geometryIndex];
        var input = GemmReference.Random(g.InputHeight * g.InputWidth * g.InChannels, 100 + geometryIndex);
        var weights = GemmReference.Random((int)g.WeightCount, 200 + geometryIndex);
        var bias = GemmReference.Random(g.OutChannels, 300 + geometryIndex);
        using var cpu = CpuContext.Create(isa);
        using var conv = Conv2d.Prepare(isa, g, weights, path);
        foreach (var activation in new[] { Activation.None, Activation.Relu6, Activation.Silu })
        {
            var output = new float[conv.OutputLength];
            conv.Run(cpu, input, output, activation == Activation.None ? default : bias, activation);
            var (expected, magnitudes) = Reference(g, input, weights, activation == Activation.None ? null : bias, activation);
            var depth = g.KernelHeight * g.KernelWidth * g.InChannels;
            for (var i = 0; i < output.Length; i++)
            {
                var tolerance = WinogradSlack(conv.Input) * GemmReference.Tolerance(depth, magnitudes[i], activation);
                Assert.True(Math.Abs(output[i] - expected[i]) <= tolerance, $"{isa} {conv.Input} {g} {activation}: output[{i}] = {output[i]}, expected {expected[i]} ± {tolerance}.");
            }
        }
    }

    /// <summary>
    /// Winograd's error is not bounded by Σ|x||w| alone: its transforms round sums of up to 16 inputs and 9 weights,
    /// which cancel exactly only in exact arithmetic. Four times the dot product's worst case covers them; a wrong
    /// transform is off by the size of the output itself.
    /// </summary>
    private static double WinogradSlack(Conv2dInput path) => path == Conv2dInput.Winograd ? 4 : 1;

    public static TheoryData<Isa, Conv2dInput> TierPath
    {
        get
        {
            var data = new TheoryData<Isa, Conv2dInput>();
            foreach (var isa in IsaSupport.Available)
            {
                data.Add(isa, Conv2dInput.Gathered);
                data.Add(isa, Conv2dInput.PaddedInPlace);
                if (isa != Isa.Scalar)
                {
                    data.Add(isa, Conv2dInput.Winograd);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TierPath))]
    public void Results_are_bit_identical_on_1_2_and_3_threads(Isa isa, Conv2dInput path)
    {
        // Gathered: 17×16 output pixels, 272 rows split into column blocks on 2 and 3 threads; K = 3·3·31 = 279 spans
        // two depth blocks. Padded input: 12 × 32 rows over the padded width, K = 3·3·40 in three kernel-row blocks.
        // Winograd: 9 × 8 tiles of 40 channels, an odd image width (the last tile column is half outside).
        var g = path switch
        {
            Conv2dInput.PaddedInPlace => Conv2dGeometry.Same(12, 30, 40, 40, 3, 3),
            Conv2dInput.Winograd => Conv2dGeometry.Same(17, 15, 40, 40, 3, 3),
            _ => Conv2dGeometry.Same(17, 16, 31, 40, 3, 3),
        };
        var input = GemmReference.Random(g.InputHeight * g.InputWidth * g.InChannels, 1);
        var weights = GemmReference.Random((int)g.WeightCount, 2);
        var bias = GemmReference.Random(g.OutChannels, 3);
        using var conv = Conv2d.Prepare(isa, g, weights, path);
        Assert.Equal(path, conv.Input);
        float[]? expected = null;
        foreach (var threads in new[] { 1, 2, 3 })
        {
            using var cpu = CpuContext.Create(isa, threads);
            var output = new float[conv.OutputLength];
            conv.Run(cpu, input, output, bias, Activation.Relu);
            if (expected is null)
            {
                expected = output;
            }
            else
            {
                Assert.Equal(expected, output);
            }
        }
    }

    [Fact]
    public void Grouped_convolutions_and_wrong_buffers_are_refused()
    {
        var grouped = Conv2dGeometry.Same(8, 8, 8, 8, 3, 3, groups: 2);
        var error = Assert.Throws<NotSupportedException>(() => Conv2d.Prepare(Isa.Scalar, grouped, new float[grouped.WeightCount]));
        Assert.Contains("Groups = 2", error.Message, StringComparison.Ordinal);

        var g = Conv2dGeometry.Same(4, 4, 2, 3, 3, 3);
        Assert.Throws<ArgumentException>(() => Conv2d.Prepare(Isa.Scalar, g, new float[5]));
        using var conv = Conv2d.Prepare(Isa.Scalar, g, new float[g.WeightCount]);
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Throws<ArgumentException>(() => conv.Run(cpu, new float[31], new float[conv.OutputLength]));
        Assert.Throws<ArgumentException>(() => conv.Run(cpu, new float[conv.InputLength], new float[conv.OutputLength + 1]));
        Assert.Throws<ArgumentException>(() => conv.Run(cpu, new float[conv.InputLength], new float[conv.OutputLength], new float[2]));
        if (IsaSupport.Available.Count > 1)
        {
            using var wide = CpuContext.Create(IsaSupport.Widest);
            Assert.Throws<ArgumentException>(() => conv.Run(wide, new float[conv.InputLength], new float[conv.OutputLength]));
        }
    }

    /// <summary>The convolution by its definition, in double, with Σ|x||w| + |bias| per output for the tolerance.</summary>
    private static (float[] Values, double[] Magnitudes) Reference(Conv2dGeometry g, float[] input, float[] weights, float[]? bias, Activation activation)
    {
        var values = new float[g.OutputHeight * g.OutputWidth * g.OutChannels];
        var magnitudes = new double[values.Length];
        for (var oy = 0; oy < g.OutputHeight; oy++)
        {
            for (var ox = 0; ox < g.OutputWidth; ox++)
            {
                for (var co = 0; co < g.OutChannels; co++)
                {
                    double sum = bias?[co] ?? 0, magnitude = Math.Abs(bias?[co] ?? 0);
                    for (var ky = 0; ky < g.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < g.KernelWidth; kx++)
                        {
                            int iy = (oy * g.StrideHeight) - g.PadTop + ky, ix = (ox * g.StrideWidth) - g.PadLeft + kx;
                            if (iy < 0 || iy >= g.InputHeight || ix < 0 || ix >= g.InputWidth)
                            {
                                continue;
                            }

                            for (var ci = 0; ci < g.InChannels; ci++)
                            {
                                var product = (double)input[(((iy * g.InputWidth) + ix) * g.InChannels) + ci] *
                                              weights[(((((ky * g.KernelWidth) + kx) * g.InChannels) + ci) * g.OutChannels) + co];
                                sum += product;
                                magnitude += Math.Abs(product);
                            }
                        }
                    }

                    var index = (((oy * g.OutputWidth) + ox) * g.OutChannels) + co;
                    values[index] = (float)GemmReference.Apply(sum, activation);
                    magnitudes[index] = magnitude;
                }
            }
        }

        return (values, magnitudes);
    }
}
