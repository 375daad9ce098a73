using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Convolution;

public class DepthwiseConvolutionTests
{
    private static readonly int[] ChannelCounts = [1, 3, 4, 7, 8, 16, 17, 32, 35];

    /// <summary>3×3 stride 1 and 2 with SAME padding on odd sizes (the fast path and its borders), and other kernels (the general path).</summary>
    public static IEnumerable<Conv2dGeometry> Geometries(int c) =>
    [
        Conv2dGeometry.Same(1, 1, c, c, 3, 3, stride: 1, groups: c),
        Conv2dGeometry.Same(3, 5, c, c, 3, 3, stride: 1, groups: c),
        Conv2dGeometry.Same(7, 7, c, c, 3, 3, stride: 2, groups: c),
        Conv2dGeometry.Same(13, 11, c, c, 3, 3, stride: 2, groups: c),
        Conv2dGeometry.Same(13, 11, c, c, 3, 3, stride: 1, groups: c),
        Conv2dGeometry.Same(8, 8, c, c, 3, 3, stride: 2, groups: c), // even input: SAME pads only bottom and right
        new Conv2dGeometry(6, 9, c, c, 3, 3, Groups: c), // VALID: no border at all
        new Conv2dGeometry(9, 7, c, c, 3, 3, 2, 1, PadTop: 2, PadLeft: 0, PadBottom: 1, PadRight: 2, Groups: c), // asymmetric
        Conv2dGeometry.Same(9, 10, c, c, 5, 5, stride: 1, groups: c),
        Conv2dGeometry.Same(9, 10, c, c, 5, 5, stride: 2, groups: c),
        Conv2dGeometry.Same(5, 6, c, c, 1, 1, stride: 1, groups: c),
        new Conv2dGeometry(7, 6, c, c, 2, 3, 1, 2, Groups: c), // rectangular
    ];

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_double_reference_on_every_geometry(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var channels in ChannelCounts)
        {
            foreach (var g in Geometries(channels))
            {
                foreach (var (activation, withBias) in new[] { (Activation.None, true), (Activation.Relu6, true), (Activation.Relu, false) })
                {
                    Check(cpu, g, activation, withBias, $"{isa}, {activation}, bias {withBias}, {g}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Fuses_SiLU_and_GELU(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var activation in new[] { Activation.Silu, Activation.Gelu })
        {
            foreach (var g in Geometries(19))
            {
                Check(cpu, g, activation, withBias: true, $"{isa}, {activation}, {g}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Threads_give_bit_identical_results(Isa isa)
    {
        foreach (var g in new[] { Conv2dGeometry.Same(13, 11, 35, 35, 3, 3, 1, 35), Conv2dGeometry.Same(13, 11, 48, 48, 3, 3, 2, 48), Conv2dGeometry.Same(9, 10, 17, 17, 5, 5, 1, 17) })
        {
            var (input, weights, bias) = Data(g, withBias: true);
            var single = new float[g.OutputHeight * g.OutputWidth * g.OutChannels];
            using (var cpu = CpuContext.Create(isa))
            {
                DepthwiseConvolution.Run(cpu, g, input, weights, bias, Activation.Relu6, single);
            }

            foreach (var threads in new[] { 2, 3 })
            {
                using var cpu = CpuContext.Create(isa, threads);
                var output = new float[single.Length];
                DepthwiseConvolution.Run(cpu, g, input, weights, bias, Activation.Relu6, output);
                TestData.AssertIdentical(single, output, $"{isa} with {threads} threads, {g}");
            }
        }
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        var g = Conv2dGeometry.Same(4, 4, 8, 8, 3, 3, 1, 8);
        float[] input = new float[128], weights = new float[72], bias = new float[8], output = new float[128];
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Run(cpu, g, input.AsSpan(1), weights, bias, Activation.None, output)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Run(cpu, g, input, weights.AsSpan(1), bias, Activation.None, output)).ParamName);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Run(cpu, g, input, weights, bias.AsSpan(1), Activation.None, output)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Run(cpu, g, input, weights, bias, Activation.None, output.AsSpan(1))).ParamName);
        var notDepthwise = Conv2dGeometry.Same(4, 4, 8, 8, 3, 3, 1, 1);
        Assert.Equal("geometry", Assert.Throws<ArgumentException>(() => DepthwiseConvolution.Run(cpu, notDepthwise, input, weights, bias, Activation.None, output)).ParamName);
    }

    private static void Check(CpuContext cpu, Conv2dGeometry g, Activation activation, bool withBias, string context)
    {
        var (input, weights, bias) = Data(g, withBias);
        var output = new float[g.OutputHeight * g.OutputWidth * g.OutChannels];
        DepthwiseConvolution.Run(cpu, g, input, weights, bias, activation, output);
        var (expected, magnitude, preActivation) = Reference(g, input, weights, bias, activation);

        // A chain of k fused or unfused multiply-adds is off by at most (k + 1)·2^-24 times the sum of the magnitudes of
        // its terms; ReLU and ReLU6 cannot enlarge that, and SiLU and GELU (slopes within 1.13) add their own error.
        var taps = g.KernelHeight * g.KernelWidth;
        TestData.AssertClose(
            expected,
            output,
            i => ((taps + 2) * TestData.UnitRoundoff * magnitude[i] * 1.13) + ReferenceMath.ActivationTolerance(activation, preActivation[i], expected[i]),
            context);
    }

    private static (float[] Input, float[] Weights, float[] Bias) Data(Conv2dGeometry g, bool withBias)
    {
        var seed = g.GetHashCode();
        var input = TestData.Random(g.InputHeight * g.InputWidth * g.InChannels, seed, -3f, 3f);
        var weights = TestData.Random(g.KernelHeight * g.KernelWidth * g.InChannels, seed + 1, -1f, 1f);
        var bias = withBias ? TestData.Random(g.InChannels, seed + 2, -1f, 1f) : [];
        return (input, weights, bias);
    }

    private static (double[] Output, double[] Magnitude, double[] PreActivation) Reference(Conv2dGeometry g, float[] input, float[] weights, float[] bias, Activation activation)
    {
        var c = g.InChannels;
        var count = g.OutputHeight * g.OutputWidth * c;
        double[] output = new double[count], magnitude = new double[count], pre = new double[count];
        for (var oy = 0; oy < g.OutputHeight; oy++)
        {
            for (var ox = 0; ox < g.OutputWidth; ox++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    double sum = bias.Length > 0 ? bias[ch] : 0;
                    var size = Math.Abs(sum);
                    for (var ky = 0; ky < g.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < g.KernelWidth; kx++)
                        {
                            var iy = (oy * g.StrideHeight) - g.PadTop + ky;
                            var ix = (ox * g.StrideWidth) - g.PadLeft + kx;
                            if (iy >= 0 && iy < g.InputHeight && ix >= 0 && ix < g.InputWidth)
                            {
                                var term = (double)input[(((iy * g.InputWidth) + ix) * c) + ch] * weights[(((ky * g.KernelWidth) + kx) * c) + ch];
                                sum += term;
                                size += Math.Abs(term);
                            }
                        }
                    }

                    var at = (((oy * g.OutputWidth) + ox) * c) + ch;
                    pre[at] = sum;
                    magnitude[at] = size;
                    output[at] = ReferenceMath.Activate(activation, sum);
                }
            }
        }

        return (output, magnitude, pre);
    }
}
