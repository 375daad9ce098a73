using Toolkit.Kernels.Convolution;
using Toolkit.Kernels.Quantized;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Quantized;

public class Int8Conv2dTests
{
    /// <summary>Depthwise (stride 1 and 2, channel tails of 16 and 8), pointwise, and im2col convolutions with asymmetric padding.</summary>
    private static readonly Conv2dGeometry[] Geometries =
    [
        new(7, 9, 37, 37, 3, 3, 1, 1, 1, 1, 1, 1, Groups: 37),
        new(8, 8, 16, 16, 3, 3, 2, 2, 0, 0, 1, 1, Groups: 16),
        new(5, 6, 13, 13, 3, 3, 2, 2, 1, 1, 1, 1, Groups: 13),
        new(6, 5, 19, 33, 1, 1),
        new(9, 9, 3, 8, 3, 3, 2, 2, 0, 0, 1, 1),
        new(6, 7, 5, 17, 5, 3, 1, 2, 2, 1, 2, 0),
    ];

    [Theory]
    [MemberData(nameof(Tiers.Int8), MemberType = typeof(Tiers))]
    public void Equals_the_direct_integer_convolution(Int8Isa isa)
    {
        var seed = 70;
        foreach (var g in Geometries)
        {
            foreach (var threads in new[] { 1, 3 })
            {
                using var cpu = CpuContext.Create(Isa.Scalar, threads, isa);
                var x = Int8Reference.Activations(g.InputHeight * g.InputWidth * g.InChannels, seed++);
                var w = Int8Reference.Weights((int)g.WeightCount, seed++, isa);
                var random = new Random(seed++);
                var q = Requantization.Create(g.OutChannels, 0.03f, (byte)random.Next(256),
                    [.. Enumerable.Range(0, g.OutChannels).Select(_ => 0.001f + (0.01f * random.NextSingle()))],
                    [.. Enumerable.Range(0, g.OutChannels).Select(_ => random.NextSingle() - 0.5f)], 0.04f, (byte)random.Next(256), Activation.Relu6);
                using var conv = Int8Conv2d.Prepare(isa, g, w, q);
                var y = new byte[conv.OutputLength];

                conv.Run(cpu, x, y);

                Assert.Equal(Direct(g, x, w, q), y);
            }
        }
    }

    [Fact]
    public void Grouped_convolutions_that_are_not_depthwise_are_refused()
    {
        var g = new Conv2dGeometry(4, 4, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, Groups: 2);
        var q = Requantization.Create(8, 1f, 0, [1f], [], 1f, 0);
        Assert.Throws<NotSupportedException>(() => Int8Conv2d.Prepare(Int8Isa.Scalar, g, new sbyte[g.WeightCount], q));
        Assert.Throws<ArgumentException>(() => Int8Conv2d.Prepare(Int8Isa.Scalar, g with { Groups = 1 }, new sbyte[3], q));
    }

    /// <summary>Σ (x − zₓ)·w over the window, real zeros outside the image, then the requantization written out.</summary>
    private static byte[] Direct(Conv2dGeometry g, byte[] x, sbyte[] w, Requantization q)
    {
        var cinPerGroup = g.InChannels / g.Groups;
        var coutPerGroup = g.OutChannels / g.Groups;
        var y = new byte[g.OutputHeight * g.OutputWidth * g.OutChannels];
        for (var oh = 0; oh < g.OutputHeight; oh++)
        {
            for (var ow = 0; ow < g.OutputWidth; ow++)
            {
                for (var co = 0; co < g.OutChannels; co++)
                {
                    long sum = q.Bias[co];
                    var group = co / coutPerGroup;
                    for (var kh = 0; kh < g.KernelHeight; kh++)
                    {
                        for (var kw = 0; kw < g.KernelWidth; kw++)
                        {
                            var (ih, iw) = ((oh * g.StrideHeight) - g.PadTop + kh, (ow * g.StrideWidth) - g.PadLeft + kw);
                            if (ih < 0 || ih >= g.InputHeight || iw < 0 || iw >= g.InputWidth)
                            {
                                continue;
                            }

                            for (var ci = 0; ci < cinPerGroup; ci++)
                            {
                                var input = x[(((ih * g.InputWidth) + iw) * g.InChannels) + (group * cinPerGroup) + ci];
                                var weight = w[(((((kh * g.KernelWidth) + kw) * cinPerGroup) + ci) * g.OutChannels) + co];
                                sum += (input - q.InputZeroPoint) * weight;
                            }
                        }
                    }

                    var scaled = MathF.Round(checked((int)sum) * q.Multipliers[co], MidpointRounding.ToEven) + q.OutputZeroPoint;
                    y[(((oh * g.OutputWidth) + ow) * g.OutChannels) + co] = (byte)Math.Clamp(scaled, q.Min, q.Max);
                }
            }
        }

        return y;
    }
}
