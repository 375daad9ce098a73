using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class GlobalAveragePoolTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Matches_the_double_mean_of_each_channel(Isa isa)
    {
        using var cpu = CpuContext.Create(isa);
        foreach (var (height, width) in new[] { (1, 1), (3, 5), (7, 7), (13, 11) })
        {
            foreach (var channels in new[] { 1, 3, 5, 15, 16, 17, 33, 64, 1024 })
            {
                var input = TestData.Random(height * width * channels, channels);
                var output = new float[channels];
                Primitives.GlobalAveragePool(cpu, height, width, channels, input, output);

                var pixels = height * width;
                var expected = new double[channels];
                for (var p = 0; p < pixels; p++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        expected[c] += input[(p * channels) + c] / (double)pixels;
                    }
                }

                // A float sum of n terms within 4 is off by at most n·2^-24·4n; divided by n, plus half an ulp.
                TestData.AssertClose(expected, output, _ => (pixels + 1) * TestData.UnitRoundoff * 4.0, $"GlobalAveragePool on {isa}, {height}×{width}×{channels}");
            }
        }
    }

    [Fact]
    public void Bad_lengths_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => Primitives.GlobalAveragePool(cpu, 2, 2, 3, new float[11], new float[3])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.GlobalAveragePool(cpu, 2, 2, 3, new float[12], new float[4])).ParamName);
    }
}
