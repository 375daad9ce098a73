using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

/// <summary>MaxPool and AveragePool against naive loops, on odd sizes and channel counts that hit every channel tail.</summary>
public class PoolTests
{
    private static readonly int[] ChannelCounts = [1, 3, 4, 5, 8, 15, 16, 17, 33, 40];

    public static IEnumerable<PoolGeometry> Geometries(int channels) =>
    [
        PoolGeometry.Same(1, 1, channels, kernel: 1, stride: 1),
        PoolGeometry.Same(3, 5, channels, kernel: 3, stride: 1),
        PoolGeometry.Same(7, 7, channels, kernel: 3, stride: 2),
        PoolGeometry.Same(13, 11, channels, kernel: 3, stride: 2),
        PoolGeometry.Same(13, 11, channels, kernel: 5, stride: 1), // YOLOv5's SPPF: 5×5, stride 1, pad 2
        new PoolGeometry(8, 6, channels, 2, 2, 2, 2), // VALID 2×2 stride 2
        new PoolGeometry(7, 9, channels, 3, 2, 2, 3, PadTop: 0, PadLeft: 1, PadBottom: 2, PadRight: 0), // asymmetric
    ];

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void MaxPool_matches_the_naive_loop(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var channels in ChannelCounts)
        {
            foreach (var g in Geometries(channels))
            {
                var input = TestData.Random((int)g.InputLength, channels);
                var output = new float[g.OutputLength];
                Primitives.MaxPool(cpu, g, input, output);

                // A maximum is exact on every tier.
                var expected = Reference(g, input, average: false, includePad: false);
                TestData.AssertClose(expected, output, _ => 0, $"MaxPool on {isa}, {g}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void AveragePool_matches_the_naive_loop_with_and_without_padding_in_the_count(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var includePad in new[] { false, true })
        {
            foreach (var channels in ChannelCounts)
            {
                foreach (var g in Geometries(channels))
                {
                    var input = TestData.Random((int)g.InputLength, channels);
                    var output = new float[g.OutputLength];
                    Primitives.AveragePool(cpu, g, input, output, includePad);

                    // A float sum of k terms within 4 (|x| ≤ 4) is off by at most k·2^-24·4k; the division adds half an ulp.
                    var taps = g.KernelHeight * g.KernelWidth;
                    var expected = Reference(g, input, average: true, includePad);
                    TestData.AssertClose(expected, output, i => ((taps + 1) * TestData.UnitRoundoff * 4.0) + 1e-12, $"AveragePool(includePad: {includePad}) on {isa}, {g}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Threads_give_bit_identical_results(Isa isa)
    {
        var g = PoolGeometry.Same(13, 11, 35, kernel: 3, stride: 2);
        var input = TestData.Random((int)g.InputLength, 9);
        var single = new float[g.OutputLength];
        var singleAverage = new float[g.OutputLength];
        using (var cpu = CpuContext.Create(isa))
        {
            Primitives.MaxPool(cpu, g, input, single);
            Primitives.AveragePool(cpu, g, input, singleAverage);
        }

        foreach (var threads in new[] { 2, 3 })
        {
            using var cpu = CpuContext.Create(isa, threads);
            var output = new float[g.OutputLength];
            Primitives.MaxPool(cpu, g, input, output);
            TestData.AssertIdentical(single, output, $"MaxPool on {isa} with {threads} threads");
            Primitives.AveragePool(cpu, g, input, output);
            TestData.AssertIdentical(singleAverage, output, $"AveragePool on {isa} with {threads} threads");
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        var g = PoolGeometry.Same(4, 4, 3, kernel: 2, stride: 2);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => Primitives.MaxPool(cpu, g, new float[47], new float[g.OutputLength])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.AveragePool(cpu, g, new float[48], new float[11])).ParamName);
        var padTooLarge = new PoolGeometry(4, 4, 3, 2, 2, PadTop: 2);
        Assert.Contains("PadTop", Assert.Throws<ArgumentException>(() => Primitives.MaxPool(cpu, padTooLarge, new float[48], new float[padTooLarge.OutputLength])).Message, StringComparison.Ordinal);
    }

    private static double[] Reference(PoolGeometry g, float[] input, bool average, bool includePad)
    {
        var output = new double[g.OutputLength];
        var c = g.Channels;
        for (var oy = 0; oy < g.OutputHeight; oy++)
        {
            for (var ox = 0; ox < g.OutputWidth; ox++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    double max = double.NegativeInfinity, sum = 0;
                    var count = 0;
                    for (var ky = 0; ky < g.KernelHeight; ky++)
                    {
                        for (var kx = 0; kx < g.KernelWidth; kx++)
                        {
                            var iy = (oy * g.StrideHeight) - g.PadTop + ky;
                            var ix = (ox * g.StrideWidth) - g.PadLeft + kx;
                            if (iy < 0 || iy >= g.InputHeight || ix < 0 || ix >= g.InputWidth)
                            {
                                continue;
                            }

                            var v = input[(((iy * g.InputWidth) + ix) * c) + ch];
                            max = Math.Max(max, v);
                            sum += v;
                            count++;
                        }
                    }

                    var divisor = includePad ? g.KernelHeight * g.KernelWidth : count;
                    output[(((oy * g.OutputWidth) + ox) * c) + ch] = average ? sum / divisor : max;
                }
            }
        }

        return output;
    }
}
