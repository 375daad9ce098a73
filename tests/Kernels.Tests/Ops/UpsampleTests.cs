using Toolkit.Kernels.Ops;
using Toolkit.Kernels.Tests.Infrastructure;

namespace Toolkit.Kernels.Tests.Ops;

public class UpsampleTests
{
    [Theory]
    [MemberData(nameof(Tiers.Available), MemberType = typeof(Tiers))]
    public void Every_output_pixel_copies_its_nearest_input_pixel(Isa isa)
    {
        foreach (var threads in new[] { 1, 3 })
        {
            using var cpu = CpuContext.Create(isa, threads);
            foreach (var (height, width, channels, factor) in new[] { (1, 1, 1, 2), (3, 5, 17, 2), (7, 7, 3, 3), (13, 11, 64, 2), (2, 3, 5, 1) })
            {
                var input = TestData.Random(height * width * channels, channels);
                var output = new float[height * width * channels * factor * factor];
                Primitives.UpsampleNearest(cpu, height, width, channels, factor, input, output);

                var expected = new float[output.Length];
                for (var y = 0; y < height * factor; y++)
                {
                    for (var x = 0; x < width * factor; x++)
                    {
                        input.AsSpan((((y / factor) * width) + (x / factor)) * channels, channels)
                            .CopyTo(expected.AsSpan(((y * width * factor) + x) * channels));
                    }
                }

                TestData.AssertIdentical(expected, output, $"Upsample ×{factor} on {isa} x{threads}, {height}×{width}×{channels}");
            }
        }
    }

    [Fact]
    public void Bad_lengths_name_the_argument()
    {
        using var cpu = CpuContext.Create(Isa.Scalar);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => Primitives.UpsampleNearest(cpu, 2, 2, 3, 2, new float[11], new float[48])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Primitives.UpsampleNearest(cpu, 2, 2, 3, 2, new float[12], new float[47])).ParamName);
    }
}
